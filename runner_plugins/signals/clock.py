"""Wall-clock helpers (a time of day in a time zone) shared by signals and exits.

A time of day itself ("15:55") is read by :func:`runner.api.parse_clock_time`, the one rule
for every field that takes one.

Times in bot files are local exchange times because that is how sessions and releases are
published; the engine runs on UTC nanoseconds. Conversions happen once per session or per
trade (through zoneinfo or an APScheduler trigger, both DST-correct), never once per bar.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from runner.api import NS
from runner.api.zones import check_timezone

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CRON_FIELDS = ("year", "month", "day", "week", "day_of_week", "hour", "minute", "second")


def zone(name: str) -> ZoneInfo:
    return check_timezone(name)


def check_zone(name: str | None) -> str | None:
    if name is not None:
        zone(name)
    return name


def check_days(days: list[str]) -> list[str]:
    out = []
    for d in days:
        key = str(d).strip().lower()[:3]
        if key not in DAY_NAMES:
            raise ValueError(f"{d!r} is not a day; use {', '.join(DAY_NAMES)}")
        out.append(key)
    if not out:
        raise ValueError("give at least one day")
    return out


def to_dt(ns: int, tz: ZoneInfo) -> datetime:
    return datetime.fromtimestamp(ns // NS, tz=UTC).astimezone(tz)


def to_ns(dt: datetime) -> int:
    return int(dt.timestamp()) * NS


def at_local(day: date, when: time, tz: ZoneInfo) -> int:
    """ns of a local wall time on a local date (a gap-hour time resolves forward)."""
    local = datetime.combine(day, when, tzinfo=tz)
    return to_ns(local.astimezone(UTC))


def local_date(ns: int, tz: ZoneInfo) -> date:
    return to_dt(ns, tz).date()


def cron(fields: dict[str, Any], tz: ZoneInfo) -> CronTrigger:
    unknown = [k for k in fields if k not in CRON_FIELDS]
    if unknown:
        raise ValueError(f"unknown cron field {unknown[0]!r}; use {', '.join(CRON_FIELDS)}")
    try:
        return CronTrigger(timezone=tz, **{k: str(v) for k, v in fields.items()})
    except (ValueError, TypeError) as exc:
        raise ValueError(f"bad cron fields {fields}: {exc}") from None


def next_fire(trigger: CronTrigger, after_ns: int) -> int | None:
    """The first fire time strictly after ``after_ns`` (APScheduler works in whole seconds)."""
    start = datetime.fromtimestamp(after_ns // NS + 1, tz=UTC)
    fire = trigger.get_next_fire_time(None, start)
    return None if fire is None else to_ns(fire)


def daily_trigger(when: time, tz: ZoneInfo, days: list[str] | None = None) -> CronTrigger:
    """A trigger at ``when`` every listed day (every day when ``days`` is None)."""
    dow = ",".join(days) if days else "*"
    return CronTrigger(
        day_of_week=dow, hour=when.hour, minute=when.minute, second=when.second, timezone=tz
    )
