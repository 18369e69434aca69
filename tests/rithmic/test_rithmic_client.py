"""The plant client against the local server: login, heartbeats, responses, faults, TLS."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import websockets
from rithmic_support import SYMBOL, gc_bars, settings, sim_clock, until

from runner_plugins.rithmic.client import (
    Plant,
    RithmicClient,
    RithmicLoginError,
    RithmicRequestError,
    RithmicTimeout,
    RithmicTLSError,
    list_systems,
)
from runner_plugins.rithmic.protocol import framing
from runner_plugins.rithmic.protocol.templates import new
from runner_sims.rithmic.certs import make_certificates
from runner_sims.rithmic.server import RithmicServer


def md(symbol: str = SYMBOL) -> object:
    return new("RequestMarketDataUpdate", symbol=symbol, exchange="COMEX", request=1, update_bits=3)


async def test_discovery_and_login_on_every_plant(server: RithmicServer) -> None:
    assert await list_systems(settings(server)) == ["Rithmic Test", "Rithmic Paper Trading"]
    client = RithmicClient(settings(server))
    await client.connect()
    try:
        assert {p: server.logged_in(p.label) for p in Plant} == dict.fromkeys(Plant, 1)
        assert client[Plant.ORDER].login.heartbeat_interval == server.heartbeat_interval
        assert client[Plant.ORDER].login.fcm_id == server.fcm_id
    finally:
        await client.close()
    await until(lambda: sum(server.logged_in(p.label) for p in Plant) == 0, what="logouts")
    assert server.received.count(12) == 4


async def test_unknown_system_is_a_clear_error(server: RithmicServer) -> None:
    client = RithmicClient(settings(server, system_name="Rithmic 99"), [Plant.TICKER])
    with pytest.raises(RithmicLoginError, match="Rithmic 99.*offered: Rithmic Test"):
        await client.connect()


async def test_wrong_password_is_refused_and_never_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    srv = RithmicServer(
        {"GC": gc_bars()}, clock=sim_clock(), cert_dir=tmp_path, users={"trader": "right"}
    )
    async with srv:
        client = RithmicClient(settings(srv, password="wrong-pw-123"), [Plant.TICKER])
        with pytest.raises(RithmicLoginError, match="refused: permission denied"):
            await client.connect()
        ok = RithmicClient(settings(srv, password="right"), [Plant.TICKER])
        await ok.connect()
        await ok.close()
    assert "wrong-pw-123" not in caplog.text and "right" not in caplog.text.replace("right)", "")
    assert "wrong-pw-123" not in repr(settings(srv, password="wrong-pw-123"))


async def test_wrong_ca_file_is_refused_with_a_clear_error(
    server: RithmicServer, tmp_path: Path
) -> None:
    other = make_certificates(tmp_path / "other")
    client = RithmicClient(settings(server, ca_file=str(other.ca_file)), [Plant.TICKER])
    with pytest.raises(RithmicTLSError, match="not trusted by .*ca.pem"):
        await client.connect()
    missing = RithmicClient(settings(server, ca_file=str(tmp_path / "nope.pem")), [Plant.TICKER])
    with pytest.raises(RithmicTLSError, match="does not exist"):
        await missing.connect()
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    with pytest.raises(RithmicTLSError, match="not a PEM certificate"):
        await RithmicClient(settings(server, ca_file=str(junk)), [Plant.TICKER]).connect()


async def test_verification_is_on_by_default(server: RithmicServer) -> None:
    # no CA file: the system trust store does not know our local CA
    client = RithmicClient(settings(server, ca_file=None), [Plant.TICKER])
    with pytest.raises(RithmicTLSError, match="system trust store"):
        await client.connect()


async def test_heartbeats_keep_an_idle_client_and_silent_clients_are_dropped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # The interval leaves the client a second of slack (it sends after half the interval
    # idle): a loaded machine that is late by less than that must not lose the client.
    caplog.set_level(logging.INFO)
    srv = RithmicServer(
        {"GC": gc_bars()}, clock=sim_clock(), cert_dir=tmp_path, heartbeat_interval=2.0
    )
    async with srv:
        client = RithmicClient(settings(srv), [Plant.ORDER])
        await client.connect(discover=False)
        # a bare socket that logs in and then says nothing
        ws = await websockets.connect(srv.uri, ssl=settings(srv).ssl_context())
        await ws.send(
            framing.encode(
                new(
                    "RequestLogin",
                    user="x",
                    password="y",
                    system_name="Rithmic Test",
                    template_version="3.9",
                    infra_type=2,
                )
            )
        )
        tid, reply = framing.decode(await ws.recv())
        assert (tid, list(reply.rp_code)) == (11, ["0"])
        # Staying silent is the behaviour under test; what follows waits for its outcome.
        await until(lambda: ws.state.name == "CLOSED", what="the silent socket dropped")
        # three heartbeats: the client has been idle longer than the interval (3 x 1 s > 2 s)
        await until(lambda: srv.received.count(18) >= 3, what="three heartbeats of the client")
        assert client[Plant.ORDER].connected.is_set()
        assert client[Plant.ORDER].reconnects == 0
        dropped = [r.getMessage() for r in caplog.records if "dropping silent" in r.getMessage()]
        assert dropped == ["dropping silent order client x"]
        await client.close()


async def test_multi_part_and_error_responses(server: RithmicServer) -> None:
    client = RithmicClient(settings(server), [Plant.ORDER, Plant.TICKER])
    await client.connect()
    try:
        accounts = await client[Plant.ORDER].request(new("RequestAccountList"), multi=True)
        assert [a.account_id for a in accounts] == [server.account_id]
        with pytest.raises(RithmicRequestError, match="served by the order plant"):
            await client[Plant.TICKER].request(new("RequestAccountList"))
        with pytest.raises(RithmicRequestError, match="no data for ZZZZ"):
            await client[Plant.TICKER].request(md("ZZZZ"))
    finally:
        await client.close()


async def test_delayed_responses_and_timeouts(server: RithmicServer) -> None:
    # A generous default timeout (the login and the delayed answer must not race it on a
    # loaded machine); the short one is given to the request meant to time out, and the
    # answer it waits for comes later than that whatever the load: both are timers of the
    # one event loop, and the answer still has a socket to cross.
    client = RithmicClient(settings(server, request_timeout=30), [Plant.ORDER])
    await client.connect()
    try:
        server.faults.response_delay = 0.1
        info = await client[Plant.ORDER].request(new("RequestLoginInfo"))
        assert info.fcm_id == server.fcm_id
        server.faults.response_delay = 0.5
        with pytest.raises(RithmicTimeout, match="RequestLoginInfo"):
            await client[Plant.ORDER].request(new("RequestLoginInfo"), timeout=0.2)
        server.faults.response_delay = 0.0
        assert (await client[Plant.ORDER].request(new("RequestLoginInfo"))).ib_id == server.ib_id
    finally:
        await client.close()


async def test_malformed_frames_and_unknown_templates_never_crash(server: RithmicServer) -> None:
    client = RithmicClient(settings(server), [Plant.TICKER])
    await client.connect()
    trades: list[float] = []
    ticker = client[Plant.TICKER]
    ticker.on(150, lambda tid, m: trades.append(m.trade_price))
    try:
        await ticker.subscribe("md", md())
        await until(lambda: len(trades) > 5, what="first trades")
        for _ in range(3):
            await server.send_malformed("ticker")
            await server.send_unknown("ticker")
        seen = len(trades)
        await until(lambda: len(trades) > seen + 20, what="trades after bad frames")
        assert ticker.bad_frames == 6
        assert ticker.skipped_unknown == 3
        assert ticker.reconnects == 0
    finally:
        await client.close()


async def test_forced_logout_reconnects_and_resubscribes(server: RithmicServer) -> None:
    client = RithmicClient(settings(server), [Plant.TICKER])
    await client.connect()
    trades: list[float] = []
    ticker = client[Plant.TICKER]
    ticker.on(150, lambda tid, m: trades.append(m.trade_price))
    try:
        await ticker.subscribe("md", md())
        await until(lambda: len(trades) > 5, what="first trades")
        await server.forced_logout("ticker")
        await until(lambda: ticker.reconnects == 1, what="reconnect")
        seen = len(trades)
        await until(lambda: len(trades) > seen + 10, what="trades after re-subscribing")
        assert server.received.count(100) == 2
    finally:
        await client.close()


async def test_reconnect_stops_when_the_login_is_refused(server: RithmicServer) -> None:
    client = RithmicClient(settings(server), [Plant.TICKER])
    await client.connect()
    states: list[str] = []
    ticker = client[Plant.TICKER]
    ticker.on_state.append(lambda plant, state: states.append(state))
    server.users = {"trader": "a-new-password"}  # the account's password changed meanwhile
    server.drop("ticker")
    await until(lambda: any(s.startswith("stopped") for s in states), what="plant stopped")
    assert "permission denied" in states[-1]
    assert not ticker.connected.is_set()
    await client.close()


async def test_a_gateway_cutting_discovery_is_a_connect_error_tried_again(
    tmp_path: Path,
) -> None:
    """A gateway going down cuts the system-info connection without a close frame: that is
    a connect error (the first login tries again for the connect timeout), not a crash."""
    import ssl

    from runner_plugins.rithmic.client import RithmicConnectError, Settings

    certs = make_certificates(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs.cert_file, certs.key_file)

    async def going_down(ws) -> None:
        await ws.recv()  # the system-info request arrives; the gateway dies
        ws.transport.abort()

    async with websockets.serve(going_down, "127.0.0.1", 0, ssl=context) as srv:
        port = srv.sockets[0].getsockname()[1]
        wanted = Settings(
            uri=f"wss://127.0.0.1:{port}",
            ca_file=str(certs.ca_file),
            user="u",
            password="p",
            system_name="Rithmic Test",
        )
        with pytest.raises(RithmicConnectError, match="closed the connection"):
            await list_systems(wanted)
