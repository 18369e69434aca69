"""Orders and what brokers say about them: the only things between a bot and a broker."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Side(enum.IntEnum):
    BUY = 1
    SELL = -1

    @property
    def opposite(self) -> Side:
        return Side.SELL if self is Side.BUY else Side.BUY


class OrderType(enum.StrEnum):
    MARKET = "market"
    LIMIT = "limit"
    STOP = "stop"
    STOP_LIMIT = "stop_limit"


class TimeInForce(enum.StrEnum):
    DAY = "day"
    GTC = "gtc"
    IOC = "ioc"
    FOK = "fok"


class OrderStatus(enum.StrEnum):
    PENDING_NEW = "pending_new"  # written to the journal, sent, not yet acknowledged
    ACCEPTED = "accepted"  # working at the broker / exchange
    PARTIALLY_FILLED = "partially_filled"
    FILLED = "filled"
    PENDING_CANCEL = "pending_cancel"
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    EXPIRED = "expired"

    @property
    def is_done(self) -> bool:
        return self in _DONE


_DONE = frozenset(
    {OrderStatus.FILLED, OrderStatus.CANCELLED, OrderStatus.REJECTED, OrderStatus.EXPIRED}
)


@dataclass(slots=True)
class Order:
    """An order as the engine sends it.

    ``client_id`` is the idempotency key: it is journaled before the order leaves, every
    broker echoes it back (user_tag on Rithmic, orderRef on IB), and no component ever
    sends a second order with the same id.
    """

    client_id: str
    bot: str
    symbol: str
    side: Side
    qty: int
    type: OrderType = OrderType.MARKET
    limit_price: float | None = None
    stop_price: float | None = None
    tif: TimeInForce = TimeInForce.DAY
    parent_id: str | None = None  # bracket children name their entry order
    oco_group: str | None = None  # orders of one group cancel each other on fill
    reason: str = ""  # why the engine sent it: "entry", "stop", "target", "flatten", ...
    ts: int = 0


@dataclass(slots=True)
class Bracket:
    """An entry with its protective stop and profit target, one-cancels-other."""

    entry: Order
    stop: Order | None = None
    target: Order | None = None


@dataclass(slots=True)
class OrderUpdate:
    client_id: str
    status: OrderStatus
    ts: int
    broker_id: str = ""
    filled_qty: int = 0
    remaining_qty: int = 0
    avg_price: float = 0.0
    reason: str = ""  # reject or cancel text from the broker


@dataclass(slots=True)
class Fill:
    """One execution. ``fill_id`` is unique per broker and makes fills idempotent."""

    client_id: str
    fill_id: str
    symbol: str
    side: Side
    qty: int
    price: float
    ts: int
    commission: float = 0.0
    bot: str = ""
    reason: str = ""  # the order's reason ("stop", "target", ...): names a trade's exit
    session: str = ""
    """The broker session that reported it (a login, a connection, a paper run). Execution ids
    are unique only within one session of a venue; a restart of either side may reuse one."""

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes a fill itself: no restart of either side can merge two or split one."""
        return (self.session, self.client_id, self.fill_id)


BrokerEvent = OrderUpdate | Fill
