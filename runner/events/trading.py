"""Events of a bot's decisions, orders and fills."""

from __future__ import annotations

from dataclasses import dataclass

from runner.events.base import Event, omitted


# ---------------------------------------------------------------- decisions
@dataclass(frozen=True, slots=True, kw_only=True)
class Signal(Event):
    kind = "signal"
    symbol: str
    direction: str  # long, short, flat
    confidence: float
    reason: str
    price: float


@dataclass(frozen=True, slots=True, kw_only=True)
class EntrySkipped(Event):
    """A signal that sent nothing: zero size, or a pair leg that could not be sized."""

    kind = "entry_skipped"
    reason: str
    price: float | None = omitted()
    stop_distance: float | None = omitted()


@dataclass(frozen=True, slots=True, kw_only=True)
class RiskLimit(Event):
    kind = "risk_limit"
    limit: str  # max_daily_loss, max_position, max_orders_per_minute
    symbol: str | None = omitted()
    position: int | None = omitted()
    loss: float | None = omitted()


@dataclass(frozen=True, slots=True, kw_only=True)
class WindowOpen(Event):
    kind = "window_open"


@dataclass(frozen=True, slots=True, kw_only=True)
class WindowClose(Event):
    kind = "window_close"
    at: str  # "flatten time" or "window close"


@dataclass(frozen=True, slots=True, kw_only=True)
class SignalConflict(Event):
    """A rule signal whose long and short conditions were both true (``ctx.log``)."""

    kind = "signal_conflict"
    signal: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ExitLevelSkipped(Event):
    """An exit that could not set a level yet, e.g. its ATR is not warm (``ctx.log``)."""

    kind = "exit_level_skipped"
    exit: str
    level: str
    reason: str


# ---------------------------------------------------------------- orders and fills
@dataclass(frozen=True, slots=True, kw_only=True)
class OrderSent(Event):
    kind = "order"
    client_id: str
    symbol: str
    side: str
    qty: int
    type: str
    limit: float | None
    stop: float | None
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderEnded(Event):
    """An order that finished without (fully) filling; one kind per final status."""

    client_id: str
    symbol: str
    reason: str
    filled: int


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderRejected(OrderEnded):
    kind = "order_rejected"


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderCancelled(OrderEnded):
    kind = "order_cancelled"


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderExpired(OrderEnded):
    kind = "order_expired"


@dataclass(frozen=True, slots=True, kw_only=True)
class UnknownOrder(Event):
    kind = "unknown_order"
    client_id: str
    status: str


@dataclass(frozen=True, slots=True, kw_only=True)
class LegFailed(Event):
    kind = "leg_failed"
    client_id: str
    symbol: str
    status: str
    reason: str
    filled: int
    qty: int
    action: str  # reduce, unwind


@dataclass(frozen=True, slots=True, kw_only=True)
class ExitTriggered(Event):
    """An exit plugin closed a position at market."""

    kind = "exit"
    symbol: str
    reason: str
    price: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class StopMoved(Event):
    kind = "stop_moved"
    symbol: str
    price: float
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Flatten(Event):
    kind = "flatten"
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Filled(Event):
    kind = "fill"
    client_id: str
    symbol: str
    side: str
    qty: int
    price: float
    position: int
    role: str  # entry, stop, target, close, reconcile (taken over from the broker), unknown
    commission: float


@dataclass(frozen=True, slots=True, kw_only=True)
class UnknownFill(Event):
    kind = "unknown_fill"
    client_id: str
    symbol: str


@dataclass(frozen=True, slots=True, kw_only=True)
class LateFill(Event):
    """An entry given up on filled on its way out; the position is closed at once."""

    kind = "late_fill"
    client_id: str
    symbol: str
    qty: int
    position: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Reconcile(Event):
    """A difference between the journal and the broker, and what was done about it."""

    kind = "reconcile"
    symbol: str | None = omitted()
    client_id: str | None = omitted()
    difference: str
    position: int | None = omitted()
    fill_id: str | None = omitted()
    qty: int | None = omitted()
    price: float | None = omitted()
    journal: int | None = omitted()
    broker: int | None = omitted()


@dataclass(frozen=True, slots=True, kw_only=True)
class FinalPrice(Event):
    """The price a simulated broker fills shutdown orders at when no bar was seen."""

    kind = "final_price"
    symbol: str
    price: float
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Difference(Event):
    """The bot and its broker disagree on a position or a protective stop, found by a
    comparison (``cause``: start, reconnect, periodic), and what the bot's ``reconcile``
    policy did about it (``action``)."""

    kind = "difference"
    symbol: str
    difference: str
    bot_position: int
    broker_position: int
    policy: str  # protect, adopt, flatten
    action: str
    cause: str
    client_id: str | None = omitted()


@dataclass(frozen=True, slots=True, kw_only=True)
class ReconcileUnknown(Event):
    """The broker could not be asked (no answer in time, an error): the bot's positions are
    unknown, never taken for flat, and it sends no new entry until a comparison succeeds."""

    kind = "reconcile_unknown"
    cause: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EntriesResumed(Event):
    """A comparison found the bot and its broker agreeing again: entries are allowed."""

    kind = "entries_resumed"
    cause: str
    was: str  # why entries had been held


@dataclass(frozen=True, slots=True, kw_only=True)
class StopRestored(Event):
    """A protective stop the bot did not cancel is gone (cancelled or rejected by the
    broker, missing at a comparison): placed again at its level, or, when the price is
    already through that level, the position closed at market instead."""

    kind = "stop_restored"
    symbol: str
    client_id: str  # the stop that went away
    price: float
    qty: int
    action: str  # replaced, flattened
    reason: str
    new_client_id: str | None = omitted()
