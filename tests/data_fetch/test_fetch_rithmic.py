"""``data fetch`` from the local R|Protocol server over TLS: pages, a root across a roll, a
dropped history plant, a re-run that fetches nothing and a cancelled fetch."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pyarrow.compute as pc
import pytest
from fetch_support import options, run, session_minutes

from runner.catalog.store import Catalog
from runner.commands.data.fetch_run import plan
from runner_plugins.rithmic.history import RithmicHistory
from runner_sims.rithmic.server import RithmicServer
from tests.waiting import until

CAL = "COMEX"


def _check_day(catalog: Catalog, symbol: str, day: date) -> None:
    table = catalog.read(symbol, "1m")
    ts = [t.value for t in table.column("ts")]
    assert ts == sorted(set(ts)), "no duplicate or unordered bar"
    assert all(t % 60_000_000_000 == 0 for t in ts)
    ticks = pc.divide(table.column("close"), 0.1).to_pylist()
    assert all(abs(t - round(t)) < 1e-6 for t in ticks), "prices on GC's 0.10 grid"


async def test_a_root_across_a_roll_comes_in_pages_as_whole_days(
    rithmic_params: dict, tmp_path: Path
) -> None:
    jobs = plan("GC", date(2026, 5, 21), date(2026, 5, 29), basis="first_notice", days_before=2)
    assert {j.symbol for j in jobs} == {"GCM6", "GCQ6"}  # first notice 05-29, roll 05-27
    assert [j.symbol for j in jobs if j.day >= date(2026, 5, 27)] == ["GCQ6"] * 3
    source = RithmicHistory(None, options([], params=rithmic_params))
    await source.connect()
    try:
        tally = await run(source, tmp_path, jobs)
    finally:
        await source.close()
    catalog = Catalog(tmp_path)
    assert tally.days == len(jobs) and tally.empty == 0
    for job in jobs:
        assert job.day in catalog.held_days(job.symbol, "1m")
        day = catalog.read(job.symbol, "1m", *_bounds(job))
        assert day.num_rows == session_minutes(CAL, job.day)
    for symbol in ("GCM6", "GCQ6"):
        _check_day(catalog, symbol, jobs[0].day)
    # a session of minute bars is more than one answer of the server: paged
    assert source.requests >= 3 * len(jobs)


async def test_a_re_run_fetches_nothing(rithmic_params: dict, tmp_path: Path) -> None:
    jobs = plan("GCQ6", date(2026, 6, 1), date(2026, 6, 3))
    first = RithmicHistory(None, options([], params=rithmic_params))
    await first.connect()
    try:
        await run(first, tmp_path, jobs)
        before = Catalog(tmp_path).read("GCQ6", "1m")
        again = await run(first, tmp_path, jobs)
        requests = first.requests
    finally:
        await first.close()
    assert again.held == len(jobs) and again.days == 0
    assert requests == first.requests
    assert Catalog(tmp_path).read("GCQ6", "1m").equals(before)


async def test_a_dropped_history_plant_resumes_without_gap_or_duplicate(
    rithmic: RithmicServer, rithmic_params: dict, tmp_path: Path
) -> None:
    jobs = plan("GCQ6", date(2026, 6, 1), date(2026, 6, 5))
    notices: list[str] = []
    source = RithmicHistory(None, options(notices, params=rithmic_params))
    await source.connect()

    def drop_after_second(job, rows) -> None:
        if job.day == jobs[1].day:
            assert rithmic.drop("history") == 1

    try:
        tally = await run(source, tmp_path, jobs, on_day=drop_after_second)
        plant = source._plant()
        assert plant.reconnects >= 1
    finally:
        await source.close()
    assert tally.days == len(jobs)
    catalog = Catalog(tmp_path)
    assert catalog.held_days("GCQ6", "1m") == {j.day for j in jobs}
    assert catalog.read("GCQ6", "1m").num_rows == sum(session_minutes(CAL, j.day) for j in jobs)
    _check_day(catalog, "GCQ6", jobs[0].day)


async def test_a_cancelled_fetch_keeps_the_whole_days_written(
    rithmic_params: dict, tmp_path: Path
) -> None:
    jobs = plan("GCQ6", date(2026, 6, 1), date(2026, 6, 12))
    source = RithmicHistory(None, options([], params=rithmic_params))
    await source.connect()
    written: list[date] = []
    try:
        task = asyncio.create_task(
            run(source, tmp_path, jobs, on_day=lambda job, rows: written.append(job.day))
        )
        await until(lambda: len(written) >= 3, 120, "three days written")
        task.cancel()  # what Ctrl-C does to the command's task
        with pytest.raises(asyncio.CancelledError):
            await task
        catalog = Catalog(tmp_path)
        held = catalog.held_days("GCQ6", "1m")
        assert held == set(written) and len(held) < len(jobs)
        for day in held:
            job = next(j for j in jobs if j.day == day)
            assert catalog.read("GCQ6", "1m", *_bounds(job)).num_rows == session_minutes(CAL, day)
        rest = await run(source, tmp_path, jobs)
    finally:
        await source.close()
    assert rest.held == len(held) and rest.days == len(jobs) - len(held)
    assert Catalog(tmp_path).held_days("GCQ6", "1m") == {j.day for j in jobs}


async def test_second_bars_split_a_minute_exactly(rithmic_params: dict) -> None:
    job = plan("GCQ6", date(2026, 6, 2), date(2026, 6, 2))[0]
    source = RithmicHistory(None, options([], params=rithmic_params))
    await source.connect()
    try:
        minute = await source.fetch("GCQ6", "1m", job.start, job.start + 3 * 60 * 10**9)
        seconds = await source.fetch("GCQ6", "1s", job.start, job.start + 3 * 60 * 10**9)
    finally:
        await source.close()
    assert len(minute) == 3 and len(seconds) == 180
    for i, m in enumerate(minute):
        part = seconds[i * 60 : (i + 1) * 60]
        assert (part[0].open, part[-1].close) == (m.open, m.close)
        assert max(b.high for b in part) == m.high and min(b.low for b in part) == m.low
        assert sum(b.volume for b in part) == m.volume


def _bounds(job):
    from datetime import UTC, datetime

    return (
        datetime.fromtimestamp(job.start / 1e9, tz=UTC),
        datetime.fromtimestamp(job.end / 1e9, tz=UTC),
    )


async def test_a_drop_inside_a_session_loses_and_doubles_no_bar(
    rithmic: RithmicServer, rithmic_params: dict, tmp_path: Path
) -> None:
    """The line is cut while a session is being paged (pages of 300 rows: five per day);
    wherever the cut falls, the page in flight is asked again from its own first stamp."""
    jobs = plan("GCQ6", date(2026, 6, 8), date(2026, 6, 10))
    source = RithmicHistory(None, options([], params=rithmic_params, page=300))
    await source.connect()
    try:
        task = asyncio.create_task(run(source, tmp_path, jobs))
        await until(lambda: source.requests >= 7, 60, "two pages into the second day")
        assert rithmic.drop("history") == 1
        tally = await task
        assert source._plant().reconnects >= 1
    finally:
        await source.close()
    assert tally.days == len(jobs)
    catalog = Catalog(tmp_path)
    for job in jobs:
        day = catalog.read("GCQ6", "1m", *_bounds(job))
        ts = [t.value for t in day.column("ts")]
        assert ts == list(range(job.start, job.end, 60_000_000_000))
