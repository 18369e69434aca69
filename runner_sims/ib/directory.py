"""Which contracts the local TWS knows: qualification by description, lookup by contract id.

A real contract id is permanent: a client that qualified a contract yesterday may ask for
market data by its id today, after TWS restarted in between. The ids here are derived from
the listing itself (``Listing.con_id``), so any id this server ever handed out resolves
again in a fresh process. Two faults stay available on purpose: ``forget`` (the ids handed
out so far are unknown until the contract is qualified again) and ``unlist`` (a product is
not listed at all).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from runner.api.contracts import MONTH_CODES
from runner_plugins.ib.catalog import Listing, match_listings, products
from runner_sims.ib.wire import as_int

log = logging.getLogger(__name__)

YEARS_BACK, YEARS_AHEAD = 5, 12
"""Futures months whose ids resolve: expired contracts a state file may still hold and
every month a client can qualify."""


class Directory:
    def __init__(self, today: Callable[[], date]) -> None:
        self.today = today
        self.unlisted: set[str] = set()  # roots with no contract at all (fault)
        self.forgotten: set[int] = set()  # ids unknown until qualified again (fault)
        self.handed_out: set[int] = set()
        self._by_id: dict[int, Listing] | None = None

    def by_id(self, con_id: int) -> Listing | None:
        if con_id in self.forgotten:
            return None
        listing = self._index().get(con_id)
        if listing is None or listing.product.root in self.unlisted:
            return None
        return listing

    def resolve(self, c: dict[str, str]) -> list[Listing]:
        """Listings matching a request's contract block, as TWS would qualify it."""
        con_id = as_int(c.get("conId", ""))
        if con_id:
            listing = self.by_id(con_id)
            return [] if listing is None else [listing]
        found = [
            listing
            for listing in match_listings(c, self.today())
            if listing.product.root not in self.unlisted
        ]
        for listing in found:
            self.handed_out.add(listing.con_id)
            self.forgotten.discard(listing.con_id)
        return found

    def forget(self) -> None:
        """Fault: the ids handed out so far are unknown until their contracts are qualified
        again (a server that lost its contract cache)."""
        self.forgotten |= self.handed_out
        self.handed_out = set()

    def _index(self) -> dict[int, Listing]:
        if self._by_id is None:
            self._by_id = {}
            year = self.today().year
            for p in products():
                listings = [Listing(p)] if p.undated else []
                for y in range(year - YEARS_BACK, year + YEARS_AHEAD + 1):
                    for m in range(1, 13):
                        if not p.undated and MONTH_CODES[m - 1] in p.spec.months:
                            listings.append(Listing(p, y, m))
                for listing in listings:
                    other = self._by_id.setdefault(listing.con_id, listing)
                    if other != listing:
                        log.warning("contract id %d of %s and %s", listing.con_id, other, listing)
        return self._by_id
