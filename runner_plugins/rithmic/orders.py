"""Our side of an order at Rithmic: what we sent, what the notifications say about it.

Kept apart from the broker plugin so that the mapping from R|Protocol's notification fields
to the engine's order statuses reads in one place.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from runner.api import NS, Order, OrderStatus, OrderType, OrderUpdate, TimeInForce
from runner_plugins.rithmic.protocol.proto.exchange_order_notification_pb2 import (
    ExchangeOrderNotification,
)
from runner_plugins.rithmic.protocol.proto.rithmic_order_notification_pb2 import (
    RithmicOrderNotification,
)

# Enum fields are given by name: each message declares its own PriceType and Duration enum
# (same names, same numbers), and a request's constructor takes the name for any of them.
PRICE_TYPE = {
    OrderType.LIMIT: "LIMIT",
    OrderType.MARKET: "MARKET",
    OrderType.STOP_LIMIT: "STOP_LIMIT",
    OrderType.STOP: "STOP_MARKET",
}
DURATION = {
    TimeInForce.DAY: "DAY",
    TimeInForce.GTC: "GTC",
    TimeInForce.IOC: "IOC",
    TimeInForce.FOK: "FOK",
}
# a notification's price_type number -> our order type
ORDER_TYPE = {1: OrderType.LIMIT, 2: OrderType.MARKET, 3: OrderType.STOP_LIMIT, 4: OrderType.STOP}

Notification = RithmicOrderNotification | ExchangeOrderNotification


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


def msg_ts(msg: Notification) -> int:
    """Nanoseconds of a message's ssboe/usecs (now when it carries none)."""
    ssboe = getattr(msg, "ssboe", 0)
    if not ssboe:
        return time.time_ns()
    return ssboe * NS + getattr(msg, "usecs", 0) * 1000


def status_of(msg: RithmicOrderNotification, t: Tracked) -> OrderStatus | None:
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


class ExecutionIds:
    """Names each execution of an order once, though the venue's ids may repeat.

    A restarted gateway numbers fills from the start again, so one order that works
    through the restart can see a fill id twice. An execution is a repeat (a replay, a
    reconnect) when it matches one already seen under the same client id, basket and fill
    id in its exchange time or in the order's filled size after it; only when both differ
    is it another execution, named ``<basket>.<fill>#2`` and on, in the order seen (the
    replay after a restart of our process sees them in the same order).
    """

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], list[tuple[tuple[int, int], int]]] = {}

    def name(self, client_id: str, msg: ExchangeOrderNotification) -> str | None:
        """The fill id of this execution, or None when it was already named."""
        base = f"{msg.basket_id}.{msg.fill_id}"
        when = (msg.source_ssboe or msg.ssboe, msg.source_usecs or msg.usecs)
        seen = self._seen.setdefault((client_id, base), [])
        if any(when == t or msg.total_fill_size == total for t, total in seen):
            return None
        seen.append((when, msg.total_fill_size))
        return base if len(seen) == 1 else f"{base}#{len(seen)}"
