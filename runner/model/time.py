"""Time on the hot path: integer nanoseconds since the Unix epoch, UTC.

Arithmetic and comparisons per bar never touch datetime; these helpers convert at the edges.
"""

from __future__ import annotations

from datetime import UTC, datetime

NS = 1_000_000_000
MINUTE_NS = 60 * NS


def to_datetime(ts: int) -> datetime:
    """UTC datetime of a nanosecond timestamp (for display and calendars, never the hot path)."""
    return datetime.fromtimestamp(ts / NS, tz=UTC)


def from_datetime(dt: datetime) -> int:
    """Nanoseconds since the epoch of an aware datetime (naive means UTC)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return int(dt.timestamp()) * NS + dt.microsecond * 1000
