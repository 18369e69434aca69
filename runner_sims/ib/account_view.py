"""The account as TWS holds it, in the shape both simulators share (``runner_sims.account``):
what fault tests and the fault soak compare the runner's journal with."""

from __future__ import annotations

from collections.abc import Iterable

from runner.api import OrderType, Side
from runner_sims.account import Account as AccountView
from runner_sims.account import BrokerOrder, Execution
from runner_sims.ib.records import Execution as Exec
from runner_sims.ib.records import Position, ServerOrder

ORDER_TYPES = {
    "MKT": OrderType.MARKET,
    "LMT": OrderType.LIMIT,
    "STP": OrderType.STOP,
    "STP LMT": OrderType.STOP_LIMIT,
}
"""TWS order types the server accepts, and runner's names for them."""


def _side(action: str) -> Side:
    return Side.BUY if action == "BUY" else Side.SELL


def _booked(o: ServerOrder) -> BrokerOrder:
    p = o.placed
    price = p.aux_price if p.order_type in ("STP", "STP LMT") else p.lmt_price
    return BrokerOrder(
        p.order_ref,
        "",
        o.listing.symbol,
        _side(p.action),
        int(p.qty),
        ORDER_TYPES.get(p.order_type, OrderType.MARKET),
        price,
        str(o.perm_id),
    )


def account_view(
    name: str,
    positions: Iterable[Position],
    orders: Iterable[ServerOrder],
    executions: Iterable[Exec],
) -> AccountView:
    mine = [o for o in orders if o.placed.account == name]
    return AccountView(
        positions={p.listing.symbol: int(p.qty) for p in positions if p.qty},
        working=[_booked(o) for o in mine if not o.is_done and o.status != "PendingSubmit"],
        executions=[
            Execution(
                e.order.placed.order_ref,
                "",
                e.order.listing.symbol,
                _side(e.order.placed.action),
                int(e.shares),
                e.price,
                e.exec_id,
            )
            for e in executions
            if e.order.placed.account == name
        ],
        orders=[_booked(o) for o in mine],
    )
