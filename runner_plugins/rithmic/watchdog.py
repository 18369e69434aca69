"""Stale-feed watchdog: notices a subscribed instrument that has gone quiet.

A dropped subscription that the server never reports looks exactly like a quiet market;
the only defence is to expect data during the instrument's session and say so when none
arrives. Outside the session (when a session check is supplied) silence is normal.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

SessionCheck = Callable[[str, int], bool]  # (symbol, now ns) -> is the market open?


class StaleWatch:
    def __init__(
        self,
        stale_after: float,
        on_stale: Callable[[str, float], None],
        session_check: SessionCheck | None = None,
    ) -> None:
        self.stale_after = stale_after
        self.on_stale = on_stale
        self.session_check = session_check
        self.last: dict[str, float] = {}
        self.flagged: set[str] = set()
        self._task: asyncio.Task | None = None

    def watch(self, symbol: str) -> None:
        self.last.setdefault(symbol, time.monotonic())

    def seen(self, symbol: str) -> None:
        self.last[symbol] = time.monotonic()
        self.flagged.discard(symbol)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def check(self) -> list[str]:
        """Symbols that just went stale (each reported once until data returns)."""
        now = time.monotonic()
        wall = time.time_ns()
        out = []
        for symbol, last in self.last.items():
            silent = now - last
            if silent <= self.stale_after or symbol in self.flagged:
                continue
            if self.session_check is not None and not self.session_check(symbol, wall):
                continue
            self.flagged.add(symbol)
            out.append(symbol)
            try:
                self.on_stale(symbol, silent)
            except Exception:  # whoever listens, the watch goes on
                log.exception("stale-feed callback for %s failed", symbol)
        return out

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(max(0.05, self.stale_after / 4))
            self.check()
