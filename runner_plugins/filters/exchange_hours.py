"""The "calendar" filter: trade only while the exchange is open, per exchange_calendars."""

from __future__ import annotations

import functools
import warnings
from typing import TYPE_CHECKING, ClassVar

from pydantic import ConfigDict, Field, field_validator

from runner.api.base import Params
from runner.api.contracts import (
    check_calendar_name,
    exchange_calendar,
    pandas_deprecation,
)
from runner.api.filter import Filter
from runner.api.lazy import lazy_import
from runner_plugins.filters._time import NS_PER_MINUTE

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from runner.api.context import BotContext
else:  # imported when a session table is built, not when the filter is validated
    np = lazy_import("numpy")
    pd = lazy_import("pandas")

_NAT = -(2**63)  # numpy's NaT as an int64: np.iinfo(np.int64).min


class CalendarParams(Params):
    model_config = ConfigDict(use_attribute_docstrings=True)

    calendar: str | None = None
    """exchange_calendars name of the exchange (CMES, COMEX, NYMEX, CBOT, CFE, XNYS ...);
    the calendar of the bot's primary instrument when omitted."""
    minutes_before_close: int = Field(default=0, ge=0, le=24 * 60)
    """Stop opening positions this many minutes before each close, early closes included."""
    minutes_after_open: int = Field(default=0, ge=0, le=24 * 60)
    """Wait this many minutes after each open (and after a mid-session break) before
    opening positions."""

    @field_validator("calendar")
    @classmethod
    def _calendar(cls, v: str | None) -> str | None:
        return None if v is None else check_calendar_name(v)


def _ns(column: pd.Series) -> np.ndarray:
    values = column.dt.tz_convert(None).to_numpy().astype("datetime64[ns]")
    return values.view(np.int64)


@functools.cache
def _session_arrays(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Opens, closes, break starts and break ends as UTC ns, shared by every bot."""
    cal = exchange_calendar(name)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=pandas_deprecation())
        schedule = cal.schedule
    arrays = tuple(_ns(schedule[c]) for c in ("open", "close", "break_start", "break_end"))
    for a in arrays:
        a.flags.writeable = False
    return arrays  # type: ignore[return-value]


class ExchangeCalendar(Filter[CalendarParams]):
    """Opens positions only while the exchange is in session, per its holiday calendar.

    Closed on exchange holidays and after early closes (the day after Thanksgiving,
    Christmas Eve ...); optionally stops some minutes before each close so no position
    is opened into the bell. Sessions and holidays come from exchange_calendars; note
    that its CME calendars (CMES, COMEX, NYMEX, CBOT) model US holidays such as
    Thanksgiving as Globex's noon early close rather than a full closure, and run each
    session 17:00 to 17:00 Chicago without Globex's daily 16:00-17:00 halt: pair this
    filter with a ``session`` filter to keep out of that hour.

    ::

        filters:
          - use: calendar          # the primary instrument's exchange
            minutes_before_close: 15
    """

    name: ClassVar[str] = "calendar"
    Params: ClassVar[type[Params]] = CalendarParams
    params: CalendarParams

    def __init__(self, params: CalendarParams) -> None:
        super().__init__(params)
        self.calendar_name = params.calendar or ""
        self._opens = self._closes = self._bstarts = self._bends = np.empty(0, np.int64)
        self._lo = self._hi = 0
        self._value = False
        if params.calendar:
            self._load(params.calendar)

    def bind(self, ctx: BotContext) -> None:
        name = self.params.calendar or ctx.primary.contract.calendar
        if name != self.calendar_name:
            self._load(name)

    def _load(self, name: str) -> None:
        self.calendar_name = name
        self._opens, self._closes, self._bstarts, self._bends = _session_arrays(name)
        self._lo = self._hi = 0

    def allows(self, ctx: BotContext) -> bool:
        now = ctx.now
        if self._lo <= now < self._hi:
            return self._value
        return self.at(now)

    def _segments(self, i: int) -> list[tuple[int, int]]:
        """Ranges of session ``i`` in which positions may be opened."""
        after = self.params.minutes_after_open * NS_PER_MINUTE
        before = self.params.minutes_before_close * NS_PER_MINUTE
        opens, closes = int(self._opens[i]), int(self._closes[i])
        parts = [(opens, closes)]
        if self._bstarts[i] != _NAT and self._bends[i] != _NAT:
            parts = [(opens, int(self._bstarts[i])), (int(self._bends[i]), closes)]
        # the wait applies after every opening, the stop before the final close
        segs = [(a + after, b) for a, b in parts]
        segs[-1] = (segs[-1][0], segs[-1][1] - before)
        return [(a, b) for a, b in segs if a < b]

    def at(self, now: int) -> bool:
        """The answer for UTC ns ``now``; refreshes the cached range around it."""
        if self._lo <= now < self._hi:
            return self._value
        n = len(self._closes)
        i = int(np.searchsorted(self._closes, now, side="right"))  # first close after now
        if n == 0 or i >= n or (i == 0 and now < self._opens[0]):
            raise ValueError(
                f"{pd.Timestamp(now, tz='UTC')} is outside the {self.calendar_name} calendar"
            )
        # session i is the only one that can contain now; until its close nothing else can
        lo, hi = now, int(self._closes[i])
        for a, b in self._segments(i):
            if a <= now < b:
                self._lo, self._hi, self._value = a, b, True
                return True
            if b <= now:
                lo = b  # segments come in time order: the last one that ended
            else:
                hi = a
                break
        self._lo, self._hi, self._value = lo, hi, False
        return False
