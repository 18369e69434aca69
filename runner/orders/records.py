"""What the order manager remembers about each order and about the bot's current trade."""

from __future__ import annotations

from dataclasses import dataclass, field

from runner.api.exit import ExitLevels
from runner.model import Order, OrderStatus


@dataclass(slots=True)
class OrderRecord:
    """One order of the run: the order as sent, the broker's latest word and its role."""

    order: Order
    status: OrderStatus = OrderStatus.PENDING_NEW
    filled: int = 0
    role: str = "entry"  # entry, stop, target, close
    group: str = ""  # the trade (entry client id) this order belongs to
    cancel_asked: bool = False  # the bot asked for its cancel (a venue may cancel on its own)


@dataclass(slots=True)
class TradeState:
    """The bot's current trade: its direction, legs and protective orders."""

    direction: int = 0
    entry_ids: list[str] = field(default_factory=list)
    levels: dict[str, ExitLevels] = field(default_factory=dict)  # instrument key -> levels
    stops: dict[str, str] = field(default_factory=dict)  # instrument key -> stop client id
    targets: dict[str, str] = field(default_factory=dict)
    reason: str = ""
