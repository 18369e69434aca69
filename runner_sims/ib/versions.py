"""The TWS API server versions this server speaks, and where a message's layout changes.

A client offers a range (``v157..176`` from ib_insync, ``v157..178`` from ib_async); the
server answers with the highest version both sides know and from then on every message,
in both directions, has the layout of that version. Each constant below is the first
version with the named change; a builder or parser compares the session's version with it.
"""

from __future__ import annotations

MIN_VERSION = 157
"""Oldest version served: both supported client libraries refuse anything older."""
MAX_VERSION = 178
"""Newest version served: the newest either supported client library understands."""

ORDER_DURATION = 159
"""openOrder gains ``duration`` after usePriceMgmtAlgo."""
ORDER_POST_TO_ATS = 160
"""openOrder gains ``postToAts``."""
ORDER_AUTO_CANCEL_PARENT = 162
"""openOrder gains ``autoCancelParent``."""
SUGGESTED_SIZE_INCREMENT = 163
"""contractData ends with ``suggestedSizeIncrement`` (this version only)."""
SIZE_RULES = 164
"""contractData loses its version field and mdSizeMultiplier and ends with minSize,
sizeIncrement, suggestedSizeIncrement."""
ADVANCED_ORDER_REJECT = 166
"""errMsg ends with ``advancedOrderRejectJson``."""
MANUAL_ORDER_TIME = 169
"""cancelOrder carries ``manualCancelOrderTime``; placeOrder carries ``manualOrderTime``."""
PEG_BEST_PEG_MID_OFFSETS = 170
"""openOrder and completedOrder end with minTradeQty, minCompeteSize,
competeAgainstBestOffset, midOffsetAtWhole, midOffsetAtHalf."""
ISSUER_ID = 176
"""reqContractDetails carries ``issuerId``; symbolSamples rows carry description, issuerId."""
FA_PROFILE_DESUPPORT = 177
"""openOrder, completedOrder and placeOrder lose ``faProfile`` (after faPercentage)."""
PENDING_PRICE_REVISION = 178
"""execDetails ends with ``pendingPriceRevision``."""


def negotiate(low: int, high: int) -> int | None:
    """The version to answer a client offering ``low..high`` with, or None to refuse."""
    version = min(high, MAX_VERSION)
    if version < MIN_VERSION or low > MAX_VERSION or version < low:
        return None
    return version
