"""Bots sharing one TWS connection read back executions and open orders at the same time.

ib_async answers reqOpenOrders under one name per connection, so two read-backs in flight
at once used to orphan the first: its broker waited for ever (seen after a reconnect,
when every broker on the connection reconciles at once).
"""

from __future__ import annotations

import asyncio

from runner.model import OrderStatus, Side
from runner_sims.ib.server import TwsServer
from tests.ib.conftest import wait_until
from tests.ib.test_ib_broker import make_broker, order


async def test_brokers_on_one_connection_reconcile_at_once(server: TwsServer, client_id):
    a, rec_a = await make_broker(server, client_id)
    b, rec_b = await make_broker(server, client_id)
    try:
        assert a.session is b.session
        a.submit(order("A-1", "MCLZ3", Side.BUY, 1))
        b.submit(order("B-1", "MCLZ3", Side.SELL, 1))
        await wait_until(
            lambda: (
                OrderStatus.ACCEPTED in rec_a.statuses("A-1")
                and OrderStatus.ACCEPTED in rec_b.statuses("B-1")
            )
        )
        for _ in range(5):  # several rounds, each with every read-back in flight together
            await asyncio.wait_for(
                asyncio.gather(a.reconcile(), b.reconcile(), a.snapshot(), b.snapshot()), 30
            )
        snap_a, snap_b = await asyncio.gather(a.snapshot(), b.snapshot())
        # a snapshot is the connection's truth (the runtime keeps a bot's own part of it);
        # the events each broker emitted stay its own
        assert sorted(u.client_id for u in snap_a.open_orders) == ["A-1", "B-1"]
        assert sorted(u.client_id for u in snap_b.open_orders) == ["A-1", "B-1"]
        assert {e.client_id for e in rec_a.events} == {"A-1"}
        assert {e.client_id for e in rec_b.events} == {"B-1"}
    finally:
        await a.close()
        await b.close()
