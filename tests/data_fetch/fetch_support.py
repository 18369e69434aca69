"""Helpers of the fetch tests: a clock that sleeps in no time, and the expected bars."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from runner.api import Bar
from runner.api.history import SourceOptions, session_window
from runner.catalog.store import Catalog
from runner.commands.data.fetch_run import DayJob, FetchTally, fetch_days, pending

SIM_START = "2026-11-04T15:00:00Z"  # the servers live on this date, whatever the machine's
_BARS: list[Bar] = []


def sim_clock() -> Callable[[], int]:
    from runner.engine.clock import start_clock

    return start_clock(SIM_START)


def gc_bars() -> list[Bar]:
    """600 real GC minute bars of the bundled week: the servers' newest history."""
    if not _BARS:
        from runner_plugins.feeds.replay import load_bars

        _BARS.extend(load_bars("GC", symbol="GC")[:600])
    return _BARS


@dataclass
class FakeTime:
    """Monotonic seconds that only move when someone sleeps: pacing waits of ten minutes
    pass at once, and the server's pacing fault reads the same clock."""

    now: float = 1000.0
    slept: list[float] = field(default_factory=list)

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


def options(notices: list[str], clock: FakeTime | None = None, **extra: object) -> SourceOptions:
    if clock is None:
        return SourceOptions(notice=notices.append, reconnect_wait=60.0, extra=dict(extra))
    return SourceOptions(
        notice=notices.append,
        sleep=clock.sleep,
        monotonic=clock.monotonic,
        reconnect_wait=60.0,
        extra=dict(extra),
    )


def session_minutes(calendar: str, day: date) -> int:
    window = session_window(calendar, day)
    assert window is not None
    return (window[1] - window[0]) // 60_000_000_000


async def run(source, root: Path, jobs: list[DayJob], bar: str = "1m", **kw) -> FetchTally:
    """What the command does after planning: skip held days, fetch and write the rest."""
    catalog = Catalog(root)
    tally = FetchTally()
    todo = pending(catalog, jobs, bar, now=2**62, tally=tally)
    await fetch_days(source, catalog, todo, bar, source_name="test", tally=tally, **kw)
    return tally
