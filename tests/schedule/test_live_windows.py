"""Live runs: APScheduler jobs flatten each bot at its window's end on the wall clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from runner.config.project import load_project
from runner.model import NS
from runner.plugins import registry
from runner.runtime.runtime import Runtime, StartOptions
from runner.schedule.windows import WindowSchedule

ROOT = Path(__file__).resolve().parents[2]


def test_flatten_jobs_follow_the_spans_early_closes_included(tmp_path):
    """Thanksgiving week 2026 seen from Wednesday morning: Wednesday's job flattens at
    13:25, Thursday's and Friday's at 12:55 because CME halts early; each job flattens."""
    project = load_project(
        [ROOT / "strategies.d" / "gold_rsi_bb.yaml", ROOT / "schedules"], base=tmp_path
    )
    assert not project.errors
    wednesday = int(datetime(2026, 11, 25, 15, tzinfo=UTC).timestamp()) * NS

    async def main():
        opts = StartOptions(log_dir=tmp_path / "logs", clock=lambda: wednesday)
        rt = Runtime(project, opts, registry())
        rt.build()
        scheduler = rt.flatten_jobs.start()
        try:
            jobs = {job.id: job for job in scheduler.get_jobs()}
            assert "windows:rearm" in jobs
            flattens = sorted(
                (job for job in jobs.values() if job.id != "windows:rearm"),
                key=lambda job: job.trigger.run_date,
            )
            ws = WindowSchedule(project.schedules["cme_metals_day"])
            tz = ws.tz
            assert [j.trigger.run_date.astimezone(tz).strftime("%a %H:%M") for j in flattens] == [
                "Wed 13:25",
                "Thu 12:55",
                "Fri 12:55",
            ]
            spans = ws.spans(wednesday, wednesday + 3 * 86400 * NS)
            assert [int(j.trigger.run_date.timestamp()) * NS for j in flattens] == [
                s.flatten for s in spans
            ]
            rt.flatten_jobs.arm(scheduler)  # re-arming adds nothing twice
            assert len(scheduler.get_jobs()) == len(jobs)
            slot = rt.supervisor.slots["gold_rsi_bb"]
            seen = []
            slot.runner.flatten = seen.append  # what the job does, observed
            flattens[1].func(*flattens[1].args)
            assert seen == ["window day closed"]
        finally:
            scheduler.shutdown(wait=False)
            rt.journal.close()

    asyncio.run(main())
