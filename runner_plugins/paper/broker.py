"""The ``paper`` broker plugin: the matching engine behind the Broker interface.

It behaves like a live broker toward the engine (ACCEPTED, then a Fill followed by
PARTIALLY_FILLED or FILLED for each execution, CANCELLED, REJECTED, all carrying the
client id), so the bot code that trades live is the code that is backtested.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, Literal

from pydantic import Field

from runner.api import Bar, Bracket, ContractSpec, Fill, MarketEvent, Order, OrderUpdate, Trade
from runner.api.base import Params
from runner.api.broker import Broker, BrokerSnapshot
from runner.api.capabilities import BrokerCapabilities
from runner_plugins.paper.matching import MatchingEngine


class PaperParams(Params):
    slippage_ticks: float = Field(
        default=1,
        ge=0,
        le=1_000,
        description="ticks paid against the trader on market and stop fills (0 to 1,000)",
    )
    commission_per_contract: float = Field(
        default=2.5,
        ge=0,
        le=1_000,
        description=(
            "dollars per contract per fill (0 to 1,000); the default 2.50 is an assumed all-in retail "
            "futures rate (broker, exchange and clearing fees), not a quote from any broker"
        ),
    )
    commission_per_share: float = Field(
        default=0.005,
        ge=0,
        le=10,
        description=(
            "dollars per share per fill for shares (0 to 10) (ETF legs such as USO); the default "
            "0.005 is an assumed per-share rate, not a quote from any broker"
        ),
    )
    fill_on: Literal["next_trade", "next_bar_open"] = Field(
        default="next_bar_open",
        description="which market data fills orders: the next trade, or the next bar's open",
    )
    max_volume_fraction: float | None = Field(
        default=None,
        gt=0,
        le=1,
        description="largest share of a bar's (or trade's) volume our orders may take",
    )
    id_prefix: str = Field(default="P", min_length=1, description="prefix of broker order ids")


def _default_spec_for(symbol: str) -> ContractSpec:
    """The contract table, imported late: a test or tool can run without reading it."""
    from runner.api.contracts import spec_for_symbol

    return spec_for_symbol(symbol)


class PaperBroker(Broker[PaperParams]):
    """Simulated fills with slippage, commission and optional volume limits; nothing leaves."""

    name = "paper"
    capabilities = BrokerCapabilities(native_brackets=True, simulated=True)
    Params = PaperParams

    def __init__(
        self,
        params: PaperParams | None = None,
        connection: Any = None,
        *,
        spec_for: Callable[[str], ContractSpec] | None = None,
    ) -> None:
        params = params if params is not None else PaperParams()
        super().__init__(params, connection)
        self.engine = MatchingEngine(
            spec_for or _default_spec_for,
            slippage_ticks=params.slippage_ticks,
            commission_per_contract=params.commission_per_contract,
            fill_on=params.fill_on,
            max_volume_fraction=params.max_volume_fraction,
            id_prefix=params.id_prefix,
            commission_per_share=params.commission_per_share,
        )
        self.fills: list[Fill] = []
        self.positions: dict[str, int] = {}
        self.now = 0  # the latest market time seen: the submission time of undated orders
        self._queue: deque[OrderUpdate | Fill] = deque()
        self._emitting = False
        self._working, self._bar_symbols = self.engine.idle_test

    # ------------------------------------------------------------------ orders
    def submit(self, order: Order) -> None:
        self._emit(self.engine.submit(order, self._ts(order)))

    def submit_bracket(self, bracket: Bracket) -> None:
        """Entry, then its children held until it fills; stop and target share one OCO group."""
        entry = bracket.entry
        ts = self._ts(entry)
        self._emit(self.engine.submit(entry, ts))
        group = f"{entry.client_id}.oco"
        for child in (bracket.stop, bracket.target):
            if child is None:
                continue
            if child.parent_id is None or child.oco_group is None:
                child = replace(
                    child,
                    parent_id=child.parent_id or entry.client_id,
                    oco_group=child.oco_group or group,
                )
            self._emit(self.engine.submit(child, ts))

    def cancel(self, client_id: str) -> None:
        self._emit(self.engine.cancel(client_id, self.now))

    def modify(
        self,
        client_id: str,
        *,
        qty: int | None = None,
        limit_price: float | None = None,
        stop_price: float | None = None,
    ) -> None:
        self._emit(
            self.engine.modify(
                client_id, self.now, qty=qty, limit_price=limit_price, stop_price=stop_price
            )
        )

    # ------------------------------------------------------------------ market data
    def on_market(self, event: MarketEvent) -> None:
        if isinstance(event, Bar):
            if event.end > self.now:
                self.now = event.end
            symbol = event.symbol  # the engine's idle test, inlined: most bars of a backtest
            if not self._working.get(symbol) and symbol in self._bar_symbols:
                return
            events = self.engine.on_bar(event)
        elif isinstance(event, Trade):
            if event.ts > self.now:
                self.now = event.ts
            events = self.engine.on_trade(event)
        else:
            return  # quotes fill nothing: fills follow trades or bars
        if events:
            self._emit(events)

    async def snapshot(self) -> BrokerSnapshot:
        engine = self.engine
        open_orders = [engine.status(o.client_id) for o in engine.working()]
        return BrokerSnapshot(
            open_orders=[u for u in open_orders if u is not None],
            fills=list(self.fills),
            positions={s: q for s, q in self.positions.items() if q},
        )

    # ------------------------------------------------------------------ internals
    def _ts(self, order: Order) -> int:
        """An order exists from the later of its own time and the last market time seen."""
        return order.ts if order.ts > self.now else self.now

    def _emit(self, events: Iterable[OrderUpdate | Fill]) -> None:
        """Deliver events in order, also when the sink calls back into the broker.

        A bot that cancels an OCO sibling while it handles a fill gets the answer after the
        events already on their way, as it would from a live broker, never in between.
        """
        queue = self._queue
        queue.extend(events)
        if self._emitting:
            return
        self._emitting = True
        try:
            while queue:
                event = queue.popleft()
                if isinstance(event, Fill):
                    self.fills.append(event)
                    self.positions[event.symbol] = (
                        self.positions.get(event.symbol, 0) + int(event.side) * event.qty
                    )
                self.sink(event)
        finally:
            self._emitting = False
