"""The ``flatten_at`` exit: be flat before a trading window (or the session) ends."""

from __future__ import annotations

from typing import ClassVar

from apscheduler.triggers.cron import CronTrigger
from pydantic import Field, field_validator

from runner.api import MINUTE_NS, ClockTime, parse_clock_time
from runner.api.base import Params
from runner.api.context import BotContext, InstrumentState
from runner.api.exit import Exit, ExitAction
from runner_plugins.signals import clock


class FlattenAtParams(Params):
    time: ClockTime
    """The window's end, local time HH:MM or HH:MM:SS in ``timezone``."""
    timezone: str | None = None
    """IANA time zone; the bot's time zone when omitted."""
    days: list[str] = Field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"])
    """Days the window ends on (mon..sun)."""
    minutes_before: int = Field(default=0, ge=0, le=24 * 60)
    """Flatten this many minutes before ``time``."""

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str | None) -> str | None:
        return clock.check_zone(v)

    @field_validator("days")
    @classmethod
    def _days(cls, v: list[str]) -> list[str]:
        return clock.check_days(v)


class FlattenAt(Exit[FlattenAtParams]):
    """Flatten at a clock time on given days, e.g. before a window or session ends.

    Closes any position at ``time`` minus ``minutes_before`` on the listed days.

    The flatten moment of a trade is the first window end after its entry, found once per
    trade from an APScheduler trigger (DST-correct); every bar whose close is at or past
    it closes the position at market.
    """

    name: ClassVar[str] = "flatten_at"
    Params: ClassVar[type[Params]] = FlattenAtParams

    @classmethod
    def protects(cls, params: FlattenAtParams) -> bool:
        return True  # no position outlives the window end

    def bind(self, ctx: BotContext) -> None:
        p = self.params
        tz = clock.zone(p.timezone or ctx.timezone)
        self._trigger: CronTrigger = clock.daily_trigger(parse_clock_time(p.time), tz, p.days)
        self._before = p.minutes_before * MINUTE_NS
        self._cutoffs: dict[str, tuple[int, float]] = {}

    def flatten_time(self, entry_ts: int) -> float:
        """ns of the first flatten moment strictly after ``entry_ts`` (inf if none)."""
        fire = clock.next_fire(self._trigger, entry_ts + self._before)
        return float("inf") if fire is None else fire - self._before

    def on_bar(self, ctx: BotContext, inst: InstrumentState) -> ExitAction | None:
        cached = self._cutoffs.get(inst.key)
        if cached is None or cached[0] != inst.entry_ts:
            cached = (inst.entry_ts, self.flatten_time(inst.entry_ts))
            self._cutoffs[inst.key] = cached
        if ctx.now >= cached[1]:
            p = self.params
            return ExitAction("close", None, f"flatten at {p.time}")
        return None
