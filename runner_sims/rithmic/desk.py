"""The local server's order desk: orders, fills and positions of its one account.

Synchronous and free of I/O on purpose: every request or trade changes the desk's state
and queues the notifications Rithmic would send (``out``, as ``(channel, message)`` with
channel "order" or "pnl"); the server then delivers them to the sessions subscribed to
that channel. Fills come from the paper broker's matching engine, so an order fills here
exactly as it does in a backtest.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from runner.api import ContractSpec, Fill, Order, OrderStatus, OrderType, OrderUpdate, Side, Trade
from runner_plugins.paper.matching import MatchingEngine
from runner_plugins.rithmic.protocol.proto.exchange_order_notification_pb2 import (
    ExchangeOrderNotification,
)
from runner_plugins.rithmic.protocol.proto.request_bracket_order_pb2 import RequestBracketOrder
from runner_plugins.rithmic.protocol.proto.request_new_order_pb2 import RequestNewOrder
from runner_plugins.rithmic.protocol.proto.rithmic_order_notification_pb2 import (
    RithmicOrderNotification,
)
from runner_plugins.rithmic.protocol.templates import Templated
from runner_sims.account import Account, BrokerOrder, Execution
from runner_sims.rithmic import notes, positions
from runner_sims.rithmic.notes import AccountIds, ns_parts
from runner_sims.rithmic.positions import Position

__all__ = ["FIRST_BASKET", "Clock", "OrderDesk", "Position", "SimOrder", "ns_parts"]

# bracket_type -> legs (1 stop, 2 target); the *_STATIC variants behave alike here
_BRACKET_KINDS = {1: 1, 2: 2, 3: 3, 4: 1, 5: 2, 6: 3}
_ORDER_TYPES = {1: OrderType.LIMIT, 2: OrderType.MARKET, 3: OrderType.STOP_LIMIT, 4: OrderType.STOP}
Clock = Callable[[], int]  # nanoseconds since the epoch, UTC
FIRST_BASKET = 1000001


@dataclass
class SimOrder:
    basket_id: str
    order: Order
    exchange: str
    user_tag: str
    price_type: int
    duration: int
    status: str = "open pending"
    filled: int = 0
    avg_price: float = 0.0
    completion_reason: str = ""
    bracket: tuple[int, int] | None = None  # (stop_ticks, target_ticks) while entry works
    original_basket_id: str = ""
    linked: str = ""
    done: bool = False
    placed: int = 0  # when the server booked it, ns since the epoch


class OrderDesk:
    def __init__(
        self,
        *,
        account_id: str,
        fcm_id: str,
        ib_id: str,
        knows: Callable[[str], bool],
        spec_for: Callable[[str], ContractSpec],
        last_price: Callable[[str], float | None],
        faults: Any,
        clock: Clock = time.time_ns,
        max_volume_fraction: float | None = None,
    ) -> None:
        self.account_id, self.fcm_id, self.ib_id = account_id, fcm_id, ib_id
        self.ids = AccountIds(account_id, fcm_id, ib_id)
        self.spec_for = spec_for
        self.clock = clock
        self.knows = knows
        self.last_price = last_price
        self.faults = faults
        self.matcher = MatchingEngine(
            spec_for,
            fill_on="next_trade",
            id_prefix="R",
            max_volume_fraction=max_volume_fraction,  # < 1 gives partial fills
        )
        self.orders: dict[str, SimOrder] = {}
        self.history: list[SimOrder] = []  # every order booked, kept through restarts
        self.fills: list[dict[str, Any]] = []
        self.positions: dict[str, Position] = {}
        self.out: list[tuple[str, Templated]] = []
        # id counters: the next basket id, fill number and notification sequence number
        self.next_basket, self.next_fill, self.next_seq = FIRST_BASKET, 1, 1
        # the matching engine's id of an order: its basket id, marked by the server session
        # after a restart (the engine, like an exchange, never takes an id twice)
        self._session = 0
        self._by_key: dict[str, SimOrder] = {}

    # -- requests -----------------------------------------------------------------------------

    def check(self, msg: RequestNewOrder | RequestBracketOrder, bracket: bool = False) -> str:
        """Why a new-order or bracket request cannot be accepted ("" when it can)."""
        if msg.account_id != self.account_id:
            return f"unknown account {msg.account_id!r}"
        if not self.knows(msg.symbol):
            return f"unknown symbol {msg.symbol!r}"
        if msg.quantity <= 0:
            return "quantity must be positive"
        if msg.transaction_type not in (1, 2):
            return "transaction_type must be BUY or SELL"
        if msg.price_type in (1, 3) and not msg.HasField("price"):
            return "limit orders need a price"
        if msg.price_type in (3, 4) and not msg.HasField("trigger_price"):
            return "stop orders need a trigger_price"
        if msg.price_type not in (1, 2, 3, 4):
            return f"price_type {msg.price_type} not supported"
        if bracket and isinstance(msg, RequestBracketOrder):
            kinds = _BRACKET_KINDS.get(msg.bracket_type, 0)
            if not kinds:
                return f"bracket_type {msg.bracket_type} not supported"
            if (kinds & 1 and msg.stop_ticks <= 0) or (kinds & 2 and msg.target_ticks <= 0):
                return "bracket needs positive stop_ticks/target_ticks"
        return ""

    def create(
        self, msg: RequestNewOrder | RequestBracketOrder, user: str, bracket: bool = False
    ) -> SimOrder:
        """Book a checked request under a new basket id (notifications follow in accept)."""
        basket = self._take_basket()
        while any(b in self.orders for b in (basket, f"{basket}-S", f"{basket}-T")):
            basket = self._take_basket()  # still held by an order that survived a restart
        order = Order(
            client_id=f"{basket}~{self._session}" if self._session else basket,
            bot=user,
            symbol=msg.symbol,
            side=Side.BUY if msg.transaction_type == 1 else Side.SELL,
            qty=msg.quantity,
            type=_ORDER_TYPES[msg.price_type],
            limit_price=msg.price if msg.price_type in (1, 3) else None,
            stop_price=msg.trigger_price if msg.price_type in (3, 4) else None,
        )
        exchange = msg.exchange or self.spec_for(msg.symbol).exchange
        sim = SimOrder(basket, order, exchange, msg.user_tag, msg.price_type, msg.duration or 1)
        sim.placed = self.clock()
        if bracket and isinstance(msg, RequestBracketOrder):
            kinds = _BRACKET_KINDS[msg.bracket_type]
            sim.bracket = (msg.stop_ticks if kinds & 1 else 0, msg.target_ticks if kinds & 2 else 0)
        self.orders[basket] = sim
        self._by_key[order.client_id] = sim
        self.history.append(sim)
        return sim

    def accept(self, sim: SimOrder) -> None:
        self._notify(sim, 4, "open pending")
        if self.faults.reject_orders > 0:
            self.faults.reject_orders -= 1
            self._reject(sim, self.faults.reject_text)
            return
        self._apply(self.matcher.submit(sim.order, self.clock()))

    def _take_basket(self) -> str:
        basket, self.next_basket = str(self.next_basket), self.next_basket + 1
        return basket

    def _take_seq(self) -> str:
        seq, self.next_seq = str(self.next_seq), self.next_seq + 1
        return seq

    def restart(self, *, reuse_ids: bool = False, wipe: bool = False) -> None:
        """The gateway restarted. As on Rithmic the account keeps its positions, working
        orders and executions, and finished orders leave the order list; numbering goes on.
        Faults on request: ``reuse_ids`` numbers orders and fills from the first number
        again, so a new order can get a basket id and a fill id seen before; ``wipe`` loses
        everything (positions, orders, executions and numbering)."""
        if wipe:
            for sim in self.orders.values():
                if not sim.done:  # gone from the exchange too, without a word to anyone
                    self.matcher.cancel(sim.order.client_id, self.clock())
            self.orders, self.history, self.fills, self.positions = {}, [], [], {}
            reuse_ids = True
        self.orders = {basket: sim for basket, sim in self.orders.items() if not sim.done}
        self._by_key = {sim.order.client_id: sim for sim in self.orders.values()}
        self._session += 1
        if reuse_ids:
            self.next_basket, self.next_fill = FIRST_BASKET, 1

    def working(self, basket_id: str) -> SimOrder | None:
        sim = self.orders.get(basket_id)
        return None if sim is None or sim.done else sim

    def modify(
        self, sim: SimOrder, qty: int | None, limit: float | None, stop: float | None
    ) -> None:
        self._notify(sim, 5, "modify pending")
        events = self.matcher.modify(
            sim.order.client_id, self.clock(), qty=qty, limit_price=limit, stop_price=stop
        )
        if qty is not None:
            sim.order.qty = qty
        if limit is not None:
            sim.order.limit_price = limit
        if stop is not None:
            sim.order.stop_price = stop
        self._notify(sim, 14, "open")
        self._exchange(sim, 2)
        self._apply(
            [
                e
                for e in events
                if not (isinstance(e, OrderUpdate) and e.status is OrderStatus.ACCEPTED)
            ]
        )

    def cancel(self, sim: SimOrder) -> None:
        self._notify(sim, 6, "cancel pending")
        self._apply(self.matcher.cancel(sim.order.client_id, self.clock()))

    def cancel_all(self) -> None:
        for sim in list(self.orders.values()):
            if not sim.done:
                self.cancel(sim)

    def order_snapshots(
        self, orders: list[SimOrder] | None = None
    ) -> list[RithmicOrderNotification]:
        """Every order of the session (or ``orders``), as show-orders (320) reports them."""
        return [
            self._order_msg(sim, 15 if sim.done else 13, sim.status, True)
            for sim in (list(self.orders.values()) if orders is None else orders)
        ]

    def executions(self, start: int, finish: int) -> list[ExchangeOrderNotification]:
        """Fills with ``start <= ssboe <= finish``, as replay-executions (3506) reports them."""
        out = []
        for fill in self.fills:
            if start <= fill["ssboe"] <= finish:
                note = self._fill_msg(fill)
                note.is_snapshot = True
                out.append(note)
        return out

    # -- notifications ----------------------------------------------------------------------------

    def _order_msg(
        self, sim: SimOrder, notify_type: int, status: str, snapshot: bool = False
    ) -> RithmicOrderNotification:
        return notes.order_note(
            sim,
            self.ids,
            notify_type,
            status,
            seq=self._take_seq(),
            now=self.clock(),
            snapshot=snapshot,
        )

    def _fill_msg(self, fill: dict[str, Any]) -> ExchangeOrderNotification:
        return notes.fill_note(fill, self.ids)

    def _to_order_sessions(self, msg: Templated) -> None:
        self.out.append(("order", msg))

    def _notify(self, sim: SimOrder, notify_type: int, status: str) -> None:
        sim.status = status
        self._to_order_sessions(self._order_msg(sim, notify_type, status))

    def _exchange(self, sim: SimOrder, notify_type: int, text: str = "") -> None:
        note = notes.exchange_note(sim, self.ids, notify_type, now=self.clock(), text=text)
        self._to_order_sessions(note)

    def _reject(self, sim: SimOrder, text: str) -> None:
        sim.done, sim.completion_reason = True, "Reject"
        self._exchange(sim, 6, text)
        self._notify(sim, 15, "complete")

    def on_trade(self, trade: Trade) -> None:
        events = self.matcher.on_trade(trade)
        if events:
            self._apply(events)

    def _apply(self, events: Sequence[OrderUpdate | Fill]) -> None:
        for ev in events:
            sim = self._by_key.get(ev.client_id)
            if sim is None:
                continue
            if isinstance(ev, Fill):
                self._filled(sim, ev)
            elif ev.status is OrderStatus.ACCEPTED and sim.status != "open":
                self._notify(sim, 13, "open")
            elif ev.status is OrderStatus.CANCELLED and not sim.done:
                sim.done, sim.completion_reason = True, "Cancel"
                self._exchange(sim, 3)
                self._notify(sim, 15, "complete")
            elif ev.status is OrderStatus.REJECTED and not sim.done:
                self._reject(sim, ev.reason or "rejected")

    def _filled(self, sim: SimOrder, fill: Fill) -> None:
        total = sim.filled + fill.qty
        sim.avg_price = (sim.avg_price * sim.filled + fill.price * fill.qty) / total
        sim.filled = total
        complete = total >= sim.order.qty
        if complete:
            sim.done, sim.completion_reason, sim.status = True, "Fill", "complete"
        ssboe, usecs = divmod(fill.ts // 1000, 1_000_000)
        fill_no, self.next_fill = self.next_fill, self.next_fill + 1
        record = {
            "basket_id": sim.basket_id,
            "fill_id": f"X{fill_no}",
            "price": fill.price,
            "qty": fill.qty,
            "total": total,
            "unfilled": sim.order.qty - total,
            "avg": sim.avg_price,
            "ssboe": int(ssboe),
            "usecs": int(usecs),
            "time": time.strftime("%H:%M:%S", time.gmtime(ssboe)),
            "date": time.strftime("%Y%m%d", time.gmtime(ssboe)),
            "side": sim.order.side,
            "symbol": sim.order.symbol,
            "user_tag": sim.user_tag,
            "order": sim,  # its basket id may name another order after a restart
        }
        self.fills.append(record)
        self._book(sim.order.symbol, sim.order.side, fill.qty, fill.price)
        self._to_order_sessions(self._fill_msg(record))
        self._notify(sim, 15 if complete else 13, "complete" if complete else "open")
        self.out.extend(("pnl", m) for m in self.pnl_messages(False))
        if complete:
            self._after_fill(sim)

    def _after_fill(self, sim: SimOrder) -> None:
        """Brackets: place the stop and target on entry fill; a child's fill cancels the other."""
        if sim.bracket is not None:
            stop_ticks, target_ticks = sim.bracket
            sim.bracket = None
            tick = self.spec_for(sim.order.symbol).tick_size
            sign = 1 if sim.order.side is Side.BUY else -1
            exit_side = sim.order.side.opposite
            stop = Order(
                f"{sim.order.client_id}-S",
                "",
                sim.order.symbol,
                exit_side,
                sim.filled,
                OrderType.STOP,
                stop_price=round(sim.avg_price - sign * stop_ticks * tick, 10),
            )
            target = Order(
                f"{sim.order.client_id}-T",
                "",
                sim.order.symbol,
                exit_side,
                sim.filled,
                OrderType.LIMIT,
                limit_price=round(sim.avg_price + sign * target_ticks * tick, 10),
            )
            legs = [
                (child, ptype, other)
                for child, ptype, other, ticks in (
                    (stop, 4, target, stop_ticks),
                    (target, 1, stop, target_ticks),
                )
                if ticks > 0
            ]
            for child, ptype, other in legs:
                basket = sim.basket_id + child.client_id[-2:]  # "-S" or "-T"
                leg = SimOrder(
                    basket,
                    child,
                    sim.exchange,
                    sim.user_tag,
                    ptype,
                    sim.duration,
                    original_basket_id=sim.basket_id,
                    linked=sim.basket_id + other.client_id[-2:] if len(legs) == 2 else "",
                )
                self.orders[basket] = self._by_key[child.client_id] = leg
                self.history.append(leg)
            for child, _, _ in legs:
                self._notify(self._by_key[child.client_id], 4, "open pending")
                self._apply(self.matcher.submit(child, self.clock()))
        elif sim.linked:
            partner = self.orders.get(sim.linked)
            if partner is not None and not partner.done:
                self._notify(partner, 6, "cancel pending")
                self._apply(self.matcher.cancel(partner.order.client_id, self.clock()))

    # -- the account, for tests -------------------------------------------------------------

    def account(self) -> Account:
        def booked(sim: SimOrder) -> BrokerOrder:
            o = sim.order
            price = o.stop_price if o.type in (OrderType.STOP, OrderType.STOP_LIMIT) else None
            return BrokerOrder(
                sim.user_tag,
                sim.basket_id[len(sim.original_basket_id) :] if sim.original_basket_id else "",
                o.symbol,
                o.side,
                o.qty,
                o.type,
                price if price is not None else o.limit_price,
                sim.basket_id,
            )

        executions = [
            Execution(
                f["user_tag"],
                booked(f["order"]).leg,
                f["symbol"],
                f["side"],
                f["qty"],
                f["price"],
                f"{f['basket_id']}.{f['fill_id']}",
            )
            for f in self.fills
        ]
        return Account(
            positions={sym: p.net for sym, p in self.positions.items() if p.net},
            working=[booked(sim) for sim in self.orders.values() if not sim.done],
            executions=executions,
            orders=[booked(sim) for sim in self.history],
        )

    # -- positions ----------------------------------------------------------------------------

    def _book(self, symbol: str, side: Side, qty: int, price: float) -> None:
        pos = self.positions.setdefault(symbol, Position())
        positions.book(pos, side, qty, price, self.spec_for(symbol).point_value)

    def pnl_messages(self, snapshot: bool) -> list[Templated]:
        return positions.pnl_messages(
            self.positions,
            self.ids,
            snapshot=snapshot,
            now=self.clock(),
            spec_for=self.spec_for,
            last_price=self.last_price,
        )
