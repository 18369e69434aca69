"""Time helpers shared by the filters: weekday sets, local wall time to UTC ns.

Clock times themselves ("09:30") are read by :func:`runner.api.parse_clock_time`, the one
rule for every field that takes a time of day.

Filters run on every bar, so they keep answers as half-open UTC ns ranges and only come
here when a bar leaves the cached range, a few times per trading day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from runner.api.lazy import lazy_import

if TYPE_CHECKING:
    import pandas as pd
else:  # imported when a filter computes its sessions, not when it is validated
    pd = lazy_import("pandas")


DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
NS_PER_MINUTE = 60_000_000_000
NS_PER_DAY = 86_400_000_000_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def parse_days(values: list[str]) -> frozenset[int]:
    """Weekday numbers (Monday 0) from names and ranges: ["mon-fri"], ["sun", "mon"]."""
    days: set[int] = set()
    for raw in values:
        token = raw.strip().lower()
        first, _, last = token.partition("-")
        if first not in DAY_NAMES or (last and last not in DAY_NAMES):
            raise ValueError(
                f"{raw!r} is not a weekday or a range of weekdays; use {', '.join(DAY_NAMES)} "
                "or a range such as mon-fri"
            )
        a = DAY_NAMES.index(first)
        b = DAY_NAMES.index(last) if last else a
        days.update((a + k) % 7 for k in range((b - a) % 7 + 1))
    if not days:
        raise ValueError("give at least one weekday")
    return frozenset(days)


def local_ns(day: date, at: time, tz: str) -> int:
    """UTC ns of a wall-clock time in ``tz``.

    A time skipped by a spring-forward change maps to the instant the clocks jump; a time
    repeated by a fall-back change maps to its first occurrence.
    """
    ts = pd.Timestamp(day.year, day.month, day.day, at.hour, at.minute, at.second)
    return int(ts.tz_localize(tz, ambiguous=True, nonexistent="shift_forward").value)


def local_date(ns: int, tz: ZoneInfo) -> date:
    return datetime.fromtimestamp(ns // 1_000_000_000, tz=tz).date()


def to_datetime(ns: int) -> datetime:
    """An aware UTC datetime (microseconds, truncated) for APScheduler."""
    return EPOCH + timedelta(microseconds=ns // 1000)
