"""Clocks: the only difference in time between a backtest, a paced replay and live trading.

Every component asks the clock for "now" instead of the operating system, so the same
bot code runs on simulated time (driven by the data), on an accelerated replay, or on
the wall clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

from runner.model import NS


class Clock(Protocol):
    def now(self) -> int:
        """Nanoseconds since the epoch, UTC."""
        ...


class WallClock:
    def now(self) -> int:
        return time.time_ns()


class SimulatedClock:
    """Time is whatever the last processed event says; it never runs backwards."""

    __slots__ = ("_now",)

    def __init__(self, start: int = 0) -> None:
        self._now = start

    def now(self) -> int:
        return self._now

    def advance(self, ts: int) -> None:
        if ts > self._now:
            self._now = ts


class AcceleratedClock:
    """Simulated time that runs ``speed`` times faster than the wall clock from ``start``.

    Used by paced replays: the market week of the bundled data plays out in minutes while
    schedules, heartbeats and the dashboard see a consistent, moving "now".
    """

    __slots__ = ("_origin_sim", "_origin_wall", "speed")

    def __init__(self, start: int, speed: float) -> None:
        self.speed = speed
        self._origin_sim = start
        self._origin_wall = time.monotonic_ns()

    def now(self) -> int:
        return self._origin_sim + int((time.monotonic_ns() - self._origin_wall) * self.speed)

    def wall_delay(self, ts: int) -> float:
        """Seconds of wall time until simulated time reaches ``ts`` (0 if already past)."""
        return max(0.0, (ts - self.now()) / self.speed / NS)


def parse_instant(text: str) -> int:
    """An ISO date or date-time as ns since the epoch; one without a zone is UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{text!r} is not an ISO date or date-time, e.g. 2026-12-14 or 2026-12-14T14:30Z"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp()) * NS + moment.microsecond * 1000


def start_clock(start: str | None) -> Callable[[], int]:
    """The "now" of a local server: the wall clock, or one that starts at ``start`` and runs
    at the wall clock's pace (so a demo or a test can be on any date it chooses)."""
    if start is None:
        return time.time_ns
    return AcceleratedClock(parse_instant(start), 1.0).now
