"""The ``time_exit`` exit: close after so many bars, or at a clock time."""

from __future__ import annotations

from typing import ClassVar

from apscheduler.triggers.cron import CronTrigger
from pydantic import Field, field_validator, model_validator

from runner.api import ClockTime, parse_clock_time
from runner.api.base import Params
from runner.api.context import BotContext, InstrumentState
from runner.api.exit import Exit, ExitAction
from runner_plugins.signals import clock


class TimeExitParams(Params):
    bars: int | None = Field(default=None, gt=0, le=1_000_000)
    """Close once the position has been open this many bars (1 to 1,000,000)."""
    at: ClockTime | None = None
    """Close at this local time HH:MM or HH:MM:SS (the first one after the entry)."""
    timezone: str | None = None
    """IANA time zone of ``at``; the bot's time zone when omitted."""

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str | None) -> str | None:
        return clock.check_zone(v)

    @model_validator(mode="after")
    def _given(self) -> TimeExitParams:
        if self.bars is None and self.at is None:
            raise ValueError("give bars, at, or both")
        return self


class TimeExit(Exit[TimeExitParams]):
    """Close after N bars in the trade, or at a clock time.

    ``bars`` counts primary bars since the entry bar. ``at`` means the first such time
    strictly after the entry (a position opened at 16:30 with ``at: "15:55"`` closes
    the next day at 15:55); it is found once per trade with an APScheduler trigger.
    """

    name: ClassVar[str] = "time_exit"
    Params: ClassVar[type[Params]] = TimeExitParams

    @classmethod
    def protects(cls, params: TimeExitParams) -> bool:
        return True  # a losing trade is closed after a bounded time

    def bind(self, ctx: BotContext) -> None:
        p = self.params
        self._trigger: CronTrigger | None = None
        if p.at is not None:
            tz = clock.zone(p.timezone or ctx.timezone)
            self._trigger = clock.daily_trigger(parse_clock_time(p.at), tz)
        self._cutoffs: dict[str, tuple[int, float]] = {}  # key -> (entry_ts, close time)

    def on_bar(self, ctx: BotContext, inst: InstrumentState) -> ExitAction | None:
        p = self.params
        if p.bars is not None and ctx.bar_index - inst.entry_bar_index >= p.bars:
            return ExitAction("close", None, f"open {p.bars} bars")
        if self._trigger is not None:
            cached = self._cutoffs.get(inst.key)
            if cached is None or cached[0] != inst.entry_ts:
                fire = clock.next_fire(self._trigger, inst.entry_ts)
                cached = (inst.entry_ts, float("inf") if fire is None else fire)
                self._cutoffs[inst.key] = cached
            if ctx.now >= cached[1]:
                return ExitAction("close", None, f"time exit at {p.at}")
        return None
