"""The Rithmic feed and broker report each plant's connection state through ``status``."""

from __future__ import annotations

import pytest
from rithmic_support import SYMBOL, conn, until

from runner.api import ConnectionEvent, ConnectionState
from runner_plugins.rithmic.data import RithmicFeed
from runner_plugins.rithmic.errors import RithmicLoginError
from runner_plugins.rithmic.execution import RithmicBroker
from runner_sims.rithmic.server import RithmicServer

C = ConnectionState


def states(events: list[ConnectionEvent], channel: str) -> list[ConnectionState]:
    return [e.state for e in events if e.channel == channel]


async def test_feed_reports_connect_drop_reconnect_and_resubscribe(server: RithmicServer) -> None:
    feed = RithmicFeed(RithmicFeed.Params(**conn(server)))
    told: list[ConnectionEvent] = []
    feed.status = told.append
    await feed.connect()
    try:
        assert states(told, "ticker") == [C.CONNECTING, C.CONNECTED]
        assert states(told, "history") == [C.CONNECTING, C.CONNECTED]
        assert {e.source for e in told} == {"rithmic"}
        await feed.subscribe([SYMBOL])
        server.drop("ticker")
        await until(lambda: C.RESUBSCRIBED in states(told, "ticker"), what="resubscribed")
        assert states(told, "ticker") == [
            C.CONNECTING,
            C.CONNECTED,
            C.DISCONNECTED,
            C.RECONNECTED,
            C.RESUBSCRIBED,
        ]
        lost = next(e for e in told if e.state is C.DISCONNECTED)
        assert lost.reason  # the venue's words for why the link went
        assert states(told, "history") == [C.CONNECTING, C.CONNECTED]
    finally:
        await feed.close()
    assert C.DISCONNECTED not in states(told, "history")  # a polite close is no loss


async def test_broker_reports_the_order_plant(server: RithmicServer) -> None:
    broker = RithmicBroker(RithmicBroker.Params(**conn(server)))
    told: list[ConnectionEvent] = []
    broker.status = told.append
    await broker.connect()
    try:
        assert states(told, "order")[:2] == [C.CONNECTING, C.CONNECTED]
        server.drop("order")
        await until(lambda: C.RESUBSCRIBED in states(told, "order"), what="order plant back")
        assert states(told, "order") == [
            C.CONNECTING,
            C.CONNECTED,
            C.DISCONNECTED,
            C.RECONNECTED,
            C.RESUBSCRIBED,
        ]
    finally:
        await broker.close()


async def test_a_refused_login_is_reported_as_disconnected(server: RithmicServer) -> None:
    server.users = {"trader": "another-password"}
    feed = RithmicFeed(RithmicFeed.Params(**conn(server, discover=False)))
    told: list[ConnectionEvent] = []
    feed.status = told.append
    with pytest.raises(RithmicLoginError):
        await feed.connect()
    await feed.close()
    assert [e.state for e in told] == [C.CONNECTING, C.DISCONNECTED]
    assert "refused" in told[-1].reason
