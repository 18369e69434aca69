"""Requests about orders: place (new or modify), cancel, global cancel, open orders,
completed orders, executions and order ids. The order book decides; this module reads the
request in the session's version and answers in it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runner_sims.ib import messages as msg
from runner_sims.ib import order_messages as om
from runner_sims.ib.requests_market import NO_DEFINITION
from runner_sims.ib.session import Session
from runner_sims.ib.wire import as_int, parse_ib_time

if TYPE_CHECKING:
    from runner_sims.ib.server import TwsServer


def place_order(srv: TwsServer, s: Session, f: list[str]) -> None:
    placed = om.parse_place_order(s.version, f)
    assert s.client_id is not None
    existing = srv.book.orders.get((s.client_id, placed.order_id))
    if existing is not None:
        srv.book.place(s.client_id, existing.listing, placed)
        return
    listing = srv.directory.resolve(msg.parse_contract(f, 2))
    if len(listing) != 1:
        s.error(placed.order_id, 200, NO_DEFINITION)
        return
    if placed.transmit and s.client_id in srv.faults.drop_after_order:
        srv.faults.drop_after_order.discard(s.client_id)
        srv.drop(s.client_id)  # the order got in; nothing about it gets out
    srv.book.place(s.client_id, listing[0], placed)


def cancel_order(srv: TwsServer, s: Session, f: list[str]) -> None:
    assert s.client_id is not None
    srv.book.cancel(s.client_id, as_int(f[2]))


def open_orders(srv: TwsServer, s: Session, f: list[str]) -> None:
    """reqOpenOrders (5: this client's) or reqAllOpenOrders (16: every client's)."""
    scope = s.client_id if int(f[0]) == 5 else None
    for order in srv.book.open_orders(scope):
        s.send(om.open_order(s.version, order))
        s.send(om.order_status(order))
    s.send([msg.OPEN_ORDER_END, 1])


def completed_orders(srv: TwsServer, s: Session, f: list[str]) -> None:
    """reqCompletedOrders: every done order (apiOnly: those placed through the API, which
    here is all of them)."""
    for order in srv.book.completed(None):
        s.send(om.completed_order(s.version, order, order.done_ts))
    s.send([msg.COMPLETED_ORDERS_END])


def executions(srv: TwsServer, s: Session, f: list[str]) -> None:
    req_id = as_int(f[2])
    client = as_int(f[3])
    account, since, symbol = f[4], parse_ib_time(f[5]), f[6].upper()
    sec_type, side = f[7].upper(), f[9].upper()
    for ex in srv.book.executions:
        o = ex.order
        p = o.listing.product
        if client and o.client_id != client:
            continue
        if account and o.placed.account != account:
            continue
        if since is not None and ex.ts < since:
            continue
        if symbol and symbol not in (p.ib_symbol, p.root):
            continue
        if sec_type and sec_type != p.sec_type:
            continue
        if side and side[:1] != ("B" if o.placed.action == "BUY" else "S"):
            continue
        s.send(om.execution(s.version, req_id, ex, o.placed.account))
        s.send(om.commission_report(ex, p.currency))
    s.send([msg.EXECUTION_DATA_END, 1, req_id])


def global_cancel(srv: TwsServer, s: Session, f: list[str]) -> None:
    srv.book.cancel_all()


def req_ids(srv: TwsServer, s: Session, f: list[str]) -> None:
    assert s.client_id is not None
    s.send([msg.NEXT_VALID_ID, 1, srv.book.next_order_id(s.client_id)])
