"""Holes in the data while the exchange was open: the bot would see no market then.

A night, a weekend or a holiday is no hole: only the time the instrument's exchange
calendar (``exchange_calendars``, the contract table's ``calendar``) has the session open
counts. Thin markets skip quiet minutes, so a hole is reported only beyond a tolerance,
and only as a warning: a halt is real, a lost download looks the same.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from runner.api import NS
from runner.api.contracts import exchange_calendar, get_spec
from runner.api.lazy import lazy_import
from runner_plugins.feeds.symbols import root_of

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:  # imported when bars are checked, not when the feed is listed or validated
    np = lazy_import("numpy")
    pd = lazy_import("pandas")


@dataclass(frozen=True, slots=True)
class Sessions:
    """Open intervals of one calendar as int64 ns arrays (breaks cut out)."""

    opens: np.ndarray
    closes: np.ndarray

    def open_ns(self, start: int, end: int) -> int:
        """How long the exchange was open between ``start`` and ``end``."""
        lo = int(np.searchsorted(self.closes, start, side="right"))
        hi = int(np.searchsorted(self.opens, end, side="left"))
        if hi <= lo:
            return 0
        a = np.maximum(self.opens[lo:hi], start)
        b = np.minimum(self.closes[lo:hi], end)
        return int(np.clip(b - a, 0, None).sum())


@functools.cache
def sessions(calendar: str) -> Sessions:
    cal = exchange_calendar(calendar)
    sched = cal.schedule
    opens = _ns(sched["open"])
    closes = _ns(sched["close"])
    if "break_start" in sched.columns and sched["break_start"].notna().any():
        has = sched["break_start"].notna().to_numpy()
        b_start = _ns(sched["break_start"][has])
        b_end = _ns(sched["break_end"][has])
        # a session with a break is two open intervals: open..break_start, break_end..close
        opens = np.concatenate([opens[~has], opens[has], b_end])
        closes = np.concatenate([closes[~has], b_start, closes[has]])
        order = np.argsort(opens, kind="stable")
        opens, closes = opens[order], closes[order]
    return Sessions(opens, closes)


def _ns(column: pd.Series) -> np.ndarray:
    index = pd.DatetimeIndex(column)
    if index.tz is not None:
        index = index.tz_convert("UTC").tz_localize(None)
    return index.as_unit("ns").asi8.copy()


Part = Callable[[str, int, int], "np.ndarray"]
"""``part("ts", lo, hi)``: rows ``lo:hi`` of the events' times."""


def calendar_of(symbol: str) -> str | None:
    spec = get_spec(root_of(symbol))
    return spec.calendar if spec is not None else None


def session_gaps(
    label: str,
    symbol: str,
    part: Part,
    count: int,
    row_of: Callable[[int], int | None],
    length_ns: int,
    allowed_minutes: int,
) -> str | None:
    """A warning counting the holes longer than ``allowed_minutes`` of open session, or None.

    ``part("ts", lo, hi)`` gives ``count`` event times a range at a time (bar starts, or
    trade times with ``length_ns`` 0), sorted; ``allowed_minutes`` counts whole minutes of
    open session; ``row_of(i)`` is the file row of event ``i``, for the message.
    Symbols outside the contract table have no calendar and are not checked.
    """
    calendar = calendar_of(symbol)
    if calendar is None:
        return None
    holes = _open_gaps(calendar, part, count, length_ns, allowed_minutes)
    if not holes:
        return None
    missing, i, start, end = max((missing, i, start, end) for start, end, missing, i in holes)
    row = row_of(i)
    after = f" after row {row}" if row is not None else ""
    return (
        f"{label}: {len(holes)} gap(s) of more than {allowed_minutes} minutes while the "
        f"{calendar} session of {symbol} was open; the largest: {missing // (60 * NS)} "
        f"open minutes from {_stamp(start)} to {_stamp(end)} UTC{after}. "
        "The bot sees no market in them (set max_gap_minutes to change the tolerance)"
    )


def open_gaps(
    calendar: str, ts: np.ndarray, length_ns: int, allowed_minutes: int
) -> list[tuple[int, int, int, int]]:
    """Every hole of more than ``allowed_minutes`` of open session between events ``ts``
    (sorted ns): (hole start ns, hole end ns, open ns missing, index of the event before)."""
    return _open_gaps(calendar, lambda _, lo, hi: ts[lo:hi], len(ts), length_ns, allowed_minutes)


def _open_gaps(
    calendar: str, part: Part, count: int, length_ns: int, allowed_minutes: int
) -> list[tuple[int, int, int, int]]:
    """:func:`open_gaps` of events read a span at a time (no temporaries of every event)."""
    minute = 60 * NS
    allowed = allowed_minutes * minute
    found = []
    sess: Sessions | None = None
    for lo in range(0, count - 1, _SPAN):
        ts = part("ts", lo, lo + _SPAN + 1)
        for i in np.flatnonzero(np.diff(ts) - length_ns > allowed).tolist():
            start, end = int(ts[i]) + length_ns, int(ts[i + 1])
            sess = sess or sessions(calendar)
            found.extend(_hole(sess, start, end, minute, allowed_minutes, lo + i))
    return found


def _hole(
    sess: Sessions, start: int, end: int, minute: int, allowed_minutes: int, i: int
) -> list[tuple[int, int, int, int]]:
    """The hole after event ``i`` when the exchange was open long enough in it."""
    missing = sess.open_ns(start, end)
    # whole minutes: the last trade of a minute is no bar's end (ticks have no length)
    if missing // minute > allowed_minutes:
        return [(start, end, missing, i)]
    return []


_SPAN = 1 << 20
"""Events whose spacing is looked at in one pass."""


def _stamp(ns: int) -> str:
    return pd.Timestamp(ns, tz="UTC").strftime("%Y-%m-%d %H:%M")
