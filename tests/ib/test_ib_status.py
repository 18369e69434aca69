"""The IB feed and broker report their shared connection's state through ``status``."""

from __future__ import annotations

from runner.api import ConnectionEvent, ConnectionState
from runner_plugins.ib.execution import IBBroker
from runner_sims.ib.server import TwsServer
from tests.ib.conftest import wait_until
from tests.ib.test_ib_feed import make_feed, trades

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


def lost(told: list[ConnectionEvent], symbol: str) -> list[ConnectionEvent]:
    return [e for e in told if e.channel == symbol]


async def test_after_a_tws_restart_the_feed_resolves_its_contracts_again(
    server: TwsServer, client_id
):
    """A restarted server that no longer knows the old contract ids (a fault: real ids are
    permanent) answers a subscription by them with error 200. The feed asks for the
    contracts afresh and data flows again."""
    feed, events = await make_feed(server, client_id)
    told: list[ConnectionEvent] = []
    feed.status = told.append
    try:
        await feed.subscribe(["MCLZ3", "USO"])
        await server.restart(lose_contracts=True)
        await wait_until(lambda: C.RESUBSCRIBED in [e.state for e in told])
        server.push_trade("MCL", 75.61)
        server.push_trade("USO", 72.61)
        await wait_until(
            lambda: (
                any(t.price == 75.61 for t in trades(events, "MCLZ3"))
                and any(t.price == 72.61 for t in trades(events, "USO"))
            )
        )
        assert [e.state for e in told] == [C.DISCONNECTED, C.RECONNECTED, C.RESUBSCRIBED]
        assert not feed.lost
    finally:
        await feed.close()


async def test_a_subscription_refused_with_error_200_is_resolved_again(
    server: TwsServer, client_id
):
    feed, events = await make_feed(server, client_id)
    told: list[ConnectionEvent] = []
    feed.status = told.append
    try:
        await feed.subscribe(["MCLZ3"])
        server.forget_contracts()  # the ids the feed holds are unknown now
        server.connectivity_lost()
        server.connectivity_restored(data_lost=True)  # 1101: subscribed again by the old id
        await wait_until(lambda: any(s.market for s in server.sessions))
        server.push_trade("MCL", 75.91)
        await wait_until(lambda: any(t.price == 75.91 for t in trades(events, "MCLZ3")))
        assert not lost(told, "MCLZ3") and not feed.lost
    finally:
        await feed.close()


async def test_a_contract_that_cannot_be_resolved_again_is_reported_lost(
    server: TwsServer, client_id
):
    feed, events = await make_feed(server, client_id)
    told: list[ConnectionEvent] = []
    feed.status = told.append
    try:
        await feed.subscribe(["MCLZ3", "USO"])
        server.unlist("MCL")
        await server.restart()
        await wait_until(lambda: lost(told, "MCLZ3"))
        [down] = lost(told, "MCLZ3")
        assert down.state is C.DISCONNECTED and "MCLZ3" in down.reason
        server.push_trade("USO", 72.77)  # the other symbol still streams
        await wait_until(lambda: any(t.price == 72.77 for t in trades(events, "USO")))

        # refused by id (1101), then refused again when resolved afresh: lost, with TWS's words
        server.unlisted.clear()
        server.connectivity_lost()
        server.connectivity_restored(data_lost=True)
        await wait_until(lambda: len(lost(told, "MCLZ3")) == 2)
        assert lost(told, "MCLZ3")[-1].state is C.RESUBSCRIBED
        server.forget_contracts()
        server.unlist("MCL")
        server.connectivity_lost()
        server.connectivity_restored(data_lost=True)
        await wait_until(lambda: len(lost(told, "MCLZ3")) == 3)
        last = lost(told, "MCLZ3")[-1]
        assert last.state is C.DISCONNECTED
        assert "No security definition" in last.reason and "resolving it again" in last.reason
    finally:
        await feed.close()
