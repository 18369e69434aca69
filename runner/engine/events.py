"""Market and order events: the only things that flow between feeds, brokers and bots.

Hot-path types are slots dataclasses. Times are integer nanoseconds since the Unix epoch,
UTC, so that arithmetic and comparisons on the per-bar path never touch datetime.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime

NS = 1_000_000_000
MINUTE_NS = 60 * NS


def to_datetime(ts: int) -> datetime:
    """UTC datetime of a nanosecond timestamp (for display and calendars, never the hot path)."""
    return datetime.fromtimestamp(ts / NS, tz=UTC)


def from_datetime(dt: datetime) -> int:
    """Nanoseconds since the epoch of an aware datetime (naive means UTC)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return int(dt.timestamp()) * NS + dt.microsecond * 1000


@dataclass(slots=True)
class Trade:
    symbol: str
    ts: int
    price: float
    size: int


@dataclass(slots=True)
class Quote:
    symbol: str
    ts: int
    bid: float
    ask: float
    bid_size: int = 0
    ask_size: int = 0


@dataclass(slots=True)
class Bar:
    """A time bar. ``ts`` is the bar's start, ``end`` its close; decisions happen at ``end``."""

    symbol: str
    ts: int
    end: int
    open: float
    high: float
    low: float
    close: float
    volume: float = 0.0


@dataclass(slots=True)
class Timer:
    """A scheduled moment: window open/close, an event release, a heartbeat."""

    ts: int
    name: str
    payload: dict = field(default_factory=dict)


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


MarketEvent = Trade | Quote | Bar
BrokerEvent = OrderUpdate | Fill
