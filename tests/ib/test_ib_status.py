"""The IB feed and broker report their shared connection's state through ``status``."""

from __future__ import annotations

from runner.api import ConnectionEvent, ConnectionState
from runner_plugins.ib.execution import IBBroker
from runner_sims.ib.server import TwsServer
from tests.ib.conftest import wait_until
from tests.ib.test_ib_feed import make_feed

C = ConnectionState


async def test_feed_reports_connect_drop_reconnect_and_resubscribe(server: TwsServer, client_id):
    feed, _ = await make_feed(server, client_id)
    told: list[ConnectionEvent] = []
    feed.status = told.append
    try:
        await feed.subscribe(["MCLZ3"])
        server.drop(client_id)
        await wait_until(lambda: C.RESUBSCRIBED in [e.state for e in told])
        assert [e.state for e in told] == [C.DISCONNECTED, C.RECONNECTED, C.RESUBSCRIBED]
        assert told[0].reason == "socket closed"
        assert {(e.source, e.channel) for e in told} == {("ib", str(client_id))}
        server.connectivity_restored(data_lost=True)  # 1101: TWS dropped the subscriptions
        await wait_until(lambda: [e.state for e in told].count(C.RESUBSCRIBED) == 2)
        assert "(1101)" in told[-2].reason
    finally:
        await feed.close()


async def test_broker_reports_connecting_and_connected(server: TwsServer, client_id):
    broker = IBBroker(
        IBBroker.Params(
            host="127.0.0.1", port=server.port, client_id=client_id, reconnect_initial=0.05
        )
    )
    told: list[ConnectionEvent] = []
    broker.status = told.append
    await broker.connect()
    try:
        assert [e.state for e in told] == [C.CONNECTING, C.CONNECTED]
        server.drop(client_id)
        await wait_until(lambda: C.RECONNECTED in [e.state for e in told])
        assert [e.state for e in told] == [
            C.CONNECTING,
            C.CONNECTED,
            C.DISCONNECTED,
            C.RECONNECTED,
        ]
    finally:
        await broker.close()
