"""The model of a schedule file (schedules/*.yaml): trading windows and timed events.

Times are APScheduler cron fields, checked by building the very ``CronTrigger`` the
scheduler will run, so a schedule that validates is a schedule that fires. A crontab
string (``"30 10 * * thu"``) is accepted as shorthand; numeric days of the week are refused
in that form because cron counts from Sunday (0) and APScheduler from Monday (0), and a
silent one-day shift is the worst kind of bug in a schedule.
"""

from __future__ import annotations

import re
import zoneinfo
from typing import Any, Literal

from apscheduler.triggers.cron import CronTrigger
from pydantic import ConfigDict, Field, field_validator, model_validator

from runner.api.base import Model
from runner.api.clocktime import ClockTime, parse_clock_time
from runner.api.zones import check_timezone

IDENT = r"^[a-z][a-z0-9_]*$"
CRON_FIELDS = ("year", "month", "week", "day", "day_of_week", "hour", "minute", "second")
_CRONTAB_ORDER = ("minute", "hour", "day", "month", "day_of_week")

CronValue = int | str


class _Strict(Model):
    model_config = ConfigDict(extra="forbid")


class CronFields(_Strict):
    """When something happens, as APScheduler cron fields (``hour: 9, minute: 30``).

    Fields left out below the most significant one given default to their minimum, as in
    APScheduler: ``hour: 9`` means 09:00:00. ``time: "09:30"`` is shorthand for hour and
    minute (and second).
    """

    year: CronValue | None = None
    month: CronValue | None = None
    week: CronValue | None = None
    day: CronValue | None = None
    day_of_week: CronValue | None = None
    hour: CronValue | None = None
    minute: CronValue | None = None
    second: CronValue | None = None
    time: ClockTime | None = None
    """``HH:MM`` or ``HH:MM:SS`` (24-hour) in the schedule's time zone."""

    @model_validator(mode="before")
    @classmethod
    def _crontab(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        parts = value.split()
        if len(parts) != 5:
            raise ValueError(
                f"a crontab string has 5 fields (minute hour day month day_of_week), "
                f"found {len(parts)} in {value!r}"
            )
        if re.search(r"\d", parts[4]):
            raise ValueError(
                f"write days of the week by name (mon, tue, ... or mon-fri), not {parts[4]!r}: "
                "cron counts from Sunday, APScheduler from Monday"
            )
        return {k: v for k, v in zip(_CRONTAB_ORDER, parts, strict=True) if v != "*"} or {
            "minute": "*"
        }

    @field_validator(*CRON_FIELDS)
    @classmethod
    def _field(cls, v: CronValue | None, info: Any) -> CronValue | None:
        if v is None:
            return v
        if isinstance(v, bool):
            raise ValueError("expected a cron expression or a number, not true/false")
        try:
            CronTrigger(**{info.field_name: v}, timezone="UTC")
        except (ValueError, TypeError) as exc:
            raise ValueError(str(exc)) from None
        return v

    @model_validator(mode="after")
    def _whole(self) -> CronFields:
        fields = self.fields()
        if not fields:
            raise ValueError("give at least one cron field (for example hour: 9, minute: 30)")
        if self.time is not None:
            clash = [f for f in ("hour", "minute", "second") if getattr(self, f) is not None]
            if clash:
                raise ValueError(f"'time' already sets the hour and minute; remove {clash[0]!r}")
        try:
            CronTrigger(**fields, timezone="UTC")
        except (ValueError, TypeError) as exc:
            raise ValueError(str(exc)) from None
        return self

    def fields(self) -> dict[str, CronValue]:
        """The keyword arguments of ``CronTrigger`` this mapping stands for."""
        out: dict[str, CronValue] = {
            f: getattr(self, f) for f in CRON_FIELDS if getattr(self, f) is not None
        }
        if self.time is not None:
            at = parse_clock_time(self.time)
            out["hour"] = at.hour
            out["minute"] = at.minute
            out["second"] = at.second
        return out

    def trigger(self, timezone: str | zoneinfo.ZoneInfo) -> CronTrigger:
        return CronTrigger(**self.fields(), timezone=timezone)


class Window(_Strict):
    """A span in which bots on this schedule may trade: from ``open`` to the next ``close``."""

    name: str = Field(pattern=IDENT)
    open: CronFields
    close: CronFields


class Event(_Strict):
    """A timed release (EIA storage at 10:30 ET on Thursdays, CPI at 08:30, ...)."""

    name: str = Field(pattern=IDENT)
    at: CronFields
    holiday: Literal["skip", "next_business_day", "previous_business_day"] = "next_business_day"
    """What happens when the event falls on a day that is not a business day."""
    calendar: str | None = None
    """Whose business days count (XNYS for a US government release); the schedule's
    exchange calendar when omitted. An exchange that trades a short holiday session
    would otherwise keep a release the agency does not publish that day."""

    @field_validator("calendar")
    @classmethod
    def _calendar(cls, v: str | None) -> str | None:
        if v is not None and v not in calendar_names():
            from runner.config.locate import unknown_name

            raise ValueError(unknown_name("exchange calendar", v, sorted(calendar_names())))
        return v


class Schedule(_Strict):
    description: str = ""
    timezone: str
    """IANA time zone the cron fields are written in (America/New_York, America/Chicago)."""
    calendar: str
    """An exchange_calendars name (CMES, COMEX, NYMEX, us_futures, ...) for holidays."""
    windows: list[Window] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    flatten_before_close_minutes: int | None = Field(default=None, ge=0, le=24 * 60)
    """Flatten positions this many minutes before each window closes."""

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        check_timezone(v)
        return v

    @field_validator("calendar")
    @classmethod
    def _calendar(cls, v: str) -> str:
        names = calendar_names()
        if v not in names:
            from runner.config.locate import unknown_name

            raise ValueError(unknown_name("exchange calendar", v, sorted(names)))
        return v

    @model_validator(mode="after")
    def _unique(self) -> Schedule:
        for what, items in (("window", self.windows), ("event", self.events)):
            seen: set[str] = set()
            for item in items:
                if item.name in seen:
                    raise ValueError(f"two {what}s are named {item.name!r}")
                seen.add(item.name)
        return self


class ScheduleFile(_Strict):
    schema_version: Literal[1] = 1
    schedules: dict[str, Schedule] = Field(min_length=1)

    @field_validator("schedules")
    @classmethod
    def _names(cls, v: dict[str, Schedule]) -> dict[str, Schedule]:
        for key in v:
            if not re.match(IDENT, key):
                raise ValueError(f"{key!r} is not a valid name (lower case, digits, _)")
        return v


def calendar_names() -> frozenset[str]:
    """Every calendar name and alias, read without importing the library."""
    from runner.contracts.calendar_names import calendar_names as names

    return names()
