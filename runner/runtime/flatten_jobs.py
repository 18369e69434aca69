"""Live feeds: APScheduler flattens each bot at its window's flatten time on the wall clock.

Bars carry the windows in data time (the same spans, evaluated by the engine); these jobs
make sure a bot is flattened at its window's end even when the market has gone quiet and
no bar arrives to tell it. The jobs come from the schedule's spans, not its raw close
trigger, so an early close (the day after Thanksgiving, Christmas Eve) flattens before the
early halt and a holiday has no job; they are armed for the next days and re-armed every
day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from runner.model import NS
from runner.runtime.supervision import Supervisor


class FlattenJobs:
    def __init__(
        self, supervisor: Supervisor, schedules: dict[str, Any], clock: Callable[[], int]
    ) -> None:
        self.supervisor = supervisor
        self.schedules = schedules
        self.clock = clock

    def start(self) -> Any:
        """The running scheduler, armed and set to re-arm itself; the caller shuts it down."""
        from apscheduler.schedulers.asyncio import AsyncIOScheduler
        from apscheduler.triggers.cron import CronTrigger

        scheduler = AsyncIOScheduler(timezone="UTC")
        self.arm(scheduler)
        scheduler.add_job(
            self.arm,
            CronTrigger(hour="*/6", minute=1, timezone="UTC"),
            args=[scheduler],
            id="windows:rearm",
        )
        scheduler.start()
        return scheduler

    def arm(self, scheduler: Any, days: int = 3) -> None:
        """One job per window occurrence flattening in the next ``days`` days."""
        from apscheduler.triggers.date import DateTrigger

        from runner.schedule.windows import WindowSchedule

        now = self.clock()
        spans: dict[str, list[Any]] = {}  # bots sharing a schedule share its spans
        for slot in self.supervisor.slots.values():
            name = slot.loaded.config.schedule
            if name is None or slot.loaded.config.on_stop != "flatten":
                continue
            if name not in spans:
                ws = WindowSchedule(self.schedules[name])
                spans[name] = ws.spans(now, now + days * 86400 * NS)
            for span in spans[name]:
                if span.flatten <= now:
                    continue
                scheduler.add_job(
                    self.window_closed,
                    DateTrigger(datetime.fromtimestamp(span.flatten / NS, tz=UTC)),
                    args=[slot.name, span.name],
                    id=f"{slot.name}:{span.name}:{span.flatten}",
                    replace_existing=True,
                    misfire_grace_time=60,
                )

    def window_closed(self, bot: str, window: str) -> None:
        slot = self.supervisor.slots[bot]
        if slot.state == "running" and not slot.runner.failed:
            slot.runner.flatten(f"window {window} closed")
