"""Brokers whose shutdown goes wrong, on top of the paper broker.

``refusing_paper`` rejects every order sent to flatten at shutdown, as a venue may
(market closed, account locked). ``ghost_broker`` is a live broker as far as the core can
tell (it declares nothing simulated): it fills like the paper broker, but once it has seen
the market its snapshot reports a position the bot's book does not have, or, with
``silent: true``, never answers at all.
"""

from __future__ import annotations

import asyncio
from typing import Any

from runner.api import Broker, BrokerCapabilities, MarketEvent
from runner.api.broker import BrokerSnapshot
from runner.hookspecs import hookimpl
from runner.model import Bar, Order, OrderStatus, OrderUpdate
from runner_plugins.paper.broker import PaperBroker, PaperParams


class RefusingPaper(PaperBroker):
    name = "refusing_paper"

    def submit(self, order: Order) -> None:
        if order.reason == "shutdown":
            self.sink(
                OrderUpdate(order.client_id, OrderStatus.REJECTED, order.ts, reason="market closed")
            )
            return
        super().submit(order)


class GhostParams(PaperParams):
    ghost: int = 2
    silent: bool = False


class GhostBroker(PaperBroker):
    name = "ghost_broker"
    Params = GhostParams  # type: ignore[assignment]
    capabilities = BrokerCapabilities(native_brackets=True)

    def __init__(self, params: Any = None, connection: Any = None) -> None:
        super().__init__(params or GhostParams(), connection)
        self.symbols: set[str] = set()

    def on_market(self, event: MarketEvent) -> None:
        if isinstance(event, Bar):
            self.symbols.add(event.symbol)
        super().on_market(event)

    async def snapshot(self) -> BrokerSnapshot:
        p = self.params
        assert isinstance(p, GhostParams)
        if not self.symbols:  # at start: nothing held yet
            return BrokerSnapshot()
        if p.silent:
            await asyncio.Event().wait()  # a broker that never answers
        return BrokerSnapshot(positions=dict.fromkeys(self.symbols, p.ghost))


@hookimpl
def register_brokers() -> list[type[Broker]]:
    return [RefusingPaper, GhostBroker]
