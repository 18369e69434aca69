"""The status heartbeat, and the equity curves moved from memory to the journal.

Every ``check_interval`` seconds: one ``heartbeat`` event with every bot's status (and how
late the beat came, a measure of a loaded event loop), each bot's state saved in the
journal, new equity points persisted, old finished orders dropped from memory. Each bot's
entry says where its feed and broker stand (``connected``, ``disconnected 42s``,
``stale``): a bot cut off from either is not shown as plain ``running``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from runner.events import Heartbeat as Beat  # this module's Heartbeat is the loop
from runner.events import Listener
from runner.journal.store import Journal
from runner.model import NS
from runner.runtime.connection import ConnectionWatch
from runner.runtime.supervision import Supervisor

EQUITY_IN_MEMORY = 20_000  # equity points per bot kept in memory (about two weeks of minutes)
ORDERS_IN_MEMORY_NS = 86_400 * NS  # finished orders older than a day leave memory

StatusListener = Callable[[list[dict[str, Any]]], None]


class Heartbeat:
    def __init__(
        self,
        supervisor: Supervisor,
        journal: Journal,
        emit: Listener,
        now: Callable[[], int],
        interval: float,
        connections: ConnectionWatch | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.supervisor = supervisor
        self.journal = journal
        self.emit = emit
        self.now = now
        self.interval = interval
        self.connections = connections
        self.monotonic = monotonic
        self.delays: list[float] = []  # seconds each beat came late
        self.listeners: list[StatusListener] = []
        self._equity_saved: dict[str, int] = {}  # curve points already in the journal

    async def run(self, stopping: asyncio.Event) -> None:
        clock = self.monotonic
        due = clock() + self.interval
        while not stopping.is_set():
            await asyncio.sleep(max(0.0, due - clock()))
            late = clock() - due
            self.delays.append(late)
            due += self.interval
            statuses = self.statuses()
            self.emit(Beat(bot="", ts=self.now(), bots=statuses, delay_ms=round(late * 1000, 2)))
            # the journal's bot_state (what each bot looked like last) and the new equity
            # points, in one transaction: one per bot would hold the loop with many bots
            ts = self.now()
            self.save_equity(states=[(st["bot"], st, ts) for st in statuses])
            for listener in self.listeners:
                listener(statuses)

    def statuses(self) -> list[dict[str, Any]]:
        """Every bot's status, with its feed's and broker's connection."""
        statuses = self.supervisor.status()
        if self.connections is not None:
            self.connections.annotate(statuses)
        return statuses

    def save_equity(
        self, final: bool = False, states: list[tuple[str, dict[str, Any], int]] | None = None
    ) -> None:
        """Equity points recorded since the last save go to the journal (with ``states``,
        the bots' saved states, in the same transaction); memory keeps a tail.

        The newest point stays unsaved until the next call (a bar close may still replace
        it). A runner left up for months would otherwise hold every bar's point of every
        bot in memory; the session's metrics are read back from the journal at the end.
        """
        points: dict[str, list[tuple[int, float]]] = {}
        saved: dict[str, int] = {}
        for slot in self.supervisor.slots.values():
            curve = slot.runner.portfolio.equity_curve
            done = self._equity_saved.get(slot.name, 0)
            upto = len(curve) if final else len(curve) - 1
            if upto > done:
                points[slot.name] = curve[done:upto]
                done = upto
            saved[slot.name] = done
        self.journal.save_many(states or [], points)
        for slot in self.supervisor.slots.values():
            done = saved[slot.name]
            if done > EQUITY_IN_MEMORY:
                drop = done - EQUITY_IN_MEMORY // 2
                del slot.runner.portfolio.equity_curve[:drop]
                done -= drop
            self._equity_saved[slot.name] = done
        cutoff = self.now() - ORDERS_IN_MEMORY_NS
        for slot in self.supervisor.slots.values():
            slot.runner.prune(cutoff)

    def session_curves(self) -> dict[str, list[tuple[int, float]]]:
        """This run's equity curve of every bot, complete, from the journal."""
        return {
            name: self.journal.equity_curve(name, self.journal.run_id)
            for name in self.supervisor.slots
        }
