"""IB's historical bars as runner bars: one conversion for the feed's warm-up and for
``runner data fetch``, so both read TWS's bar stamps the same way."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from runner.api import NS, Bar


def bar_ts(value: Any) -> int:
    """A bar's start (ns): TWS gives a datetime (formatDate=2, UTC) or, for daily bars, a date."""
    if isinstance(value, datetime):
        dt = value if value.tzinfo else value.replace(tzinfo=UTC)
        return int(dt.timestamp()) * NS
    return int(datetime(value.year, value.month, value.day, tzinfo=UTC).timestamp()) * NS


def bar_of(symbol: str, ts: int, length: int, b: Any) -> Bar:
    """The client library's ``BarData`` ``b`` starting at ``ts``, ``length`` ns long."""
    return Bar(
        symbol,
        ts,
        ts + length,
        float(b.open),
        float(b.high),
        float(b.low),
        float(b.close),
        float(b.volume),
    )
