"""One bot: its bar intake and decision pipeline tied to its order manager.

indicators -> filters -> exits -> signals -> sizing -> risk -> orders. The same object
runs in a backtest, on a paced replay and live; only the feed, the broker and the clock
around it differ. The parts do the work (:mod:`runner.engine.intake`,
:mod:`runner.engine.pipeline`, :mod:`runner.orders`); this class wires them and is what
the engine, the runtime and the supervisor hold.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from runner.engine.intake import BarIntake
from runner.engine.pipeline import DecisionPipeline
from runner.orders import recovery
from runner.orders.manager import OrderManager
from runner.orders.records import OrderRecord, TradeState

if TYPE_CHECKING:
    from runner.api import Broker, Exit, Filter, Indicator, Signal, Sizer
    from runner.api.context import BotContext, InstrumentState
    from runner.engine.bars import BarBuilder
    from runner.engine.risk import RiskGuard
    from runner.events import Listener
    from runner.model import Bar, Fill, OrderUpdate
    from runner.portfolio.ledger import Portfolio
    from runner.schedule.windows import WindowTracker

__all__ = ["BotRunner", "OrderRecord", "TradeState"]


class BotRunner:
    """Runs one bot. Market data comes in through ``on_bar`` and ``settle``; broker events
    go straight to the order manager (the broker's sink)."""

    on_bar: Callable[[Bar], bool]
    settle: Callable[..., None]
    warm: Callable[[list[Bar]], None]

    def __init__(
        self,
        name: str,
        ctx: BotContext,
        indicators: dict[str, list[Indicator]],
        filters: list[Filter],
        exits: list[Exit],
        signals: list[Signal],
        sizer: Sizer,
        broker: Broker,
        portfolio: Portfolio,
        risk: RiskGuard,
        emit: Listener,
        builders: dict[str, BarBuilder] | None = None,
        id_prefix: str = "",
        on_stop: str = "flatten",
        window: WindowTracker | None = None,
    ) -> None:
        self.name = name
        self.ctx = ctx
        self.om = OrderManager(name, ctx, broker, portfolio, risk, emit, id_prefix)
        self.by_symbol: dict[str, InstrumentState] = self.om.by_symbol
        self.broker = broker
        self.on_stop = on_stop
        self.failed = False  # set by the supervisor when a plugin raised
        self.resume_at = 0
        """Market time (ns) up to which a resumed replay already traded: bars that end at
        or before it only warm the indicators (see :class:`runner.engine.engine.Engine`)."""
        self.pipeline = DecisionPipeline(
            ctx, self.om, filters, exits, signals, sizer, on_stop, window
        )
        self.indicators = indicators  # by symbol; a backtest may compute them ahead (batch)
        updates = {sym: tuple(i.update for i in inds) for sym, inds in indicators.items()}
        self.intake = BarIntake(
            ctx, updates, builders or {}, self.om, self.pipeline.decide, self.pipeline.observe
        )
        # bound once: the engine calls these for every bar, without a hop through here
        self.on_bar = self.intake.on_bar
        self.settle = self.intake.settle
        self.warm = self.intake.warm
        for f in filters:
            f.bind(ctx)
        for e in exits:
            e.bind(ctx)
        for s in signals:
            s.bind(ctx)
        self.pipeline.idle_skip = all(s.stateless() for s in signals)
        for inds in indicators.values():
            for ind in inds:
                ind.bind(ctx)

    # ---------------------------------------------------------------- the order manager's
    @property
    def portfolio(self) -> Portfolio:
        return self.om.portfolio

    @property
    def journal(self) -> Any:
        return self.om.journal

    @journal.setter
    def journal(self, journal: Any) -> None:
        self.om.journal = journal

    @property
    def risk(self) -> RiskGuard:
        return self.om.risk

    @property
    def orders(self) -> dict[str, OrderRecord]:
        return self.om.orders

    @property
    def live(self) -> dict[str, OrderRecord]:
        return self.om.live

    @property
    def trade(self) -> TradeState:
        return self.om.trade

    @property
    def seq(self) -> int:
        """The last client-id sequence number used (ids are ``<prefix>-<seq>``)."""
        return self.om.seq

    def continue_after(self, seq: int) -> None:
        """Never reuse a client id of an earlier run: new ids start after ``seq``."""
        self.om.continue_after(seq)

    def knows_fill(self, fill: Fill) -> bool:
        """Whether this execution (by ``Fill.key``) is already booked."""
        return self.om.knows_fill(fill)

    @property
    def fill_count(self) -> int:
        """Distinct executions booked in this process (including those restored)."""
        return len(self.om.fills)

    @property
    def active(self) -> bool:
        return self.pipeline.active

    @property
    def last_signal(self) -> str:
        return self.pipeline.last_signal

    def decide(self) -> None:
        self.pipeline.decide()

    def on_broker_event(self, event: OrderUpdate | Fill) -> None:
        self.om.on_broker_event(event)

    def on_order_update(self, u: OrderUpdate) -> None:
        self.om.on_order_update(u)

    def on_fill(self, f: Fill) -> None:
        self.om.on_fill(f)

    def set_connected(self, connected: bool) -> None:
        """While the bot's broker or the feed of its symbols is unreachable no entry is sent:
        it could be neither confirmed nor protected, or would act on data that stopped.
        Exits and flattens still go out (the broker may still take them)."""
        self.pipeline.connected = connected

    def hold_entries(self, reason: str) -> None:
        """A comparison with the broker found a difference, or could not be made: no entry
        goes out until one finds the bot and its broker agreeing (``reason`` "" again)."""
        self.pipeline.held = reason

    @property
    def entries_held(self) -> str:
        return self.pipeline.held

    def entries_allowed(self) -> bool:
        """May the bot open a trade now (window, risk halt, broker reachable, filters)?"""
        return self.pipeline.entries_allowed()

    @property
    def window(self) -> WindowTracker | None:
        return self.pipeline.window

    def cancel(self, client_id: str) -> None:
        self.om.cancel(client_id)

    def close_position(self, inst: InstrumentState, reason: str) -> None:
        self.om.close_position(inst, reason)

    def close_all(self, reason: str) -> None:
        self.om.close_all(reason)

    def flatten(self, reason: str) -> None:
        """Cancel everything and close every position (shutdown, halt, window end)."""
        self.om.flatten(reason)

    # ---------------------------------------------------------------- recovery
    def restore(self, journal: Any) -> None:
        """Rebuild orders, positions and PnL from the journal of a previous run."""
        recovery.restore(self.om, journal)

    def adopt(self, old: BotRunner) -> None:
        """Take over a failed runner's orders, positions and PnL (a restart, not a reset)."""
        recovery.adopt(self.om, old.om)
        self.resume_at = old.resume_at
        self.pipeline.last_signal = old.pipeline.last_signal
        self.ctx.bar_index = old.ctx.bar_index
        self.ctx.equity = old.ctx.equity
        self.ctx.entry_values = old.ctx.entry_values  # at_entry(...) of the open trade

    def prune(self, before: int) -> None:
        """Forget finished orders sent before ``before`` (the journal keeps them all)."""
        recovery.prune(self.om, before)

    # ---------------------------------------------------------------- status
    def status(self) -> dict[str, Any]:
        ctx = self.ctx
        bar = ctx.primary.bar
        portfolio = self.om.portfolio
        return {
            "bot": self.name,
            "position": {i.symbol: i.holding.qty for i in ctx.instruments.values() if i.tradable},
            "equity": round(portfolio.equity, 2),
            "pnl": round(portfolio.equity - ctx.capital, 2),
            "last_price": bar.close if bar else math.nan,
            "tick": ctx.primary.contract.tick_size,
            "last_signal": self.pipeline.last_signal,
            "halted": self.om.risk.halted,
            **({"entries_held": self.pipeline.held} if self.pipeline.held else {}),
            "active": self.pipeline.active,
        }
