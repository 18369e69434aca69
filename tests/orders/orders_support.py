"""An order manager wired to a broker that records what it is asked and answers on demand."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from runner.api import Broker, BrokerCapabilities
from runner.api.context import BotContext, InstrumentState
from runner.api.exit import ExitLevels
from runner.config.bot import RiskConfig
from runner.engine.risk import RiskGuard
from runner.events import Event
from runner.model import (
    Bar,
    Bracket,
    Fill,
    Order,
    OrderStatus,
    OrderType,
    OrderUpdate,
    Side,
)
from runner.model.instrument import ContractSpec
from runner.orders import OrderManager
from runner.portfolio import Portfolio

GC = ContractSpec("GC", "Gold", "COMEX", "USD", 0.1, 100.0, "COMEX", "America/New_York")
SI = ContractSpec("SI", "Silver", "COMEX", "USD", 0.005, 5000.0, "COMEX", "America/New_York")
SPECS = {"GCZ6": GC, "SIZ6": SI}
T0 = 1_700_000_000 * 1_000_000_000
MIN = 60 * 1_000_000_000


class RecordingBroker(Broker[Any]):
    """Answers nothing by itself: the test plays the venue through :meth:`answer`."""

    def __init__(self, capabilities: BrokerCapabilities) -> None:
        self.sink = lambda e: None
        self.capabilities = capabilities  # type: ignore[misc]
        self.sent: list[Order] = []
        self.brackets: list[Bracket] = []
        self.batches: list[list[Order]] = []
        self.cancels: list[str] = []
        self.modifies: list[tuple[str, dict[str, Any]]] = []
        self._fills = 0

    def submit(self, order: Order) -> None:
        self.sent.append(order)

    def submit_bracket(self, bracket: Bracket) -> None:
        self.brackets.append(bracket)

    def submit_many(self, orders: list[Order]) -> None:
        self.batches.append(list(orders))

    def cancel(self, client_id: str) -> None:
        self.cancels.append(client_id)

    def modify(self, client_id: str, **change: Any) -> None:
        self.modifies.append((client_id, change))

    # the venue's side
    def answer(self, client_id: str, status: OrderStatus, ts: int = T0, reason: str = "") -> None:
        self.sink(OrderUpdate(client_id, status, ts, reason=reason))

    def fill(
        self,
        order: Order,
        qty: int | None = None,
        price: float = 2000.0,
        *,
        session: str = "s1",
        fill_id: str | None = None,
        ts: int = T0,
    ) -> Fill:
        self._fills += 1
        f = Fill(
            order.client_id,
            fill_id or f"x{self._fills}",
            order.symbol,
            order.side,
            order.qty if qty is None else qty,
            price,
            ts,
            reason=order.reason,
            session=session,
        )
        self.sink(f)
        return f


@dataclass
class Desk:
    om: OrderManager
    broker: RecordingBroker
    ctx: BotContext
    events: list[dict[str, Any]] = field(default_factory=list)

    def kinds(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["event"] == kind]

    def inst(self, key: str) -> InstrumentState:
        return self.ctx.instruments[key]

    def order(self, key: str, side: Side, qty: int, reason: str = "entry") -> Order:
        order = self.om.new_order(self.inst(key), side, qty, OrderType.MARKET, reason=reason)
        assert order is not None
        return order

    def enter(self, key: str, side: Side, qty: int, levels: ExitLevels | None = None) -> Order:
        """One instrument's entry, as the pipeline opens it."""
        self.om.begin_trade(int(side), "test")
        order = self.order(key, side, qty)
        self.om.open_trade([(key, order)], levels)
        return order

    def enter_pair(self, legs: dict[str, tuple[Side, int]]) -> list[Order]:
        first = next(iter(legs.values()))[0]
        self.om.begin_trade(int(first), "pair")
        orders = [(k, self.order(k, side, qty)) for k, (side, qty) in legs.items()]
        self.om.open_trade(orders, None)
        return [o for _, o in orders]

    def bar(self, key: str, close: float, ts: int = T0) -> None:
        inst = self.inst(key)
        inst.bar = Bar(inst.symbol, ts - MIN, ts, close, close, close, close, 1)
        self.ctx.now = ts


def desk(
    *,
    native_brackets: bool = False,
    multi_leg: bool = False,
    pair: bool = False,
    max_position: int = 10,
) -> Desk:
    instruments = {"gc": InstrumentState("gc", "GCZ6", GC, True)}
    if pair:
        instruments["si"] = InstrumentState("si", "SIZ6", SI, True)
    ctx = BotContext("b", instruments, {}, 100_000.0, "America/New_York")
    ctx.now = T0
    broker = RecordingBroker(
        BrokerCapabilities(native_brackets=native_brackets, multi_leg=multi_leg)
    )
    events: list[dict[str, Any]] = []

    def emit(event: Event) -> None:
        events.append({"event": event.name, "bot": event.bot, "ts": event.ts, **event.payload()})

    portfolio = Portfolio("b", 100_000.0, SPECS.__getitem__)
    risk = RiskGuard(RiskConfig(max_position=max_position), "America/New_York")
    om = OrderManager("b", ctx, broker, portfolio, risk, emit)
    return Desk(om, broker, ctx, events)
