"""Exchange calendars and business-day arithmetic, built once per calendar per process.

Holidays come from ``exchange_calendars`` rather than hand-written dates, so a new
year's holidays need a library upgrade, not an edit here. Each calendar is built for a
fixed, wide span (backtests reach back decades, rolls look years ahead); asking outside
that span is an error rather than a silently wrong answer.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import warnings
from datetime import date, time
from typing import TYPE_CHECKING, Any

from runner.contracts.calendar_names import calendar_names

if TYPE_CHECKING:
    import exchange_calendars as xc

# exchange_calendars (and pandas, numpy under it) are imported by the functions that build
# a calendar, not here: checking a name must not cost a second of start-up.

SPAN_START = date(1995, 1, 1)
YEARS_AHEAD = 15


def pandas_deprecation() -> type[Warning]:
    """The warning class pandas flags deprecations with (pandas 3: Pandas4Warning)."""
    import pandas as pd

    return getattr(pd.errors, "Pandas4Warning", FutureWarning)


def __getattr__(name: str) -> Any:
    if name == "PANDAS_DEPRECATION":  # imported by name by plugins: resolved on first use
        return pandas_deprecation()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check_calendar_name(name: str) -> str:
    """Return ``name`` if exchange_calendars knows it, else raise with a suggestion."""
    if name in calendar_names():
        return name
    close = difflib.get_close_matches(name, sorted(calendar_names()), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise ValueError(f"unknown exchange calendar {name!r}{hint}")


@functools.cache
def exchange_calendar(name: str) -> xc.ExchangeCalendar:
    """The calendar ``name`` covering SPAN_START to YEARS_AHEAD years from today."""
    import exchange_calendars as xc

    check_calendar_name(name)
    end = date(date.today().year + YEARS_AHEAD, 12, 31)
    with warnings.catch_warnings():
        # exchange_calendars uses pandas APIs that pandas 3 flags as deprecated
        warnings.filterwarnings("ignore", category=pandas_deprecation())
        try:
            return xc.get_calendar(name, start=SPAN_START.isoformat(), end=end.isoformat())
        except (ValueError, xc.errors.DateOutOfBounds):
            # some calendars begin later than SPAN_START: take the library's own start
            return xc.get_calendar(name, end=end.isoformat())


class BusinessDays:
    """Business days of one exchange calendar as sorted day ordinals.

    Expiry rules count business days dozens of times per roll check; binary search over
    a sorted list of ordinals keeps that cheap and avoids pandas on the path.
    """

    __slots__ = ("_days", "first", "last", "name")

    def __init__(self, name: str) -> None:
        cal = exchange_calendar(name)
        self.name = name
        self._days: list[int] = [d.toordinal() for d in cal.sessions.date]
        self.first = date.fromordinal(self._days[0])
        self.last = date.fromordinal(self._days[-1])

    def _check(self, d: date) -> int:
        if not self.first <= d <= self.last:
            raise ValueError(
                f"{d.isoformat()} is outside the {self.name} calendar "
                f"({self.first.isoformat()} to {self.last.isoformat()})"
            )
        return d.toordinal()

    def _at(self, i: int, d: date) -> date:
        if not 0 <= i < len(self._days):
            raise ValueError(
                f"counting business days from {d.isoformat()} leaves the "
                f"{self.name} calendar ({self.first} to {self.last})"
            )
        return date.fromordinal(self._days[i])

    def is_business_day(self, d: date) -> bool:
        o = self._check(d)
        i = bisect.bisect_left(self._days, o)
        return i < len(self._days) and self._days[i] == o

    def on_or_before(self, d: date) -> date:
        """``d`` if it is a business day, else the business day before it."""
        i = bisect.bisect_right(self._days, self._check(d)) - 1
        return self._at(i, d)

    def before(self, d: date, n: int) -> date:
        """The ``n``-th business day strictly before ``d`` (n >= 1); n == 0 is on_or_before."""
        if n == 0:
            return self.on_or_before(d)
        i = bisect.bisect_left(self._days, self._check(d)) - n
        return self._at(i, d)

    def after(self, d: date, n: int) -> date:
        """The ``n``-th business day strictly after ``d`` (n >= 1)."""
        i = bisect.bisect_right(self._days, self._check(d)) + n - 1
        return self._at(i, d)

    def nth_last_of_month(self, year: int, month: int, n: int = 1) -> date:
        """The ``n``-th last business day of a month (n == 1: the last one)."""
        nxt = date(year + month // 12, month % 12 + 1, 1)
        return self.before(nxt, n)


@functools.cache
def business_days(name: str) -> BusinessDays:
    return BusinessDays(name)


@functools.cache
def calendar_timezone(name: str) -> str:
    """The time zone an exchange calendar keeps its sessions in (XNYS: America/New_York).

    Read from the calendar's class when exchange_calendars exposes it, so that checking a
    contract file does not build a calendar (which takes a good part of a second).
    """
    check_calendar_name(name)
    try:
        import exchange_calendars as xc
        from exchange_calendars.calendar_utils import _default_calendar_factories

        cls = _default_calendar_factories.get(xc.resolve_alias(name))
        tz = getattr(cls, "tz", None)
        if tz is not None and not callable(tz) and not isinstance(tz, property):
            return str(tz)
    except (ImportError, AttributeError, KeyError):
        pass
    return str(exchange_calendar(name).tz)


@functools.cache
def calendar_open_time(name: str) -> time | None:
    """The regular open of an exchange calendar's sessions in its own zone (XNYS: 09:30),
    or None when the library does not expose it without building the calendar."""
    check_calendar_name(name)
    try:
        import exchange_calendars as xc
        from exchange_calendars.calendar_utils import _default_calendar_factories

        cls = _default_calendar_factories.get(xc.resolve_alias(name))
        opens = getattr(cls, "open_times", None)
        if opens and isinstance(opens[-1][1], time):
            return opens[-1][1]
    except (ImportError, AttributeError, KeyError, IndexError, TypeError):
        pass
    return None
