"""The event loop is never starved: a fast replay gives the heartbeat (and Ctrl-C) turns.

Where the replay gives way is decided by a time slice on an injected monotonic clock, so
these tests choose it (always spent, never spent) instead of timing anything. Giving way
must not change what the bots do: a run that gives way at every instant and one that
never does journal the same fills.
"""

from __future__ import annotations

import asyncio
import shutil
import signal
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from runtime_support import (
    REPO,
    fills_of,
    positions,
    query,
    spawn,
    wait_for,
    write_bot,
)

from runner.api.capabilities import FeedCapabilities
from runner.api.clock import TimeSlice
from runner.config.project import load_project
from runner.events import WarmedUp
from runner.model import Bar, from_datetime
from runner.plugins import registry
from runner.runtime.runtime import Runtime, StartOptions
from runner_plugins.feeds.replay import ReplayFeed, ReplayParams

DAY = REPO / "tests" / "data" / "GC_1m_2013-10-07.csv"  # one day of GC minutes


class Ticking:
    """A monotonic clock that moves ``step`` seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.t = 0.0
        self.step = step

    def __call__(self) -> float:
        self.t += self.step
        return self.t


def _run(project_dir: Path, logs: Path, budget: float, interval: float) -> Runtime:
    """Three bots on one day of GC at full speed; the time slices of the replay and of
    the bots' decisions are ``budget`` seconds of a clock that moves one second per
    reading (0.5: spent at every check, inf: never), and the heartbeat is always due."""
    bots = [write_bot(project_dir, f"looped{i}", root="GC", fast=2 + i) for i in range(3)]
    data = project_dir / "data"
    data.mkdir(exist_ok=True)
    shutil.copy(DAY, data / "GC.csv")
    project = load_project(
        [*bots, project_dir / "schedules"], registry=registry(), base=project_dir
    )
    assert not project.errors
    opts = StartOptions(
        log_dir=logs,
        speed=0,
        data=data,
        check_interval=interval,
        quiet=True,
        monotonic=Ticking(interval),
    )
    rt = Runtime(project, opts, registry())
    build = rt.build_cooperatively

    async def build_then_slice() -> None:
        await build()
        for feed, _ in rt.feeds:
            feed.turns = TimeSlice(budget, monotonic=Ticking(1.0))  # type: ignore[attr-defined]

    rt.build_cooperatively = build_then_slice  # type: ignore[method-assign]
    # the bots' decisions on one instant: one bot per turn, or all in one go
    rt.market.turns = TimeSlice(budget, monotonic=Ticking(1.0))
    bars: list[int] = []
    take = rt.market.bar
    rt.market.bar = lambda bar: (bars.append(bar.end), take(bar))[1]  # type: ignore[method-assign]
    beats: list[int] = []  # bars delivered when each heartbeat came
    rt.status_listeners.append(lambda _st: beats.append(len(bars)))
    assert asyncio.run(rt.run()) == 0
    rt.journal.close()
    rt.bars, rt.beats = bars, beats  # type: ignore[attr-defined]
    return rt


def test_fast_replay_gives_the_heartbeat_a_turn_between_instants(project_dir: Path) -> None:
    rt = _run(project_dir, project_dir / "logs", budget=0.5, interval=1.0)
    bars, beats = rt.bars, rt.beats  # type: ignore[attr-defined]
    assert rt.stop_reason == "end of replay"
    assert len(bars) > 1000  # one day of minutes
    # every reading spends the slice: the replay gives way after every instant (one bar
    # here), and the heartbeat, always due, beats in those turns all through the day
    seen = sorted(set(beats))
    assert len(seen) > len(bars) // 2, (len(seen), len(bars))
    gaps = [b - a for a, b in zip(seen, seen[1:], strict=False)]
    assert max(gaps) <= 2  # never a run of bars without a beat between them
    assert seen[-1] >= len(bars) - 2


def test_where_the_replay_gives_way_changes_no_fill(project_dir: Path) -> None:
    every = _run(project_dir, project_dir / "every", budget=0.5, interval=1.0)
    never = _run(project_dir, project_dir / "never", budget=float("inf"), interval=1.0)
    assert every.bars == never.bars  # type: ignore[attr-defined]
    # with the slice never spent, nothing else ran until the replay was over
    assert set(never.beats) <= {0, len(never.bars)}  # type: ignore[attr-defined]
    for i in range(3):
        got = fills_of(project_dir / "every", f"looped{i}")
        assert got  # the bot traded that day
        assert got == fills_of(project_dir / "never", f"looped{i}")


def _bots(project_dir: Path, n: int) -> Path:
    roots = ("GC", "CL", "ES", "NG", "ZN", "6E", "6J", "MGC", "MES", "MCL")
    for i in range(n):
        write_bot(project_dir, f"b{i:03d}", root=roots[i % len(roots)], fast=3 + i % 5)
    return project_dir / "strategies.d"


@pytest.mark.slow
def test_sigint_during_a_fast_replay_of_200_bots_shuts_down_cleanly(project_dir: Path) -> None:
    folder = _bots(project_dir, 200)
    logs = project_dir / "logs"
    args = ["start", str(folder), "--log-dir", str(logs), "--speed", "0"]
    args += ["--check-interval", "1"]
    out = project_dir / "run.out"
    proc = spawn(args, project_dir, out)
    try:
        # mid-replay: the bots have traded, the week is far from over
        wait_for(
            lambda: query(logs, "SELECT COUNT(*) FROM fills")[0][0] >= 200,
            600,
            "200 fills in the journal",
            proc,
        )
        proc.send_signal(signal.SIGINT)
        code = proc.wait(600)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    text = out.read_text()
    assert code == 0, text[-3000:]
    lines = text.splitlines()
    said = next(i for i, line in enumerate(lines) if "STOPPING" in line)
    assert "reason=SIGINT" in lines[said]
    # said before the first shutdown order, and the run ended for that reason
    assert said < next(i for i, line in enumerate(lines) if "(shutdown)" in line)
    assert "stopped: SIGINT" in lines
    assert query(logs, "SELECT clean FROM runs") == [(1,)]  # the journal's run was closed
    assert positions(logs) == {}  # every bot flattened, by its journaled fills
    states = query(logs, "SELECT COUNT(*) FROM bot_state")[0][0]
    assert states == 200  # every bot's final state saved


def test_journal_saves_many_states_and_points_in_one_go(tmp_path: Path) -> None:
    from runner.journal.store import Journal

    j = Journal(tmp_path / "journal.sqlite")
    j.start_run(1)
    states = [(f"b{i}", {"bot": f"b{i}", "state": "running"}, 5) for i in range(300)]
    points = {f"b{i}": [(1, 100.0 + i), (2, 101.0 + i)] for i in range(300)}
    j.save_many(states, points)
    assert j.db.execute("SELECT COUNT(*) FROM bot_state").fetchone()[0] == 300
    assert j.equity_curve("b7", j.run_id) == [(1, 107.0), (2, 108.0)]
    with pytest.raises(sqlite3.Error):  # a bad row rolls the whole beat back
        j.save_many([("c", {}, 1)], {"c": [(1, None)]})  # type: ignore[list-item]
    assert j.db.execute("SELECT COUNT(*) FROM bot_state WHERE bot = 'c'").fetchone()[0] == 0
    j.close()


class HistoryFeed(ReplayFeed):
    """The replay's files served as a live feed's history (a feed that needs warm-up)."""

    capabilities = FeedCapabilities(replays_history=False)

    def __init__(self, params: ReplayParams) -> None:
        super().__init__(params)
        self.asked: list[str] = []

    async def history(self, symbol: str, bar_seconds: int, start: int, end: int) -> list[Bar]:
        self.asked.append(symbol)
        return await super().history(symbol, bar_seconds, start, end)


def test_warm_up_of_many_bots_asks_once_per_symbol_and_gives_way(project_dir: Path) -> None:
    roots = ("GC", "ES")
    bots = [write_bot(project_dir, f"w{i:02d}", root=roots[i % 2]) for i in range(30)]
    project = load_project(
        [*bots, project_dir / "schedules"], registry=registry(), base=project_dir
    )
    assert not project.errors
    end = from_datetime(datetime(2013, 10, 11, 20, tzinfo=UTC))
    opts = StartOptions(log_dir=project_dir / "logs", quiet=True, clock=lambda: end)
    rt = Runtime(project, opts, registry())
    rt.build()
    rt.startup.monotonic = Ticking(1.0)  # every bot spends the slice
    runners = [slot.runner for slot in rt.supervisor.slots.values()]
    feed = HistoryFeed(ReplayParams())
    warmed: list[str] = []
    rt.emit.sinks.append(lambda e: warmed.append(e.bot) if isinstance(e, WarmedUp) else None)
    turns: list[int] = []  # bots warmed each time another task got the loop

    async def main() -> None:
        done = asyncio.Event()

        async def other() -> None:
            while not done.is_set():
                turns.append(len(warmed))
                await asyncio.sleep(0)

        task = asyncio.create_task(other())
        await rt.startup._warm_up(feed, runners)
        done.set()
        await task

    asyncio.run(main())
    rt.journal.close()
    symbols = sorted({s for r in runners for s in r.by_symbol})
    assert len(symbols) == 2
    assert sorted(feed.asked) == symbols  # once per symbol, not once per bot
    assert warmed == [r.name for r in runners]
    assert all(i.bar is not None for r in runners for i in r.ctx.instruments.values())
    assert set(range(1, 30)) <= set(turns)  # the loop had a turn after every bot
