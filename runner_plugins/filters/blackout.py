"""The "blackout" filter: no new positions around scheduled events (reports, releases)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from apscheduler.triggers.cron import CronTrigger
from pydantic import ConfigDict, Field, field_validator, model_validator

from runner.api.base import Model, Params
from runner.api.filter import Filter
from runner.api.zones import zone_name
from runner_plugins.filters._time import NS_PER_MINUTE, to_datetime

if TYPE_CHECKING:
    from runner.api.context import BotContext

_CRON_FIELDS = ("year", "month", "day", "week", "day_of_week", "hour", "minute", "second")
_FAR = 2**62


class CronEvent(Model):
    """One recurring event as APScheduler cron fields, or a five-field crontab line."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    name: str = ""
    """What the event is (EIA natural gas storage); shown in logs."""
    crontab: str | None = None
    """A crontab line "minute hour day month day_of_week", e.g. "30 10 * * thu"; instead
    of the separate fields."""
    year: int | str | None = None
    """Cron field: four-digit year(s)."""
    month: int | str | None = None
    """Cron field: month 1-12 or jan-dec."""
    day: int | str | None = None
    """Cron field: day of the month 1-31, or expressions such as "last" or "1st fri"."""
    week: int | str | None = None
    """Cron field: ISO week of the year 1-53."""
    day_of_week: int | str | None = None
    """Cron field: mon-sun or 0-6 (0 is Monday), e.g. "thu" or "mon-fri"."""
    hour: int | str | None = None
    """Cron field: hour 0-23."""
    minute: int | str | None = None
    """Cron field: minute 0-59."""
    second: int | str | None = None
    """Cron field: second 0-59 (0 when omitted)."""

    @model_validator(mode="after")
    def _valid(self) -> CronEvent:
        fields = self.fields()
        if self.crontab is not None and fields:
            raise ValueError("give either 'crontab' or cron fields, not both")
        if self.crontab is None and not fields:
            raise ValueError("give cron fields (day_of_week, hour, minute ...) or 'crontab'")
        self.trigger("UTC")  # APScheduler's own checks, with its own messages
        return self

    def fields(self) -> dict[str, int | str]:
        return {f: getattr(self, f) for f in _CRON_FIELDS if getattr(self, f) is not None}

    def trigger(self, timezone: str) -> CronTrigger:
        if self.crontab is not None:
            return CronTrigger.from_crontab(self.crontab, timezone=timezone)
        return CronTrigger(timezone=timezone, **self.fields())


class BlackoutParams(Params):
    model_config = ConfigDict(use_attribute_docstrings=True)

    events: list[CronEvent] = Field(min_length=1)
    """The scheduled events, each as cron fields in ``timezone``."""
    before: int = Field(default=0, ge=0, le=24 * 60)
    """Minutes before each event from which no position is opened (that instant included)."""
    after: int = Field(default=0, ge=0, le=24 * 60)
    """Minutes after each event until which no position is opened (that instant excluded:
    at event + after the bot may trade again)."""
    timezone: str | None = None
    """IANA time zone of the cron fields; the bot's ``timezone`` when omitted."""

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str | None) -> str | None:
        return None if v is None else zone_name(v)

    @model_validator(mode="after")
    def _window(self) -> BlackoutParams:
        if self.before == 0 and self.after == 0:
            raise ValueError("before and after are both 0: the blackout would be empty")
        return self


class _EventWindow:
    """Cached blackout state of one event series: ``value`` holds on [lo, hi)."""

    __slots__ = ("after", "before", "hi", "lo", "trigger", "value")

    def __init__(self, trigger: CronTrigger, before: int, after: int) -> None:
        self.trigger = trigger
        self.before = before
        self.after = after
        self.lo = self.hi = 0
        self.value = False

    def refresh(self, now: int) -> None:
        # the first event whose blackout has not ended: fire + after > now
        start = to_datetime(now - self.after + 1000)
        fire = self.trigger.get_next_fire_time(None, start)
        if fire is None:  # the series has ended (a year field in the past)
            self.lo, self.hi, self.value = now, _FAR, False
            return
        at = int(fire.timestamp()) * 1_000_000_000 + fire.microsecond * 1000
        begin, end = at - self.before, at + self.after
        if begin <= now:
            self.lo, self.hi, self.value = begin, end, True
        else:
            self.lo, self.hi, self.value = now, begin, False


class Blackout(Filter[BlackoutParams]):
    """Opens no positions around scheduled events such as the EIA gas storage report.

    From ``before`` minutes before to ``after`` minutes after each event (the EIA natural
    gas storage report comes Thursdays 10:30 New York time), when spreads widen and
    prices jump. The window includes its first instant and excludes its last. Events
    are APScheduler cron triggers in ``timezone``; holiday-week reschedules are not
    cron-shaped and need their own event entry.

    ::

        filters:
          - use: blackout
            before: 5
            after: 10
            timezone: America/New_York
            events:
              - {name: EIA natural gas storage, day_of_week: thu, hour: 10, minute: 30}
    """

    name: ClassVar[str] = "blackout"
    Params: ClassVar[type[Params]] = BlackoutParams
    params: BlackoutParams

    def __init__(self, params: BlackoutParams) -> None:
        super().__init__(params)
        self._windows: list[_EventWindow] = []
        self._lo = self._hi = 0
        self._value = True
        self._build(params.timezone or "UTC")

    def _build(self, timezone: str) -> None:
        p = self.params
        self._windows = [
            _EventWindow(e.trigger(timezone), p.before * NS_PER_MINUTE, p.after * NS_PER_MINUTE)
            for e in p.events
        ]
        self._lo = self._hi = 0

    def bind(self, ctx: BotContext) -> None:
        self._build(self.params.timezone or ctx.timezone)

    def allows(self, ctx: BotContext) -> bool:
        now = ctx.now
        if self._lo <= now < self._hi:
            return self._value
        return self.at(now)

    def at(self, now: int) -> bool:
        """The answer for UTC ns ``now``; refreshes the cached range around it."""
        if self._lo <= now < self._hi:
            return self._value
        lo, hi, blocked = -_FAR, _FAR, False
        for w in self._windows:
            if not w.lo <= now < w.hi:
                w.refresh(now)
            lo, hi = max(lo, w.lo), min(hi, w.hi)
            blocked = blocked or w.value
        self._lo, self._hi, self._value = lo, hi, not blocked
        return not blocked
