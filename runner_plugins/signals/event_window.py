"""The ``event_window`` signal: trade the reaction to a scheduled release (EIA, CPI, ...)."""

from __future__ import annotations

import difflib
import math
from datetime import datetime, timedelta
from typing import ClassVar, Literal

from apscheduler.triggers.cron import CronTrigger
from pydantic import Field, model_validator

from runner.api import MINUTE_NS, NS
from runner.api.base import MAX_TICKS, Params
from runner.api.context import BotContext
from runner.api.signal import Intent, Signal
from runner_plugins.signals import clock


class EventWindowParams(Params):
    at: dict[str, int | str]
    """When the release happens, as APScheduler cron fields, e.g.
    ``{day_of_week: thu, hour: 10, minute: 30}`` (the EIA natural gas storage report)."""
    timezone: str | None = None
    """IANA time zone of ``at``; the bot's time zone when omitted."""
    after_minutes: int = Field(default=0, ge=0, le=24 * 60)
    """How long to wait after the release before the first entry is allowed."""
    window_minutes: int = Field(default=5, gt=0, le=24 * 60)
    """How long entries stay allowed once the wait is over."""
    direction: Literal["breakout", "fade"] = "breakout"
    """``breakout`` trades the way price moved since the release; ``fade`` the other way."""
    min_move_ticks: int = Field(default=0, ge=0, le=MAX_TICKS)
    """The move since the release must be larger than this many ticks (0 to 100,000)."""
    calendar: str | None = None
    """Business days of whoever publishes the release (XNYS for a US agency such as the
    EIA); without it every day the trigger names is a release day."""
    holiday: Literal["skip", "next_business_day", "previous_business_day"] = "previous_business_day"
    """Where a release that falls on a non-business day of ``calendar`` goes (the EIA
    publishes a day early in a holiday week)."""

    @model_validator(mode="after")
    def _cron(self) -> EventWindowParams:
        clock.check_zone(self.timezone)
        clock.cron(self.at, clock.zone(self.timezone or "UTC"))
        if self.calendar is not None:
            from runner.api.contracts import calendar_names  # no exchange_calendars import

            names = sorted(calendar_names())
            if self.calendar not in names:
                close = difflib.get_close_matches(self.calendar, names, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise ValueError(f"unknown exchange calendar {self.calendar!r}{hint}")
        return self


class EventWindow(Signal[EventWindowParams]):
    """One entry per scheduled release (EIA, CPI), with or against the move it caused.

    The reference price is the close of the bar that ends at the release (within one bar
    of it; without such a bar, for example when the bot starts after the release, that
    release is skipped). From ``after_minutes`` after the release and for
    ``window_minutes``, the first bar whose close is more than ``min_move_ticks`` away from
    the reference gives an intent: the sign of the move for ``breakout``, the opposite for
    ``fade``. Release times come from a real APScheduler CronTrigger, computed once per
    release rather than per bar.
    """

    name: ClassVar[str] = "event_window"
    Params: ClassVar[type[Params]] = EventWindowParams

    def bind(self, ctx: BotContext) -> None:
        p = self.params
        tz = clock.zone(p.timezone or ctx.timezone)
        self._tz = tz
        self._trigger: CronTrigger = clock.cron(p.at, tz)
        self._after = p.after_minutes * MINUTE_NS
        self._span = (p.after_minutes + p.window_minutes) * MINUTE_NS
        self._min_move = p.min_move_ticks * ctx.primary.contract.tick_size
        self._sign = 1 if p.direction == "breakout" else -1
        self._event: float = -math.inf
        self._window_end: float = -math.inf
        self._ref: float | None = None
        self._done = False

    @property
    def next_event(self) -> float:
        """ns of the release being watched (``inf`` when the trigger never fires again)."""
        return self._event

    def _advance(self, now: int) -> None:
        after = now - self._span
        fire = None
        for _ in range(60):  # a release moved into the past: look at the next one
            fire = clock.next_fire(self._trigger, after)
            if fire is None:
                break
            moved = self._business(fire)
            if moved is not None and moved + self._span > now:
                fire = moved
                break
            after = fire
        self._event = math.inf if fire is None else fire
        self._window_end = self._event + self._span
        self._ref = None
        self._done = False

    def _business(self, fire: int) -> int | None:
        """The release time after the holiday rule (None: skipped)."""
        p = self.params
        if p.calendar is None:
            return fire
        from runner.api.contracts import business_day, exchange_calendar

        cal = exchange_calendar(p.calendar)
        when = datetime.fromtimestamp(fire / NS, tz=self._tz)
        if business_day(cal, when):
            return fire
        if p.holiday == "skip":
            return None
        step = timedelta(days=-1 if p.holiday == "previous_business_day" else 1)
        for _ in range(10):
            when = (when + step).astimezone(self._tz)
            if business_day(cal, when):
                break
        local = when.replace(tzinfo=None)  # same wall-clock time on the moved day
        return int(local.replace(tzinfo=self._tz).timestamp()) * NS

    def evaluate(self, ctx: BotContext) -> Intent | None:
        bar = ctx.primary.bar
        if bar is None:
            return None
        now = bar.end
        if now >= self._window_end:
            self._advance(now)
        event = self._event
        if now <= event:
            if event - now < max(bar.end - bar.ts, 1):
                self._ref = bar.close
            else:
                self._ref = None
            return None
        if self._done or self._ref is None or now < event + self._after:
            return None
        move = bar.close - self._ref
        if abs(move) <= self._min_move + 1e-9 * max(1.0, abs(self._ref)):
            return None
        self._done = True
        direction = self._sign * (1 if move > 0 else -1)
        verb = "breakout" if self._sign > 0 else "fade"
        return Intent(direction, 1.0, f"{verb}: moved {move:+g} since the release")
