"""The account as a simulated broker holds it, in one shape for every simulator.

Fault tests and the soak compare the runner's journal with this: the broker's positions,
its working orders, every execution it reported and every order it was ever sent. It is
read from the simulator's own books (the state its protocol answers from), never from
what a client was told.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from runner.api import OrderType, Side


@dataclass(frozen=True, slots=True)
class BrokerOrder:
    """One order as the broker booked it. ``tag`` is the client's own id (Rithmic
    ``user_tag``, IB ``orderRef``); ``leg`` tells a bracket's legs, which share their
    entry's tag at Rithmic, from the entry ("" for an order of its own)."""

    tag: str
    leg: str
    symbol: str
    side: Side
    qty: int
    type: OrderType
    price: float | None  # the limit, or the trigger of a stop
    broker_id: str


@dataclass(frozen=True, slots=True)
class Execution:
    tag: str
    leg: str
    symbol: str
    side: Side
    qty: int
    price: float
    exec_id: str


@dataclass(slots=True)
class Account:
    positions: dict[str, int] = field(default_factory=dict)  # symbol -> net, flat ones left out
    working: list[BrokerOrder] = field(default_factory=list)
    executions: list[Execution] = field(default_factory=list)
    orders: list[BrokerOrder] = field(default_factory=list)  # every order ever booked

    def stops_for(self, symbol: str) -> int:
        """Contracts of working stops on the side that closes the position in ``symbol``."""
        net = self.positions.get(symbol, 0)
        closing = Side.SELL if net > 0 else Side.BUY
        return sum(
            o.qty
            for o in self.working
            if o.symbol == symbol
            and o.side is closing
            and o.type in (OrderType.STOP, OrderType.STOP_LIMIT)
        )
