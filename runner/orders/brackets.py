"""Protective orders: brackets at the broker, or emulated here for brokers without them.

A broker that declares ``native_brackets`` gets the entry, stop and target as one
:class:`Bracket` and runs the one-cancels-other itself. For any other broker the entry
leaves alone; when it fills, the stop and target are sent for the filled quantity, and
when one of them closes the position the other is cancelled here (OCO emulation).
Stops only ever tighten; a trailing stop that activates where none works yet is placed.

Levels measured from the entry's actual fill (``anchor: fill``) cannot go out with the
entry: they are sent, stop and target in one OCO group, as soon as the entry has filled,
for every broker alike, so a live position gets its stop the moment it exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from runner.events import StopMoved, StopRestored
from runner.model import Bracket, Order, OrderStatus, OrderType, Side

if TYPE_CHECKING:
    from runner.api.context import InstrumentState
    from runner.api.exit import ExitLevels
    from runner.orders.manager import OrderManager
    from runner.orders.records import OrderRecord


class Brackets:
    """Stops and targets of the trades of one :class:`OrderManager`."""

    __slots__ = ("fill_levels", "om", "restored")

    def __init__(self, om: OrderManager) -> None:
        self.om = om
        self.restored: set[str] = set()  # client ids of stops placed again by restore()
        # the exits' levels from an entry's average fill price (set by the entry planner)
        self.fill_levels: Callable[[InstrumentState, int, float], ExitLevels | None] | None = None

    def entry_filled(self, rec: OrderRecord) -> None:
        """An entry has filled completely: its emulated bracket, and the levels measured
        from its fill (tightening what the bracket sent with it holds, if anything)."""
        om = self.om
        native = om.broker.capabilities.native_brackets
        inst = om.by_symbol.get(rec.order.symbol)
        held = inst.holding.qty if inst is not None else 0
        fresh = None
        if (
            self.fill_levels is not None
            and inst is not None
            and held
            and om.trade.entry_ids == [rec.order.client_id]  # one leg, still wanted
        ):
            fresh = self.fill_levels(inst, 1 if held > 0 else -1, inst.holding.avg_price)
        if fresh is None or inst is None:
            if not native:
                self.protect(rec)
            return
        sent = om.trade.levels.get(inst.key)
        if sent is None:  # nothing went with the entry: the fill's levels are the bracket
            om.trade.levels[inst.key] = fresh
            self.protect(rec)
            return
        if not native:
            self.protect(rec)
        direction = 1 if held > 0 else -1
        if fresh.stop is not None:
            self.tighten_stop(inst, fresh.stop, "stop from the fill")
            if sent.stop is None or (fresh.stop - sent.stop) * direction > 0:
                sent.stop = fresh.stop
        if fresh.target is None:
            return
        target_id = om.trade.targets.get(inst.key)
        target = om.live.get(target_id) if target_id is not None else None
        if target is None or target.status.is_done:
            self._place_target(inst, fresh.target)
            sent.target = fresh.target
        elif sent.target is None or (sent.target - fresh.target) * direction > 0:
            sent.target = target.order.limit_price = fresh.target  # nearer: the target moves
            om.modify(target.order.client_id, limit_price=fresh.target)

    def _place_target(self, inst: InstrumentState, price: float) -> None:
        """A target beside the stop already working: one OCO group with it."""
        om = self.om
        held = inst.holding.qty
        stop_id = om.trade.stops.get(inst.key)
        stop = om.live.get(stop_id) if stop_id is not None else None
        order = Order(
            om.next_id(),
            om.name,
            inst.symbol,
            Side.SELL if held > 0 else Side.BUY,
            abs(held),
            OrderType.LIMIT,
            limit_price=price,
            oco_group=stop.order.oco_group if stop is not None else None,
            reason="target",
            ts=om.ctx.now,
        )
        om.submit(order, role="target", group=stop.group if stop is not None else "")
        om.trade.targets[inst.key] = order.client_id

    def build(self, entry: Order, inst: InstrumentState, levels: ExitLevels) -> Bracket:
        """The entry with a stop and/or target child, opposite side, one OCO group."""
        om = self.om

        def child(type_: OrderType, reason: str, **price: float) -> Order:
            return Order(
                om.next_id(),
                om.name,
                inst.symbol,
                entry.side.opposite,
                entry.qty,
                type_,
                tif=entry.tif,
                parent_id=entry.client_id,
                oco_group=f"{entry.client_id}.oco",
                reason=reason,
                ts=entry.ts,
                **price,
            )

        stop = (
            None if levels.stop is None else child(OrderType.STOP, "stop", stop_price=levels.stop)
        )
        target = (
            None
            if levels.target is None
            else child(OrderType.LIMIT, "target", limit_price=levels.target)
        )
        return Bracket(entry, stop, target)

    def submit(self, bracket: Bracket, key: str) -> None:
        """A whole bracket to a broker that runs it natively."""
        om = self.om
        trade = om.trade
        entry = bracket.entry
        om.track(entry, "entry", entry.client_id)
        trade.entry_ids.append(entry.client_id)
        if bracket.stop is not None:
            om.track(bracket.stop, "stop", entry.client_id)
            trade.stops[key] = bracket.stop.client_id
        if bracket.target is not None:
            om.track(bracket.target, "target", entry.client_id)
            trade.targets[key] = bracket.target.client_id
        om.broker.submit_bracket(bracket)

    def protect(self, rec: OrderRecord) -> None:
        """Emulated bracket: the filled part of an entry gets its stop and target."""
        om = self.om
        inst = om.by_symbol[rec.order.symbol]
        levels = om.trade.levels.get(inst.key)
        if levels is None or rec.filled <= 0:
            return
        entry = Order(
            rec.order.client_id, om.name, inst.symbol, rec.order.side, rec.filled, ts=om.ctx.now
        )
        bracket = self.build(entry, inst, levels)
        for child, role in ((bracket.stop, "stop"), (bracket.target, "target")):
            if child is None:
                continue
            child.parent_id = None
            om.submit(child, role=role, group=rec.order.client_id)
            (om.trade.stops if role == "stop" else om.trade.targets)[inst.key] = child.client_id

    def cancel_oco(self, rec: OrderRecord | None) -> None:
        """A stop or target closed the position: the rest of its OCO group goes.

        An order without a group has no siblings: a stop placed alone (a trailing stop
        that activated with no target working) must not take every other ungrouped order
        with it, such as the stop protecting the other leg of a pair.
        """
        om = self.om
        oco = rec.order.oco_group if rec else None
        if oco is None:
            return
        for other in list(om.live.values()):
            if other.order.oco_group == oco and other is not rec and not other.status.is_done:
                om.cancel(other.order.client_id)

    def tighten_stop(self, inst: InstrumentState, price: float, reason: str) -> None:
        """Move the instrument's stop to ``price`` if that tightens it; place one if none
        works. ``price`` is already on the tick grid."""
        om = self.om
        direction = 1 if inst.holding.qty > 0 else -1
        stop_id = om.trade.stops.get(inst.key)
        rec = om.live.get(stop_id) if stop_id is not None else None
        if stop_id is None or rec is None or rec.status.is_done:
            self._place_stop(inst, price, reason)
            return
        old = rec.order.stop_price
        if old is not None and (price - old) * direction <= 0:
            return  # a stop only ever tightens
        rec.order.stop_price = price
        om.emit(
            StopMoved(bot=om.name, ts=om.ctx.now, symbol=inst.symbol, price=price, reason=reason)
        )
        om.modify(stop_id, stop_price=price)

    def _place_stop(self, inst: InstrumentState, price: float, reason: str) -> None:
        """A protective stop where none works yet (a trailing stop that just activated)."""
        om = self.om
        held = inst.holding.qty
        side = Side.SELL if held > 0 else Side.BUY
        if (
            inst.bar is not None
            and (inst.bar.close - price) * (1 if side is Side.SELL else -1) <= 0
        ):
            om.close_position(inst, reason or "stop")  # already through it: close now
            return
        target_id = om.trade.targets.get(inst.key)
        target = om.live.get(target_id) if target_id is not None else None
        oco = target.order.oco_group if target is not None else None
        order = Order(
            om.next_id(),
            om.name,
            inst.symbol,
            side,
            abs(held),
            OrderType.STOP,
            stop_price=price,
            oco_group=oco,
            reason="stop",
            ts=om.ctx.now,
        )
        om.emit(
            StopMoved(bot=om.name, ts=om.ctx.now, symbol=inst.symbol, price=price, reason=reason)
        )
        om.submit(order, role="stop", group=target.group if target is not None else "")
        om.trade.stops[inst.key] = order.client_id

    # ---------------------------------------------------------------- the invariant
    def covering_stop(self, inst: InstrumentState) -> OrderRecord | None:
        """A working stop on the side that closes the instrument's position (None: none)."""
        held = inst.holding.qty
        if not held:
            return None
        side = Side.SELL if held > 0 else Side.BUY
        for rec in self.om.live.values():
            o = rec.order
            if (
                o.symbol == inst.symbol
                and o.type in (OrderType.STOP, OrderType.STOP_LIMIT)
                and o.side is side
                and not rec.status.is_done
                and rec.status is not OrderStatus.PENDING_CANCEL
            ):
                return rec
        return None

    def restore(self, rec: OrderRecord, status: OrderStatus, why: str) -> None:
        """A stop of an open position went away without the bot asking (the broker cancelled
        or rejected it, or a comparison found it missing): the same level again, sized to
        the position, or a close at market when the price is already through the level.

        A stop that was itself placed again and is rejected once more is not sent a third
        time: the position is closed at market instead.
        """
        om = self.om
        inst = om.by_symbol.get(rec.order.symbol)
        price = rec.order.stop_price
        if inst is None or price is None or not inst.holding.qty:
            return
        held = inst.holding.qty
        side = Side.SELL if held > 0 else Side.BUY
        if rec.order.side is not side or self.covering_stop(inst) is not None:
            return
        last = inst.bar.close if inst.bar is not None else None
        through = last is not None and (last - price) * (1 if side is Side.SELL else -1) <= 0
        again = rec.order.client_id in self.restored and status is OrderStatus.REJECTED
        if through or again:
            reason = why if not again else f"{why}; rejected again"
            self._restored(rec, inst.symbol, price, abs(held), "flattened", reason)
            om.close_position(inst, "stop_lost")
            return
        new = self.place_stop(inst, price, rec.order.oco_group, rec.group)
        self.restored.add(new.client_id)
        self._restored(rec, inst.symbol, price, abs(held), "replaced", why, new.client_id)

    def _restored(
        self,
        rec: OrderRecord,
        symbol: str,
        price: float,
        qty: int,
        action: str,
        reason: str,
        new_client_id: str | None = None,
    ) -> None:
        om = self.om
        om.emit(
            StopRestored(
                bot=om.name,
                ts=om.ctx.now,
                symbol=symbol,
                client_id=rec.order.client_id,
                price=price,
                qty=qty,
                action=action,
                reason=reason,
                new_client_id=new_client_id,
            )
        )

    def place_stop(
        self, inst: InstrumentState, price: float, oco: str | None = None, group: str = ""
    ) -> Order:
        """A stop for the whole position of ``inst`` at ``price``, sent now (never refused by
        the order-rate limit: it protects)."""
        om = self.om
        held = inst.holding.qty
        order = Order(
            om.next_id(),
            om.name,
            inst.symbol,
            Side.SELL if held > 0 else Side.BUY,
            abs(held),
            OrderType.STOP,
            stop_price=price,
            oco_group=oco,
            reason="stop",
            ts=om.ctx.now,
        )
        om.submit(order, role="stop", group=group)
        om.trade.stops[inst.key] = order.client_id
        return order
