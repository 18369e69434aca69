"""The "session" filter: trade only inside a daily window of exchange wall-clock time."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, ClassVar
from zoneinfo import ZoneInfo

from pydantic import ConfigDict, Field, field_validator, model_validator

from runner.api import ClockTime, parse_clock_time
from runner.api.base import Params
from runner.api.filter import Filter
from runner.api.zones import zone_name
from runner_plugins.filters._time import NS_PER_DAY, WEEKDAYS, local_date, local_ns, parse_days

if TYPE_CHECKING:
    from runner.api.context import BotContext


class SessionParams(Params):
    model_config = ConfigDict(use_attribute_docstrings=True)

    start: ClockTime
    """Time the window opens, HH:MM or HH:MM:SS in ``timezone``; a bar closing at exactly
    this time is inside the window."""
    end: ClockTime
    """Time the window closes, HH:MM or HH:MM:SS in ``timezone``; a bar closing at exactly
    this time is outside. Earlier than ``start`` means the window runs past midnight (18:00
    to 02:00)."""
    timezone: str | None = None
    """IANA time zone of ``start`` and ``end``; the bot's ``timezone`` when omitted."""
    days: list[str] = Field(default_factory=lambda: list(WEEKDAYS), min_length=1)
    """Weekdays on which the window opens (mon..sun, or ranges such as mon-fri). A window
    past midnight belongs to the day it opens: 18:00-02:00 on fri ends Saturday 02:00."""

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str | None) -> str | None:
        return None if v is None else zone_name(v)

    @field_validator("days")
    @classmethod
    def _days(cls, v: list[str]) -> list[str]:
        parse_days(v)
        return v

    @model_validator(mode="after")
    def _not_empty(self) -> SessionParams:
        if parse_clock_time(self.start) == parse_clock_time(self.end):
            both = self.start if self.start == self.end else f"{self.start} ({self.end})"
            raise ValueError(f"start and end are both {both}: the window would be empty")
        return self


class Session(Filter[SessionParams]):
    """Opens positions only inside a daily window of exchange wall-clock time.

    For example 09:30-16:00 New York time, or the overnight 18:00-02:00; the window
    follows the exchange's clock through daylight-saving changes. Positions already open
    are still managed by exits outside the window.

    ::

        filters:
          - use: session
            start: "09:30"
            end: "16:00"
            timezone: America/New_York
            days: [mon-fri]
    """

    name: ClassVar[str] = "session"
    Params: ClassVar[type[Params]] = SessionParams
    params: SessionParams

    def __init__(self, params: SessionParams) -> None:
        super().__init__(params)
        self._start = parse_clock_time(params.start)
        self._end = parse_clock_time(params.end)
        self._overnight = self._end < self._start
        self._days = parse_days(params.days)
        self._tzname = params.timezone or "UTC"
        self._tz = ZoneInfo(self._tzname)
        self._lo = 0
        self._hi = 0
        self._value = False

    def bind(self, ctx: BotContext) -> None:
        self._tzname = self.params.timezone or ctx.timezone
        self._tz = ZoneInfo(self._tzname)
        self._lo = self._hi = 0

    def allows(self, ctx: BotContext) -> bool:
        now = ctx.now
        if self._lo <= now < self._hi:
            return self._value
        return self.at(now)

    def at(self, now: int) -> bool:
        """The answer for UTC ns ``now``; refreshes the cached range around it."""
        if self._lo <= now < self._hi:
            return self._value
        today = local_date(now, self._tz)
        lo, hi = now, now + 8 * NS_PER_DAY  # no window within: quiet until re-checked
        for k in range(-1, 9):
            day = today + timedelta(days=k)
            if day.weekday() not in self._days:
                continue
            opens = local_ns(day, self._start, self._tzname)
            closes = local_ns(day + timedelta(days=int(self._overnight)), self._end, self._tzname)
            if opens <= now < closes:
                self._lo, self._hi, self._value = opens, closes, True
                return True
            if closes <= now:
                lo = closes  # windows come in time order: the last one that closed
            elif opens > now:
                hi = opens
                break
        self._lo, self._hi, self._value = lo, hi, False
        return False
