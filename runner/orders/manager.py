"""The order manager of one bot: orders in flight, client ids, fills and the position book.

Everything between the decision pipeline and the broker passes through here. The pipeline
says what it wants (open a trade, close a position, tighten a stop, flatten); this module
turns it into orders, journals each one before it leaves, follows the broker's answers and
books every execution exactly once into the bot's one :class:`PositionBook`. Brackets and
OCO emulation live in :mod:`runner.orders.brackets`, pair legs in :mod:`runner.orders.legs`,
crash recovery in :mod:`runner.orders.recovery`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runner.events import (
    Filled,
    Flatten,
    LateFill,
    OrderCancelled,
    OrderEnded,
    OrderExpired,
    OrderRejected,
    OrderSent,
    RiskLimit,
    UnknownFill,
    UnknownOrder,
)
from runner.model import Fill, Order, OrderStatus, OrderType, OrderUpdate, Side
from runner.orders.brackets import Brackets
from runner.orders.fills import FillLedger
from runner.orders.legs import PairLegs
from runner.orders.records import OrderRecord, TradeState

if TYPE_CHECKING:
    from runner.api import Broker
    from runner.api.context import BotContext, InstrumentState
    from runner.api.exit import ExitLevels
    from runner.engine.risk import RiskGuard
    from runner.events import Listener
    from runner.portfolio.book import PositionBook
    from runner.portfolio.ledger import Portfolio

ENDED: dict[OrderStatus, type[OrderEnded]] = {
    OrderStatus.REJECTED: OrderRejected,
    OrderStatus.CANCELLED: OrderCancelled,
    OrderStatus.EXPIRED: OrderExpired,
}
"""The event of an order that finished without (fully) filling, by its final status."""

RECONCILE_SESSION = "reconcile"
"""The session of the fills a comparison with the broker books (:meth:`take_over`)."""

UNASKED = (OrderStatus.CANCELLED, OrderStatus.REJECTED)
"""How a stop the bot did not cancel may go away; either leaves a position unprotected."""


class OrderManager:
    """Orders, fills and positions of one bot; the broker's sink is :meth:`on_broker_event`."""

    def __init__(
        self,
        name: str,
        ctx: BotContext,
        broker: Broker,
        portfolio: Portfolio,
        risk: RiskGuard,
        emit: Listener,
        id_prefix: str = "",
    ) -> None:
        self.name = name
        self.ctx = ctx
        self.broker = broker
        self.portfolio = portfolio
        self.book: PositionBook = portfolio.book
        for inst in ctx.instruments.values():  # the context reads the one position book
            inst.holding = self.book.get(inst.symbol)
        self.risk = risk
        self.emit = emit
        self.journal: Any = None  # the runtime's SQLite journal; None in backtests
        self.by_symbol: dict[str, InstrumentState] = {i.symbol: i for i in ctx.instruments.values()}
        self._instruments = tuple(ctx.instruments.values())
        self.orders: dict[str, OrderRecord] = {}  # every order of the run, by client id
        self.live: dict[str, OrderRecord] = {}  # the ones not finished yet
        self.trade = TradeState()
        self.fills = FillLedger()
        self.working = 0  # orders not done yet
        self.seq = 0  # the last client-id sequence number used
        self._prefix = id_prefix or name
        self._taken = 0  # positions taken over from the broker (take_over) in this process
        self.brackets = Brackets(self)
        self.legs = PairLegs(self)
        broker.sink = self.on_broker_event

    # ---------------------------------------------------------------- client ids
    @property
    def id_prefix(self) -> str:
        """What every client id of this bot starts with (``<prefix>-<seq>``)."""
        return self._prefix

    def next_id(self) -> str:
        self.seq += 1
        return f"{self._prefix}-{self.seq}"

    def continue_after(self, seq: int) -> None:
        """Never reuse a client id of an earlier run: new ids start after ``seq``."""
        self.seq = max(self.seq, seq)

    # ---------------------------------------------------------------- sending
    def new_order(
        self,
        inst: InstrumentState,
        side: Side,
        qty: int,
        type_: OrderType,
        *,
        reason: str,
        force: bool = False,
    ) -> Order | None:
        """An order with the next client id, or None when the order-rate limit refuses it
        (``force``: a closing order, which the limit never holds back)."""
        now = self.ctx.now
        if not self.risk.allow_order(now) and not force:
            self.emit(
                RiskLimit(bot=self.name, ts=now, limit="max_orders_per_minute", symbol=inst.symbol)
            )
            return None
        return Order(
            self.next_id(), self.name, inst.symbol, side, qty, type_, reason=reason, ts=now
        )

    def track(self, order: Order, role: str, group: str) -> None:
        """Record an order before it leaves: journal first, so a crash cannot lose its id."""
        if self.journal is not None:
            self.journal.order_sent(order, role, group, self.seq)
        rec = self.orders[order.client_id] = OrderRecord(order, role=role, group=group)
        self.live[order.client_id] = rec
        self.working += 1
        self.emit(
            OrderSent(
                bot=self.name,
                ts=order.ts,
                client_id=order.client_id,
                symbol=order.symbol,
                side=order.side.name,
                qty=order.qty,
                type=order.type.value,
                limit=order.limit_price,
                stop=order.stop_price,
                reason=order.reason,
            )
        )

    def submit(self, order: Order, role: str, group: str) -> None:
        self.track(order, role, group)
        self.broker.submit(order)

    def cancel(self, client_id: str) -> None:
        rec = self.orders.get(client_id)
        if rec is None or rec.status.is_done or rec.status is OrderStatus.PENDING_CANCEL:
            return
        rec.status = OrderStatus.PENDING_CANCEL
        rec.cancel_asked = True
        self.broker.cancel(client_id)

    def modify(self, client_id: str, **change: Any) -> None:
        """Change a working order's quantity or price: journal first, then the broker."""
        if self.journal is not None:
            self.journal.order_modified(client_id, ts=self.ctx.now, **change)
        self.broker.modify(client_id, **change)

    # ---------------------------------------------------------------- trades
    def begin_trade(self, direction: int, reason: str) -> TradeState:
        trade = self.trade
        trade.direction = direction
        trade.reason = reason
        trade.entry_ids = []
        trade.levels = {}
        return trade

    def open_trade(self, orders: list[tuple[str, Order]], levels: ExitLevels | None) -> None:
        """Send the entry orders of the trade just begun (one per instrument key)."""
        trade = self.trade
        if len(orders) == 1:
            key, order = orders[0]
            if levels is not None and (levels.stop is not None or levels.target is not None):
                trade.levels[key] = levels
                if self.broker.capabilities.native_brackets:
                    inst = self.ctx.instruments[key]
                    self.brackets.submit(self.brackets.build(order, inst, levels), key)
                    return
            trade.entry_ids.append(order.client_id)  # before sending: a reject may come back
            self.submit(order, role="entry", group=order.client_id)
            return
        self.legs.send(orders)

    def has_working_entries(self) -> bool:
        for cid in self.trade.entry_ids:
            rec = self.orders.get(cid)
            if rec is not None and not rec.status.is_done:
                return True
        return False

    def has_position(self) -> bool:
        for inst in self._instruments:
            if inst.holding.qty:
                return True
        return False

    # ---------------------------------------------------------------- closing
    def close_position(self, inst: InstrumentState, reason: str) -> None:
        """Cancel the instrument's working orders, then close it at market."""
        symbol = inst.symbol
        pending = 0
        for rec in list(self.live.values()):
            if rec.order.symbol != symbol or rec.status.is_done:
                continue
            if rec.role == "close":
                pending += rec.order.qty - rec.filled
            else:
                self.cancel(rec.order.client_id)
        held = inst.holding.qty
        qty = abs(held) - pending
        if qty <= 0:
            return
        side = Side.SELL if held > 0 else Side.BUY
        order = self.new_order(inst, side, qty, OrderType.MARKET, reason=reason, force=True)
        if order is not None:
            self.submit(order, role="close", group="")

    def close_all(self, reason: str) -> None:
        # forget the trade first: cancels below may be answered synchronously, and those
        # answers must not unwind the same trade a second time
        self.trade = TradeState()
        for inst in self.ctx.instruments.values():
            if inst.holding.qty:
                self.close_position(inst, reason)
            else:
                for rec in list(self.live.values()):
                    if rec.order.symbol == inst.symbol and rec.role != "close":
                        self.cancel(rec.order.client_id)

    def flatten(self, reason: str) -> None:
        """Cancel everything and close every position (shutdown, halt, window end)."""
        if not (self.trade.direction or self.live or self.has_position()):
            return
        self.emit(Flatten(bot=self.name, ts=self.ctx.now, reason=reason))
        self.close_all(reason)

    # ---------------------------------------------------------------- the broker's truth
    def take_over(
        self, inst: InstrumentState, qty: int, price: float, reason: str, ts: int
    ) -> None:
        """Book ``qty`` (signed) so the bot's position becomes what its broker holds.

        A comparison found the broker holding what the bot does not know of (a lost fill,
        an order placed elsewhere), or not holding what the bot believes. The quantity is
        booked as one fill of session ``reconcile`` at ``price`` and journaled like any
        other, so the position survives a restart and the orders the bot sends next (a
        stop, a close) net against what is really there instead of inventing a position.
        ``ts`` (the runtime's clock) keeps its fill id apart from those of earlier runs.
        """
        if not qty:
            return
        self._taken += 1
        now = ts
        self.on_fill(
            Fill(
                f"{self._prefix}-reconcile",
                f"R{now}.{self._taken}",
                inst.symbol,
                Side.BUY if qty > 0 else Side.SELL,
                abs(qty),
                price,
                now,
                bot=self.name,
                reason=reason,
                session=RECONCILE_SESSION,
            )
        )
        held = inst.holding.qty
        if held and not self.trade.direction:
            self.trade.direction = 1 if held > 0 else -1  # the bot's exits now manage it

    # ---------------------------------------------------------------- broker events
    def on_broker_event(self, event: OrderUpdate | Fill) -> None:
        if isinstance(event, Fill):
            self.on_fill(event)
        else:
            self.on_order_update(event)

    def on_order_update(self, u: OrderUpdate) -> None:
        rec = self.orders.get(u.client_id)
        if rec is None:
            self.emit(
                UnknownOrder(bot=self.name, ts=u.ts, client_id=u.client_id, status=u.status.value)
            )
            return
        if rec.status.is_done:
            return  # a late or repeated report of a finished order changes nothing
        if self.journal is not None:
            self.journal.order_update(u)
        if rec.status is OrderStatus.PENDING_CANCEL and not u.status.is_done:
            return  # a late acknowledgement must not undo our cancel request
        rec.status = u.status
        if u.status.is_done:
            self.working -= 1
            self.live.pop(u.client_id, None)
        if u.status in ENDED:
            self.emit(
                ENDED[u.status](
                    bot=self.name,
                    ts=u.ts,
                    client_id=u.client_id,
                    symbol=rec.order.symbol,
                    reason=u.reason or self._known_reason(rec, u.status),
                    filled=rec.filled,
                )
            )
            if rec.role == "entry":
                self.legs.entry_failed(rec, u)
            elif rec.role == "stop" and not rec.cancel_asked and u.status in UNASKED:
                # protection is an invariant: a stop the bot did not cancel is placed again
                self.brackets.restore(rec, u.status, u.reason or u.status.value)
        if u.status is OrderStatus.FILLED and rec.role == "entry":
            self.brackets.entry_filled(rec)

    def _known_reason(self, rec: OrderRecord, status: OrderStatus) -> str:
        """Why an order ended when its venue did not say: a broker that cancels the rest
        of an OCO group after one member filled (IB's OCA, Rithmic's brackets) sends the
        cancel without a word, and an empty ``reason=`` tells the trader nothing."""
        oco = rec.order.oco_group
        if status is OrderStatus.CANCELLED and oco is not None:
            for other in self.orders.values():
                if other is not rec and other.order.oco_group == oco and other.filled > 0:
                    return "oco: other leg filled"
        return ""

    def knows_fill(self, fill: Fill) -> bool:
        """Whether this execution (by :attr:`Fill.key`) is already booked."""
        return self.fills.knows(fill)

    def on_fill(self, f: Fill) -> None:
        if not self.fills.admit(f):
            return  # the same execution reported twice (reconnect, replay): count it once
        rec = self.orders.get(f.client_id)
        if rec is None and not f.client_id.startswith(self._prefix + "-"):
            # an order of another bot or of the trader on the same account: not this bot's
            # position (the account as a whole is compared by runner.runtime.reconcile)
            self.emit(UnknownFill(bot=self.name, ts=f.ts, client_id=f.client_id, symbol=f.symbol))
            return
        if not f.bot:
            f.bot = self.name
        if self.journal is not None:
            self.journal.fill(f)
        inst = self.by_symbol.get(f.symbol)
        if inst is None:
            self.emit(UnknownFill(bot=self.name, ts=f.ts, client_id=f.client_id, symbol=f.symbol))
            return
        self.portfolio.on_fill(f)
        after = inst.holding.qty
        if rec is not None:
            rec.filled += f.qty
            role = rec.role
        else:
            role = "reconcile" if f.session == RECONCILE_SESSION else "unknown"
        self._after_fill(f, rec, role, after)

    def _after_fill(self, f: Fill, rec: OrderRecord | None, role: str, after: int) -> None:
        self.emit(
            Filled(
                bot=self.name,
                ts=f.ts,
                client_id=f.client_id,
                symbol=f.symbol,
                side=f.side.name,
                qty=f.qty,
                price=f.price,
                position=after,
                role=role,
                commission=f.commission,
            )
        )
        if role in ("stop", "target") and after == 0:
            self.brackets.cancel_oco(rec)
        if after == 0 and not self.has_position():
            if not self.has_working_entries():
                self.trade = TradeState()
        elif role == "entry" and after != 0 and f.client_id not in self.trade.entry_ids:
            # an entry we had already given up (unwound, flattened, cancelled) filled on its
            # way out: nothing wants this position, so it is closed at once
            self.emit(
                LateFill(
                    bot=self.name,
                    ts=f.ts,
                    client_id=f.client_id,
                    symbol=f.symbol,
                    qty=f.qty,
                    position=after,
                )
            )
            self.close_position(self.by_symbol[f.symbol], "late_fill")
