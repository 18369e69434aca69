"""How late the event loop wakes a sleeper: the delay every callback (a fill, a bar) waits.

A task sleeps ``interval`` seconds at a time and records how much later than asked it
woke. The heartbeat measures the same once per beat; this probe samples more often, so a
short stall (a slow plugin, a long slice of bars) shows on a scrape.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class LoopLag:
    __slots__ = ("interval", "last", "monotonic", "peak", "samples")

    def __init__(self, interval: float = 0.5, monotonic: Callable[[], float] = time.monotonic):
        self.interval = interval
        self.monotonic = monotonic
        self.last = 0.0  # seconds late, latest sample
        self.peak = 0.0  # seconds late, worst since the previous scrape
        self.samples = 0

    def take_peak(self) -> float:
        """The worst lag since the last call (a scrape), then reset to the latest."""
        peak, self.peak = max(self.peak, self.last), self.last
        return peak

    async def run(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            asked = self.monotonic()
            await asyncio.sleep(self.interval)
            late = max(0.0, self.monotonic() - asked - self.interval)
            self.last = late
            self.peak = max(self.peak, late)
            self.samples += 1
