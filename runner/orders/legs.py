"""The legs of a pair trade, which must stay the hedge the signal asked for.

The legs leave together (in one call when the broker declares ``multi_leg``). A leg that
is refused or cancelled unfilled unwinds the rest; a leg that fills only in part cuts the
other legs to the same fraction, as long as each keeps at least one contract (a lone leg
is no hedge); a leg still partly filled a bar after it was sent has its rest cancelled.
An entry that fills after its trade was given up is closed at once (the order manager's
``late_fill``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runner.events import LegFailed
from runner.model import Order, OrderStatus, OrderType, OrderUpdate
from runner.orders.records import TradeState

if TYPE_CHECKING:
    from runner.orders.manager import OrderManager
    from runner.orders.records import OrderRecord


class PairLegs:
    """Entry legs of the trades of one :class:`OrderManager`."""

    __slots__ = ("om",)

    def __init__(self, om: OrderManager) -> None:
        self.om = om

    def send(self, orders: list[tuple[str, Order]]) -> None:
        """Legs of one trade leave together; a refused leg unwinds the rest."""
        om = self.om
        trade = om.trade
        group = orders[0][1].client_id
        for _, order in orders:
            trade.entry_ids.append(order.client_id)
            om.track(order, "entry", group)
        if om.broker.capabilities.multi_leg:
            om.broker.submit_many([o for _, o in orders])
            return
        for _, order in orders:
            if om.trade is not trade:
                return  # a leg was refused on the spot and the trade unwound
            om.broker.submit(order)

    def entry_failed(self, rec: OrderRecord, u: OrderUpdate) -> None:
        """A leg that did not (fully) fill: the rest of the trade is reduced or unwound."""
        om = self.om
        trade = om.trade
        if rec.order.client_id not in trade.entry_ids:
            return
        if rec.filled and not om.broker.capabilities.native_brackets:
            om.brackets.protect(rec)
        if len(trade.entry_ids) > 1:
            fraction = rec.filled / rec.order.qty if rec.order.qty else 0.0
            others = [om.orders[c] for c in trade.entry_ids if c != rec.order.client_id]
            # reduce only when every other leg keeps something: a lone leg is no hedge
            reduce = fraction > 0 and all(round(o.order.qty * fraction) > 0 for o in others)
            om.emit(
                LegFailed(
                    bot=om.name,
                    ts=u.ts,
                    client_id=rec.order.client_id,
                    symbol=rec.order.symbol,
                    status=u.status.value,
                    reason=u.reason,
                    filled=rec.filled,
                    qty=rec.order.qty,
                    action="reduce" if reduce else "unwind",
                )
            )
            if reduce:
                self.reduce(rec, fraction)
            else:
                om.close_all("leg_failed")
        elif not rec.filled and not om.has_position():
            om.trade = TradeState()

    def reduce(self, short_leg: OrderRecord, fraction: float) -> None:
        """A leg filled only in part: cut the other legs to the same fraction of their size,
        so the position stays the hedge the signal asked for, only smaller."""
        om = self.om
        for cid in list(om.trade.entry_ids):
            rec = om.orders[cid]
            if rec is short_leg:
                continue
            keep = round(rec.order.qty * fraction)
            if not rec.status.is_done and rec.filled < keep:
                rec.order.qty = keep
                om.modify(cid, qty=keep)
                continue
            if not rec.status.is_done:
                om.cancel(cid)
            excess = rec.filled - keep
            if excess > 0:
                inst = om.by_symbol[rec.order.symbol]
                order = om.new_order(
                    inst,
                    rec.order.side.opposite,
                    excess,
                    OrderType.MARKET,
                    reason="leg_reduce",
                    force=True,
                )
                if order is not None:
                    om.submit(order, role="close", group=cid)

    def expire_partial(self) -> None:
        """A pair leg still partly filled a bar after it was sent: take the rest off."""
        om = self.om
        now = om.ctx.now
        for cid in om.trade.entry_ids:
            rec = om.live.get(cid)
            if (
                rec is not None
                and rec.status is OrderStatus.PARTIALLY_FILLED
                and rec.order.ts < now
            ):
                om.cancel(cid)
