"""The ib broker's contract ids belong to one connection: after TWS restarts and forgets
them, an order is sent by a freshly resolved contract, and an order refused with error 200
before it reached the book is resolved again and sent once more under its own client id.
Against the local TWS server through the real ib_async client."""

from __future__ import annotations

from runner.model import OrderStatus, Side
from runner_sims.ib.server import TwsServer
from tests.ib.conftest import wait_until
from tests.ib.test_ib_broker import make_broker, order, round_trip


def _server_orders(server: TwsServer, client_id: int, ref: str) -> list[object]:
    return [
        o
        for o in server.book.orders.values()
        if o.client_id == client_id and o.placed.order_ref == ref
    ]


async def test_an_order_after_a_tws_restart_fills(server: TwsServer, client_id):
    broker, rec = await make_broker(server, client_id)
    try:
        broker.submit(order("r-1", "MCLZ3", Side.BUY, 1))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("r-1"))
        server.push_trade("MCLZ3", 75.10, 5)
        await wait_until(lambda: OrderStatus.FILLED in rec.statuses("r-1"))

        await server.restart()  # contract ids outlive the restart, as real ones do
        await wait_until(lambda: broker.session.reconnects == 1)
        broker.submit(order("r-2", "MCLZ3", Side.SELL, 1, reason="exit"))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("r-2"))
        server.push_trade("MCLZ3", 75.20, 5)
        await wait_until(lambda: OrderStatus.FILLED in rec.statuses("r-2"))
        [fill] = rec.fills("r-2")
        assert (fill.symbol, fill.side, fill.qty, fill.price) == ("MCLZ3", Side.SELL, 1, 75.20)
        assert OrderStatus.REJECTED not in rec.statuses("r-2")
        assert len(_server_orders(server, client_id, "r-2")) == 1
    finally:
        await broker.close()


async def test_an_order_refused_for_a_forgotten_contract_is_sent_once_more(
    server: TwsServer, client_id
):
    broker, rec = await make_broker(server, client_id)
    try:
        broker.submit(order("f-1", "MCLZ3", Side.BUY, 1))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("f-1"))
        server.push_trade("MCLZ3", 75.10, 5)
        await wait_until(lambda: OrderStatus.FILLED in rec.statuses("f-1"))

        server.forget_contracts()  # same socket: the broker's cached contract id is stale
        broker.submit(order("f-2", "MCLZ3", Side.SELL, 1))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("f-2"))
        server.push_trade("MCLZ3", 75.20, 5)
        await wait_until(lambda: OrderStatus.FILLED in rec.statuses("f-2"))
        assert [f.qty for f in rec.fills("f-2")] == [1]
        assert OrderStatus.REJECTED not in rec.statuses("f-2")
        # the refused order never existed at IB: one order under this client id, not two
        await round_trip(broker)
        assert len(_server_orders(server, client_id, "f-2")) == 1
        assert rec.statuses("f-2").count(OrderStatus.FILLED) == 1
    finally:
        await broker.close()


async def test_a_contract_that_cannot_be_resolved_again_is_rejected_once(
    server: TwsServer, client_id
):
    broker, rec = await make_broker(server, client_id)
    try:
        broker.submit(order("u-1", "MCLZ3", Side.BUY, 1))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("u-1"))
        server.forget_contracts()
        server.unlist("MCL")
        broker.submit(order("u-2", "MCLZ3", Side.BUY, 1))
        await wait_until(lambda: OrderStatus.REJECTED in rec.statuses("u-2"))
        last = rec.last("u-2")
        assert last is not None and "(200)" in last.reason and "resolving it again" in last.reason
        await round_trip(broker)
        assert rec.statuses("u-2") == [OrderStatus.REJECTED]
        assert not _server_orders(server, client_id, "u-2")
    finally:
        await broker.close()
