"""The notifications the order desk sends: RithmicOrderNotification (351) for an order's
state, ExchangeOrderNotification (352) for what the exchange did (fills, cancels, rejects).

Builders only: they read an order and return the message, so the desk decides when a note
goes out and this module how it looks on the wire.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from runner.api import Side
from runner_plugins.rithmic.protocol.proto.exchange_order_notification_pb2 import (
    ExchangeOrderNotification,
)
from runner_plugins.rithmic.protocol.proto.rithmic_order_notification_pb2 import (
    RithmicOrderNotification,
)
from runner_plugins.rithmic.protocol.templates import stamped

if TYPE_CHECKING:
    from runner_sims.rithmic.desk import SimOrder


def ns_parts(ns: int) -> tuple[int, int]:
    """R|Protocol's time stamp: whole seconds since the epoch (ssboe) and microseconds."""
    seconds, rest = divmod(ns, 1_000_000_000)
    return int(seconds), int(rest // 1000)


@dataclass(frozen=True, slots=True)
class AccountIds:
    account_id: str
    fcm_id: str
    ib_id: str


def _side(side: Side) -> int:
    return 1 if side is Side.BUY else 2


def order_note(
    sim: SimOrder,
    ids: AccountIds,
    notify_type: int,
    status: str,
    *,
    seq: str,
    now: int,
    snapshot: bool = False,
) -> RithmicOrderNotification:
    o = sim.order
    ssboe, usecs = ns_parts(now)
    # enum fields go in by number, as the protocol numbers them
    fields: dict[str, Any] = {
        "notify_type": notify_type,
        "transaction_type": _side(o.side),
        "price_type": sim.price_type,
        "duration": sim.duration,
    }
    if sim.original_basket_id:
        fields["bracket_type"] = 3
    note = stamped(
        RithmicOrderNotification(
            status=status,
            basket_id=sim.basket_id,
            user_tag=sim.user_tag,
            symbol=o.symbol,
            exchange=sim.exchange,
            account_id=ids.account_id,
            fcm_id=ids.fcm_id,
            ib_id=ids.ib_id,
            quantity=o.qty,
            total_fill_size=sim.filled,
            total_unfilled_size=0 if sim.done else o.qty - sim.filled,
            sequence_number=seq,
            trade_route="simulator",
            ssboe=ssboe,
            usecs=usecs,
            is_snapshot=snapshot,
            **fields,
        )
    )
    if o.limit_price is not None:
        note.price = o.limit_price
    if o.stop_price is not None:
        note.trigger_price = o.stop_price
    if sim.filled:
        note.avg_fill_price = sim.avg_price
    if sim.completion_reason:
        note.completion_reason = sim.completion_reason
    if sim.original_basket_id:
        note.original_basket_id = sim.original_basket_id
        note.linked_basket_ids = sim.linked
    elif sim.linked:  # one of an OCO pair
        note.linked_basket_ids = sim.linked
    return note


def fill_note(fill: dict[str, Any], ids: AccountIds) -> ExchangeOrderNotification:
    sim: SimOrder = fill["order"]
    fields: dict[str, Any] = {
        "notify_type": 5,
        "transaction_type": _side(sim.order.side),
        "price_type": sim.price_type,
    }
    note = stamped(
        ExchangeOrderNotification(
            status="complete" if sim.done else "open",
            basket_id=sim.basket_id,
            user_tag=sim.user_tag,
            symbol=sim.order.symbol,
            exchange=sim.exchange,
            account_id=ids.account_id,
            fcm_id=ids.fcm_id,
            ib_id=ids.ib_id,
            quantity=sim.order.qty,
            fill_price=fill["price"],
            fill_size=fill["qty"],
            fill_id=fill["fill_id"],
            fill_time=fill["time"],
            fill_date=fill["date"],
            total_fill_size=fill["total"],
            total_unfilled_size=fill["unfilled"],
            avg_fill_price=fill["avg"],
            ssboe=fill["ssboe"],
            usecs=fill["usecs"],
            source_ssboe=fill["ssboe"],
            source_usecs=fill["usecs"],
            **fields,
        )
    )
    if sim.original_basket_id:
        note.original_basket_id = sim.original_basket_id
    return note


def exchange_note(
    sim: SimOrder, ids: AccountIds, notify_type: int, *, now: int, text: str = ""
) -> ExchangeOrderNotification:
    ssboe, usecs = ns_parts(now)
    fields: dict[str, Any] = {
        "notify_type": notify_type,
        "transaction_type": _side(sim.order.side),
    }
    note = stamped(
        ExchangeOrderNotification(
            basket_id=sim.basket_id,
            user_tag=sim.user_tag,
            symbol=sim.order.symbol,
            exchange=sim.exchange,
            account_id=ids.account_id,
            status=sim.status,
            ssboe=ssboe,
            usecs=usecs,
            quantity=sim.order.qty,
            total_fill_size=sim.filled,
            total_unfilled_size=0 if sim.done else sim.order.qty - sim.filled,
            **fields,
        )
    )
    if text:
        note.text = note.report_text = text
    if notify_type == 3:
        note.cancelled_size = sim.order.qty - sim.filled
    return note
