"""One bot built from YAML around any broker, with the reconciler of the runtime beside it.

Bars are handed to the engine directly so prices are known; the broker is whatever the
test connects (the paper broker, the Rithmic or the IB plugin against its simulator).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from runner.api.broker import Broker
from runner.config.project import load_project
from runner.config.reconcile import ReconcileConfig
from runner.engine.backtest import EventLog
from runner.engine.bot import BotRunner
from runner.engine.engine import Engine
from runner.engine.factory import build_bot
from runner.events import EventSink
from runner.journal.store import Journal
from runner.model import MINUTE_NS, Bar, OrderType
from runner.runtime.connection import ConnectionWatch
from runner.runtime.reconcile import Reconciler
from runner.runtime.supervision import BotSlot, RestartPolicy, Supervisor

T0 = 1_793_804_400 * 10**9  # 2026-11-04 15:00 UTC, the simulators' day


def bot_yaml(name: str, symbol: str, policy: str, every: str = "5s", stop_ticks: int = 30) -> str:
    """A bot that never enters by itself (its signal cannot fire): every position it
    holds is one the tests put at the broker."""
    return f"""schema_version: 1
name: {name}
instruments:
  main: {{symbol: {symbol}}}
signals:
  - {{use: rule, long: "close < 0"}}
exits:
  - {{use: stop_target, stop: {{ticks: {stop_ticks}}}}}
risk: {{max_position: 5}}
reconcile: {{on_difference: {policy}, every: {every}, timeout: 3}}
"""


class Desk:
    """A bot, its broker, a journal and a reconciler on a clock the test moves."""

    def __init__(
        self,
        tmp_path: Path,
        broker: Broker,
        symbol: str,
        policy: str = "protect",
        name: str = "rb",
        on: date = date(2026, 11, 4),
    ) -> None:
        (tmp_path / f"{name}.yaml").write_text(bot_yaml(name, symbol, policy))
        project = load_project([tmp_path / f"{name}.yaml"], base=tmp_path)
        assert not project.errors, [str(e) for e in project.errors]
        self.loaded = project.bots[0]
        self.config: ReconcileConfig = self.loaded.config.reconcile
        self.log = EventLog()
        self.broker = broker
        self.symbol = symbol
        self.runner: BotRunner = build_bot(project.bots[0], broker, on=on, emit=self.log)
        self.journal = Journal(tmp_path / "journal.sqlite")
        self.journal.start_run(0)
        self.runner.journal = self.journal
        self.engine = Engine([self.runner])
        self.t = T0
        self.clock_ns = T0
        self.reconciler = Reconciler(
            self.journal, self.log, now=lambda: self.t, clock=lambda: self.clock_ns
        )

    # ------------------------------------------------------------------ market
    def bar(self, price: float, low: float | None = None, high: float | None = None) -> None:
        lo = price if low is None else low
        hi = price if high is None else high
        self.engine.process(Bar(self.symbol, self.t, self.t + MINUTE_NS, price, hi, lo, price, 10))
        self.engine.flush()
        self.t += MINUTE_NS

    def watch_connection(self) -> ConnectionWatch:
        """The runtime's connection watch on the broker: a reconnect starts a comparison."""
        supervisor = Supervisor(RestartPolicy(), self.log)
        supervisor.add(BotSlot(self.loaded, self.runner))
        watch = ConnectionWatch(supervisor, EventSink(self.log), lambda: self.clock_ns)
        watch.watch_broker(self.broker)
        watch.broker_back.append(lambda broker: self.reconciler.broker_back(broker, self.bots))
        return watch

    # ------------------------------------------------------------------ the reconciler
    async def check(self, cause: str = "periodic") -> str:
        return await self.reconciler.check(self.runner, self.config, cause)

    def bots(self) -> list[tuple[BotRunner, ReconcileConfig]]:
        return [(self.runner, self.config)]

    # ------------------------------------------------------------------ reading
    def kinds(self, kind: str) -> list[Any]:
        return [e for e in self.log.events if e.kind == kind]

    @property
    def position(self) -> int:
        return self.runner.by_symbol[self.symbol].holding.qty

    def live_stops(self) -> list[Any]:
        return [
            r
            for r in self.runner.live.values()
            if r.order.type is OrderType.STOP and not r.status.is_done
        ]

    def sent(self, role: str) -> list[Any]:
        return [r for r in self.runner.orders.values() if r.role == role]

    def notes(self) -> list[str]:
        return [event for _, event, _ in self.journal.reconcile_notes(self.runner.name)]
