"""Our side of an order at Rithmic: what we sent, what the notifications say about it.

Kept apart from the broker plugin so that the mapping from R|Protocol's notification fields
to the engine's order statuses reads in one place.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from google.protobuf.message import Message

from runner.api import NS, Order, OrderStatus, OrderType, OrderUpdate, TimeInForce

PRICE_TYPE = {OrderType.LIMIT: 1, OrderType.MARKET: 2, OrderType.STOP_LIMIT: 3, OrderType.STOP: 4}
DURATION = {TimeInForce.DAY: 1, TimeInForce.GTC: 2, TimeInForce.IOC: 3, TimeInForce.FOK: 4}
ORDER_TYPE = {v: k for k, v in PRICE_TYPE.items()}


@dataclass(slots=True)
class Tracked:
    """Our view of one order; ``order`` is a private copy that follows modifications."""

    order: Order
    exchange: str = ""
    basket_id: str = ""
    status: OrderStatus = OrderStatus.PENDING_NEW
    filled: int = 0
    avg_price: float = 0.0
    cancel_wanted: bool = False
    placing: bool = False

    def update(self, status: OrderStatus, ts: int, reason: str = "") -> OrderUpdate:
        self.status = status
        return OrderUpdate(
            self.order.client_id,
            status,
            ts,
            broker_id=self.basket_id,
            filled_qty=self.filled,
            remaining_qty=0 if status.is_done else max(0, self.order.qty - self.filled),
            avg_price=self.avg_price,
            reason=reason,
        )


def msg_ts(msg: Message) -> int:
    """Nanoseconds of a message's ssboe/usecs (now when it carries none)."""
    ssboe = getattr(msg, "ssboe", 0)
    if not ssboe:
        return time.time_ns()
    return ssboe * NS + getattr(msg, "usecs", 0) * 1000


def status_of(msg: Message, t: Tracked) -> OrderStatus | None:
    """The order status a RithmicOrderNotification (351) states, or None for none."""
    nt = msg.notify_type
    if nt in (13, 14) or (nt == 0 and msg.status == "open"):
        return OrderStatus.PARTIALLY_FILLED if t.filled else OrderStatus.ACCEPTED
    if nt == 6:
        return OrderStatus.PENDING_CANCEL
    if nt == 15 or msg.status == "complete":
        reason = msg.completion_reason.lower()
        if reason.startswith("fill") or (t.filled and t.filled >= t.order.qty):
            return OrderStatus.FILLED
        if reason.startswith("reject"):
            return OrderStatus.REJECTED
        return OrderStatus.CANCELLED
    return None
