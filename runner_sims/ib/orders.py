"""The order side of the local TWS server: order life cycle, brackets, OCA groups, fills.

Prices are matched by the paper broker's matching engine (the same fills a paper run
gets); this module adds what TWS does around it: orders held until transmitted, bracket
children waiting for their parent, one-cancels-all groups, per-account positions and
executions with commission reports, and the faults tests ask for (rejects, partial fills).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from runner.api import ContractSpec, Fill, Order, OrderStatus, OrderUpdate, Side, Trade
from runner.api.contracts import spec_for_symbol
from runner_plugins.ib.catalog import Listing
from runner_plugins.paper.matching import MatchingEngine
from runner_sims.account import Account as AccountView
from runner_sims.ib import messages as msg
from runner_sims.ib import order_messages as om
from runner_sims.ib.account_view import ORDER_TYPES as _TYPES
from runner_sims.ib.account_view import account_view
from runner_sims.ib.records import Account, PlacedOrder, ServerOrder
from runner_sims.ib.records import Execution as Exec
from runner_sims.ib.records import Position as Pos
from runner_sims.ib.wire import Field

log = logging.getLogger(__name__)

_MICROS = frozenset({"MCL", "MES", "MNQ", "MGC"})


Build = Callable[[int], list[Field]]
"""A message for a client, built in the layout of the version that client negotiated."""


class Outbox(Protocol):
    def to_client(self, client_id: int, build: Build) -> None: ...
    def position_changed(self, account: Account, pos: Pos) -> None: ...


def ib_commission(listing: Listing, qty: float) -> float:
    """IB's published tiered-plan levels, simplified: per contract for futures (micros are
    cheaper), per share with a one-dollar minimum for stocks and ETFs."""
    if not listing.is_future:
        return round(max(1.0, 0.005 * qty), 2)
    per = 0.85 if listing.product.root in _MICROS else 2.25
    return round(per * qty, 2)


def make_engine(spec_for: Callable[[str], ContractSpec]) -> MatchingEngine:
    """The paper broker's engine, fed trade by trade. Brackets and OCA groups are kept out
    of it: TWS semantics for those (children PreSubmitted until the parent fills) live here."""
    return MatchingEngine(
        spec_for, slippage_ticks=0, commission_per_contract=0.0, fill_on="next_trade", id_prefix="T"
    )


def _engine_order(order: ServerOrder, qty: float) -> Order:
    """The matching engine's view of ``qty`` of a TWS order."""
    p = order.placed
    return Order(
        client_id=order.key,
        bot="tws",
        symbol=order.listing.product.root,
        side=Side.BUY if p.action == "BUY" else Side.SELL,
        qty=int(qty),
        type=_TYPES[p.order_type],
        limit_price=p.lmt_price if p.order_type in ("LMT", "STP LMT") else None,
        stop_price=p.aux_price if p.order_type in ("STP", "STP LMT") else None,
    )


@dataclass(slots=True)
class Faults:
    """One-shot faults armed by tests or CLI flags."""

    reject: dict[str, str]  # root ("*" = any) -> reject text
    partial: dict[str, float]  # root -> quantity the next order of that root may fill
    reject_count: int = 0  # reject the next N orders whatever their symbol


class OrderBook:
    def __init__(self, accounts: list[Account], outbox: Outbox, clock: Callable[[], int]) -> None:
        self.accounts = {a.name: a for a in accounts}
        self.default_account = accounts[0].name
        self.outbox = outbox
        self.clock = clock
        self.orders: dict[tuple[int, int], ServerOrder] = {}
        self.by_key: dict[str, ServerOrder] = {}
        self.executions: list[Exec] = []
        self.engine = make_engine(spec_for_symbol)
        self.faults = Faults({}, {})
        self.next_perm = 1_000_001
        self.next_exec = 1
        self.exec_prefix = f"{time.time_ns() // 1_000_000 & 0xFFFFFFFF:08x}"
        self.revision = 0
        """Counts changes of what a state file holds, so the server saves only after one."""

    # ----------------------------------------------------------------- client requests
    def next_order_id(self, client_id: int) -> int:
        used = [oid for (cid, oid) in self.orders if cid == client_id]
        return max(used, default=0) + 1

    def place(self, client_id: int, listing: Listing, placed: PlacedOrder) -> None:
        existing = self.orders.get((client_id, placed.order_id))
        if existing is not None:
            self._modify(existing, placed)
            return
        order = ServerOrder(client_id, placed.order_id, self.next_perm, listing, placed)
        self.next_perm += 1
        self.revision += 1
        if not placed.account:
            placed.account = self.default_account
        self.orders[(client_id, placed.order_id)] = order
        self.by_key[order.key] = order
        problem = self._validate(order)
        if problem is not None:
            self._reject(order, *problem)
            return
        if placed.transmit:
            self._release(order)
        # else: held in TWS until an order of its group is transmitted

    def _release(self, order: ServerOrder) -> None:
        """Transmit an order with its held parent and held siblings (a bracket goes out
        when its last order is placed with transmit set)."""
        parent = self._parent(order)
        if parent is not None and parent.status == "PendingSubmit":
            self._transmit(parent)
        self._transmit(order)
        for sibling in self._children(parent or order):
            if sibling.status == "PendingSubmit" and sibling is not order:
                self._transmit(sibling)

    def cancel(self, client_id: int, order_id: int) -> None:
        order = self.orders.get((client_id, order_id))
        if order is None:
            self.outbox.to_client(
                client_id,
                lambda v: msg.error(v, order_id, 135, f"Can't find order with id ={order_id}"),
            )
            return
        if order.is_done:
            text = (
                f"OrderId {order_id} that needs to be cancelled cannot be cancelled, "
                f"state: {order.status}."
            )
            self.outbox.to_client(client_id, lambda v: msg.error(v, order_id, 10148, text))
            return
        self._cancel(order, "")

    def cancel_all(self) -> None:
        for order in list(self.orders.values()):
            if not order.is_done:
                self._cancel(order, "")

    def open_orders(self, client_id: int | None) -> list[ServerOrder]:
        return [
            o
            for o in self.orders.values()
            if not o.is_done
            and o.status != "PendingSubmit"
            and (client_id is None or o.client_id == client_id)
        ]

    def completed(self, client_id: int | None) -> list[ServerOrder]:
        """Orders that are done (filled, cancelled, rejected), oldest first."""
        done = [o for o in self.orders.values() if o.is_done and o.status != "PendingSubmit"]
        return [o for o in done if client_id is None or o.client_id == client_id]

    def resume(self) -> None:
        """Hand the working orders of a loaded state back to the matching engine, each with
        what is left of its quantity there."""
        for order in self.orders.values():
            if not order.at_engine or order.is_done:
                continue
            left = order.engine_qty - order.filled
            if left <= 0:
                order.at_engine = False
                continue
            self._handle(self.engine.submit(_engine_order(order, left), self.clock()))

    # ----------------------------------------------------------------- market
    def on_trade(self, root: str, price: float, size: float, ts: int) -> None:
        for account in self.accounts.values():
            for pos in account.positions.values():
                if pos.listing.product.root == root:
                    pos.last_price = price
        self._handle(self.engine.on_trade(Trade(root, ts, price, int(max(size, 1)))))

    # ----------------------------------------------------------------- the account, for tests
    def account(self, name: str | None = None) -> AccountView:
        """One account (the first by default) as TWS holds it, in the simulators' shape."""
        account = self.accounts[name or self.default_account]
        return account_view(
            account.name, account.positions.values(), self.orders.values(), self.executions
        )

    # ----------------------------------------------------------------- internals
    def _validate(self, order: ServerOrder) -> tuple[int, str] | None:
        p = order.placed
        root = order.listing.product.root
        if not order.listing.product.tradable:
            return 201, f"Order rejected - reason:{root} is an index and cannot be traded"
        if p.order_type not in _TYPES:
            return 201, f"Order rejected - reason:order type {p.order_type} is not supported"
        if p.action not in ("BUY", "SELL"):
            return 201, f"Order rejected - reason:unknown action {p.action!r}"
        if p.qty <= 0 or p.qty != int(p.qty):
            return 201, f"Order rejected - reason:invalid quantity {p.qty}"
        if p.account not in self.accounts:
            return 201, f"Order rejected - reason:unknown account {p.account}"
        if p.order_type in ("LMT", "STP LMT") and p.lmt_price is None:
            return 201, "Order rejected - reason:limit price is missing"
        if p.order_type in ("STP", "STP LMT") and p.aux_price is None:
            return 201, "Order rejected - reason:stop price is missing"
        if self.faults.reject_count > 0:
            self.faults.reject_count -= 1
            return 201, "Order rejected - reason:rejected by the test server"
        for key in (root, "*"):
            text = self.faults.reject.pop(key, None)
            if text is not None:
                return 201, f"Order rejected - reason:{text}"
        return None

    def _parent(self, order: ServerOrder) -> ServerOrder | None:
        if not order.placed.parent_id:
            return None
        return self.orders.get((order.client_id, order.placed.parent_id))

    def _children(self, parent: ServerOrder) -> list[ServerOrder]:
        return [
            o
            for o in self.orders.values()
            if o.client_id == parent.client_id and o.placed.parent_id == parent.order_id
        ]

    def _oca_peers(self, order: ServerOrder) -> list[ServerOrder]:
        """Orders that die when ``order`` fills: its OCA group, and bracket siblings."""
        peers: list[ServerOrder] = []
        for o in self.orders.values():
            if o is order or o.is_done or o.client_id != order.client_id:
                continue
            same_group = order.placed.oca_group and o.placed.oca_group == order.placed.oca_group
            siblings = order.placed.parent_id and o.placed.parent_id == order.placed.parent_id
            if same_group or siblings:
                peers.append(o)
        return peers

    def _transmit(self, order: ServerOrder) -> None:
        parent = self._parent(order)
        if parent is not None and parent.status in ("Cancelled", "Inactive"):
            self._cancel(order, "parent order was cancelled")
            return
        if parent is not None and parent.status != "Filled":
            order.status = "PreSubmitted"
            order.why_held = "child"
            self._announce(order)
            return
        self._activate(order)

    def _activate(self, order: ServerOrder) -> None:
        root = order.listing.product.root
        qty = order.placed.qty - order.filled
        cap = self.faults.partial.pop(root, None)
        if cap is not None:
            qty = min(qty, cap)
        order.status = "Submitted"
        order.why_held = ""
        order.at_engine = True
        order.engine_qty = qty
        self._announce(order)
        self._handle(self.engine.submit(_engine_order(order, qty), self.clock()))

    def _announce(self, order: ServerOrder) -> None:
        self.revision += 1
        self.outbox.to_client(order.client_id, lambda v: om.open_order(v, order))
        self.outbox.to_client(order.client_id, lambda v: om.order_status(order))

    def _modify(self, order: ServerOrder, placed: PlacedOrder) -> None:
        if order.is_done:
            self.outbox.to_client(
                order.client_id, lambda v: msg.error(v, order.order_id, 103, "Duplicate order id")
            )
            return
        old = order.placed
        placed.account = placed.account or old.account
        order.placed = placed
        if placed.qty < order.filled or placed.order_type != old.order_type:
            order.placed = old
            code = 10326 if placed.qty < order.filled else 329
            text = "Order modify failed: the change is not allowed for this order"
            self.outbox.to_client(
                order.client_id, lambda v: msg.error(v, order.order_id, code, text)
            )
            return
        if order.at_engine:
            new_engine_qty = order.engine_qty + (placed.qty - old.qty)
            order.engine_qty = new_engine_qty
            self._handle(
                self.engine.modify(
                    order.key,
                    self.clock(),
                    qty=int(new_engine_qty) if placed.qty != old.qty else None,
                    limit_price=placed.lmt_price if placed.lmt_price != old.lmt_price else None,
                    stop_price=placed.aux_price if placed.aux_price != old.aux_price else None,
                )
            )
        if order.status != "PendingSubmit":
            self._announce(order)
        elif placed.transmit:
            self._release(order)

    def _cancel(self, order: ServerOrder, reason: str) -> None:
        if order.at_engine:
            self.engine.cancel(order.key, self.clock())
            order.at_engine = False
        order.status = "Cancelled"
        order.done_ts = self.clock()
        self.revision += 1
        self.outbox.to_client(order.client_id, lambda v: om.order_status(order))
        text = f"Order Canceled - reason:{reason}"
        self.outbox.to_client(order.client_id, lambda v: msg.error(v, order.order_id, 202, text))
        for child in self._children(order):
            if not child.is_done:
                self._cancel(child, "parent order was cancelled")

    def _reject(self, order: ServerOrder, code: int, text: str) -> None:
        order.status = "Inactive"
        order.done_ts = self.clock()
        self.revision += 1
        self.outbox.to_client(order.client_id, lambda v: msg.error(v, order.order_id, code, text))
        for child in self._children(order):
            if not child.is_done:
                self._reject(child, 201, "Order rejected - reason:parent order was rejected")

    def _handle(self, events: Sequence[OrderUpdate | Fill]) -> None:
        for ev in events:
            order = self.by_key.get(ev.client_id)
            if order is None:
                continue
            if isinstance(ev, Fill):
                self._fill(order, ev)
            elif ev.status is OrderStatus.REJECTED and not order.is_done:
                order.at_engine = False
                self._reject(order, 201, f"Order rejected - reason:{ev.reason}")
            elif ev.status in (OrderStatus.CANCELLED, OrderStatus.EXPIRED) and order.at_engine:
                order.at_engine = False
                if not order.is_done:
                    self._cancel(order, ev.reason)

    def _fill(self, order: ServerOrder, fill: Fill) -> None:
        qty = float(fill.qty)
        price = fill.price
        order.avg_price = (order.avg_price * order.filled + price * qty) / (order.filled + qty)
        order.filled += qty
        order.last_fill_price = price
        engine_done = order.filled >= order.engine_qty - 1e-9
        if order.filled >= order.placed.qty - 1e-9:
            order.status = "Filled"
            order.done_ts = fill.ts or self.clock()
            order.at_engine = False
        elif engine_done:
            order.at_engine = False  # the rest found no liquidity: it stays working, unfilled
        account = self.accounts[order.placed.account]
        pos = account.positions.get(order.listing.con_id)
        if pos is None:
            pos = account.positions[order.listing.con_id] = Pos(order.listing)
        signed = qty if order.placed.action == "BUY" else -qty
        pnl = pos.apply(signed, price)
        commission = ib_commission(order.listing, qty)
        account.commissions += commission
        execution = Exec(
            exec_id=f"{self.exec_prefix}.{self.next_exec:08x}.01.01",
            order=order,
            ts=fill.ts or self.clock(),
            shares=qty,
            price=price,
            cum_qty=order.filled,
            avg_price=order.avg_price,
            commission=commission,
            realized_pnl=pnl,
        )
        self.next_exec += 1
        self.executions.append(execution)
        self.revision += 1
        cid, name, currency = order.client_id, account.name, order.listing.product.currency
        self.outbox.to_client(cid, lambda v: om.order_status(order))
        self.outbox.to_client(cid, lambda v: om.execution(v, -1, execution, name))
        self.outbox.to_client(cid, lambda v: om.commission_report(execution, currency))
        if order.status == "Filled":
            self.outbox.to_client(cid, lambda v: om.open_order(v, order))
        self.outbox.position_changed(account, pos)
        for peer in self._oca_peers(order):
            self._cancel(peer, "OCA group member filled")
        if order.status == "Filled":
            for child in self._children(order):
                if child.status == "PreSubmitted":
                    self._activate(child)
