"""Cooperative yields bounded by time: long synchronous work gives the event loop a turn.

A replay at full speed, a paced replay that fell behind, or a warm-up of hundreds of bots
can keep the loop busy for seconds; the heartbeat, the signal handlers and the restart
queue would then wait that long. Counting items between yields does not bound the wait
(an item costs more with more bots), so the work asks a :class:`TimeSlice` whether its
slice is spent and pauses only then. What the work does, and in which order, does not
depend on where it yields; only when others get their turn does.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

SLICE_S = 0.02  # longest stretch of work between two turns of the event loop


class TimeSlice:
    """``due()`` once ``budget`` seconds of ``monotonic`` time passed since the last pause.

    The monotonic clock is injected so a test decides when a slice is spent.
    """

    __slots__ = ("_since", "budget", "monotonic", "pauses")

    def __init__(
        self, budget: float = SLICE_S, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.budget = budget
        self.monotonic = monotonic
        self._since = monotonic()
        self.pauses = 0  # how often the work gave way (for tests and benchmarks)

    def due(self) -> bool:
        return self.monotonic() - self._since >= self.budget

    async def pause(self) -> None:
        """One turn of the event loop for every other task and callback that is ready."""
        await asyncio.sleep(0)
        self.pauses += 1
        self._since = self.monotonic()

    def restart(self) -> None:
        """The work just waited anyway (a paced feed slept): a new slice begins."""
        self._since = self.monotonic()

    async def maybe_pause(self) -> None:
        if self.due():
            await self.pause()
