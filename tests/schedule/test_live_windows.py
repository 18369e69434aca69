"""Live runs: APScheduler jobs fire each bot's window close on the wall clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from runner.config.project import load_project
from runner.plugins import registry
from runner.schedule.windows import WindowSchedule
from runner.supervise.runtime import Runtime, StartOptions

ROOT = Path(__file__).resolve().parents[2]


def test_close_jobs_match_the_trigger_schedule_and_flatten(tmp_path):
    project = load_project(
        [ROOT / "strategies.d" / "gold_rsi_bb.yaml", ROOT / "schedules"], base=tmp_path
    )
    assert not project.errors

    async def main():
        rt = Runtime(project, StartOptions(log_dir=tmp_path / "logs"), registry())
        rt.build()
        scheduler = rt._wall_clock_windows()
        try:
            (job,) = scheduler.get_jobs()
            ws = WindowSchedule(project.schedules["cme_metals_day"])
            now = datetime.now(UTC)
            fire = job.trigger.get_next_fire_time(None, now)
            expected = ws.windows[0][2].get_next_fire_time(None, now)
            assert fire == expected
            assert fire.astimezone(ws.tz).strftime("%H:%M") == "13:30"
            slot = rt.supervisor.slots["gold_rsi_bb"]
            seen = []
            slot.runner.flatten = seen.append  # what the job does, observed
            job.func(*job.args)
            assert seen == ["window day closed"]
        finally:
            scheduler.shutdown(wait=False)
            rt.journal.close()

    asyncio.run(main())
