"""The local TWS server driven by the real ib_async client (and raw sockets where the
protocol itself is the subject)."""

from __future__ import annotations

import asyncio
import logging
import struct

import pytest

from runner_sims.ib.server import TwsServer
from runner_sims.ib.wire import frame, split
from tests.ib.conftest import wait_until


async def _handshake(port: int, offer: bytes) -> list[str] | None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"API\0" + struct.pack(">I", len(offer)) + offer)
    await writer.drain()
    try:
        head = await asyncio.wait_for(reader.readexactly(4), 30)
    except asyncio.IncompleteReadError:
        return None
    finally:
        pass
    body = await reader.readexactly(struct.unpack(">I", head)[0])
    writer.close()
    return split(body)


@pytest.mark.parametrize(
    ("offer", "version"),
    [(b"v157..178", "178"), (b"v100..200", "178"), (b"v157..160 +PACEAPI", "160")],
)
async def test_version_is_negotiated_from_the_offer(server: TwsServer, offer, version):
    reply = await _handshake(server.port, offer)
    assert reply is not None and reply[0] == version and len(reply) == 2


async def test_too_old_a_client_is_refused_without_a_reply(server: TwsServer, caplog):
    with caplog.at_level(logging.WARNING):
        assert await _handshake(server.port, b"v100..150") is None
    assert "refused" in caplog.text


async def test_connect_completes_the_startup_sync(server: TwsServer, client_id, caplog, ib_lib):
    c = ib_lib.IB()
    with caplog.at_level(logging.ERROR):
        await c.connectAsync("127.0.0.1", server.port, clientId=client_id, timeout=30)
    try:
        assert c.managedAccounts() == ["DU1234567"]
        assert "timed out" not in caplog.text
        ids = [int(f[0]) for f in server.received]
        for req in (71, 61, 5, 99, 6, 76, 7):
            assert req in ids
        assert any(v.tag == "NetLiquidation" for v in c.accountValues())
    finally:
        c.disconnect()


async def test_qualifies_a_future_month_and_the_uso_etf(server: TwsServer, client_id, ib_lib):
    c = await ib_lib.IB().connectAsync("127.0.0.1", server.port, clientId=client_id, timeout=30)
    try:
        fut = ib_lib.Future(symbol="MCL", lastTradeDateOrContractMonth="202312", exchange="NYMEX")
        stk = ib_lib.Stock("USO", "SMART", "USD")
        bad = ib_lib.Future(symbol="NOPE", lastTradeDateOrContractMonth="202312", exchange="NYMEX")
        q = await c.qualifyContractsAsync(fut, stk, bad)
        assert q[0] is not None and fut.localSymbol == "MCLZ3" and fut.multiplier == "100"
        assert fut.conId > 0 and fut.lastTradeDateOrContractMonth.startswith("202311")
        assert stk.primaryExchange == "ARCA" and stk.conId > 0
        # unknown: ib_async answers None in its place, ib_insync leaves it out
        assert bad.conId == 0 and len([x for x in q if x is not None]) == 2
        months = await c.reqContractDetailsAsync(ib_lib.Future(symbol="MCL", exchange="NYMEX"))
        assert len(months) >= 3
        dates = [d.contract.lastTradeDateOrContractMonth for d in months]
        assert dates == sorted(dates)
    finally:
        c.disconnect()


async def test_streams_ticks_and_serves_history(server: TwsServer, client_id, ib_lib):
    c = await ib_lib.IB().connectAsync("127.0.0.1", server.port, clientId=client_id, timeout=30)
    try:
        [fut] = await c.qualifyContractsAsync(
            ib_lib.Future(symbol="MCL", lastTradeDateOrContractMonth="202312", exchange="NYMEX")
        )
        ticker = c.reqMktData(fut)
        await wait_until(lambda: ticker.last == 75.01)
        server.push_quote("MCL", 75.10, 75.12, 3, 4)
        server.push_trade("MCL", 75.11, 2)
        await wait_until(lambda: ticker.last == 75.11)
        assert (ticker.bid, ticker.ask, ticker.bidSize, ticker.askSize) == (75.10, 75.12, 3, 4)
        assert ticker.lastSize == 2
        bars = await c.reqHistoricalDataAsync(fut, "", "1 D", "5 mins", "TRADES", False, 2)
        # every one-minute bar before the replay point (119 of them), in 5-minute buckets
        assert server.market.series["MCL"].cursor == 119
        assert len(bars) in (24, 25) and sum(b.volume for b in bars) == 119 * 40
        assert all(b.high >= max(b.open, b.close) and b.low <= min(b.open, b.close) for b in bars)
        stamps = [b.date.timestamp() for b in bars]
        assert stamps == sorted(stamps) and all(s % 300 == 0 for s in stamps)
    finally:
        c.disconnect()


async def test_market_order_fills_with_execution_and_commission(
    server: TwsServer, client_id, ib_lib
):
    c = await ib_lib.IB().connectAsync("127.0.0.1", server.port, clientId=client_id, timeout=30)
    try:
        [fut] = await c.qualifyContractsAsync(
            ib_lib.Future(symbol="MCL", lastTradeDateOrContractMonth="202312", exchange="NYMEX")
        )
        trade = c.placeOrder(fut, ib_lib.MarketOrder("BUY", 2, orderRef="m-1"))
        await wait_until(lambda: trade.orderStatus.status == "Submitted")
        server.push_trade("MCL", 75.20, 5)
        await wait_until(
            lambda: (
                trade.orderStatus.status == "Filled"
                and trade.fills
                and trade.fills[0].commissionReport.execId
            )
        )
        f = trade.fills[0]
        assert (f.execution.shares, f.execution.price, f.execution.side) == (2, 75.20, "BOT")
        assert f.execution.orderRef == "m-1" and f.commissionReport.commission == 1.70
        await wait_until(lambda: c.positions())
        [pos] = c.positions()
        assert pos.position == 2 and pos.avgCost == pytest.approx(7520.0)
    finally:
        c.disconnect()


async def test_limit_order_is_modified_then_cancelled(server: TwsServer, client_id, ib_lib):
    c = await ib_lib.IB().connectAsync("127.0.0.1", server.port, clientId=client_id, timeout=30)
    try:
        [fut] = await c.qualifyContractsAsync(
            ib_lib.Future(symbol="MCL", lastTradeDateOrContractMonth="202312", exchange="NYMEX")
        )
        trade = c.placeOrder(fut, ib_lib.LimitOrder("SELL", 1, 76.00))
        await wait_until(lambda: trade.orderStatus.status == "Submitted")
        perm = trade.order.permId
        trade.order.lmtPrice = 76.50
        c.placeOrder(fut, trade.order)
        await wait_until(lambda: trade.log[-1].message == "Modified")
        assert trade.order.permId == perm
        server.push_trade("MCL", 76.20)  # above the old limit, below the new one
        assert not server.book.executions  # matched at once by the server: no execution
        await c.reqCurrentTimeAsync()  # what the server sent before this answer has arrived
        assert trade.orderStatus.status == "Submitted" and not trade.fills
        c.cancelOrder(trade.order)
        await wait_until(lambda: trade.orderStatus.status == "Cancelled")
        assert not c.openTrades()
    finally:
        c.disconnect()


async def test_bracket_children_wait_for_the_parent_and_cancel_each_other(
    server: TwsServer, client_id, ib_lib
):
    c = await ib_lib.IB().connectAsync("127.0.0.1", server.port, clientId=client_id, timeout=30)
    try:
        [fut] = await c.qualifyContractsAsync(
            ib_lib.Future(symbol="MCL", lastTradeDateOrContractMonth="202312", exchange="NYMEX")
        )
        parent, target, stop = c.bracketOrder("BUY", 1, 75.00, 75.50, 74.50)
        trades = [c.placeOrder(fut, o) for o in (parent, target, stop)]
        await wait_until(lambda: trades[2].orderStatus.status == "PreSubmitted")
        assert trades[0].orderStatus.status == "Submitted"
        assert trades[1].orderStatus.status == "PreSubmitted"
        server.push_trade("MCL", 74.98)  # parent's limit is reached
        await wait_until(lambda: trades[0].orderStatus.status == "Filled")
        await wait_until(
            lambda: (
                trades[1].orderStatus.status == "Submitted"
                and trades[2].orderStatus.status == "Submitted"
            )
        )
        server.push_trade("MCL", 75.20)  # both children rest ...
        server.push_trade("MCL", 75.55)  # ... the target fills at its limit ...
        await wait_until(lambda: trades[1].orderStatus.status == "Filled")
        await wait_until(lambda: trades[2].orderStatus.status == "Cancelled")  # ... the stop dies
        assert trades[1].fills[0].execution.price == 75.50
        executions = len(server.book.executions)
        server.push_trade("MCL", 74.00)
        assert len(server.book.executions) == executions  # the cancelled stop did not fill
        await c.reqCurrentTimeAsync()  # what the server sent before this answer has arrived
        assert not trades[2].fills
    finally:
        c.disconnect()


async def test_rejected_order_is_cancelled_with_error_201(server: TwsServer, client_id, ib_lib):
    c = await ib_lib.IB().connectAsync("127.0.0.1", server.port, clientId=client_id, timeout=30)
    try:
        [stk] = await c.qualifyContractsAsync(ib_lib.Stock("USO", "SMART", "USD"))
        server.reject_next("USO", "insufficient margin")
        trade = c.placeOrder(stk, ib_lib.MarketOrder("SELL", 100))
        await wait_until(lambda: trade.orderStatus.status == "Cancelled")
        assert trade.log[-1].errorCode == 201 and "insufficient margin" in trade.log[-1].message
    finally:
        c.disconnect()


async def test_second_connection_with_the_same_client_id_gets_326(
    server: TwsServer, client_id, ib_lib
):
    first = await ib_lib.IB().connectAsync("127.0.0.1", server.port, clientId=client_id, timeout=30)
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    try:
        offer = b"v157..178"
        writer.write(b"API\0" + struct.pack(">I", len(offer)) + offer)
        writer.write(frame([71, 2, client_id, ""]))
        await writer.drain()
        messages = []
        while True:
            try:
                head = await asyncio.wait_for(reader.readexactly(4), 30)
            except asyncio.IncompleteReadError:
                break  # the server closed the connection
            messages.append(split(await reader.readexactly(struct.unpack(">I", head)[0])))
        assert messages[1][:4] == ["4", "2", "-1", "326"]
        assert "already in use" in messages[1][4]
        assert first.isConnected()
    finally:
        writer.close()
        first.disconnect()


async def test_executions_are_read_back_after_a_reconnect(server: TwsServer, client_id, ib_lib):
    c = await ib_lib.IB().connectAsync("127.0.0.1", server.port, clientId=client_id, timeout=30)
    [fut] = await c.qualifyContractsAsync(
        ib_lib.Future(symbol="MCL", lastTradeDateOrContractMonth="202312", exchange="NYMEX")
    )
    trade = c.placeOrder(fut, ib_lib.LimitOrder("BUY", 1, 74.50, orderRef="keep-me"))
    await wait_until(lambda: trade.orderStatus.status == "Submitted")
    server.drop(client_id)
    await wait_until(lambda: not c.isConnected())
    server.push_trade("MCL", 74.40)  # fills while nobody listens
    c2 = await ib_lib.IB().connectAsync("127.0.0.1", server.port, clientId=client_id, timeout=30)
    try:
        fills = await c2.reqExecutionsAsync()
        assert [f.execution.orderRef for f in fills] == ["keep-me"]
        assert fills[0].execution.price == 74.40  # first trade through the limit: better price
        # the order id counter moved past the ids this client already used
        assert c2.client.getReqId() > trade.order.orderId
    finally:
        c2.disconnect()


async def test_real_time_bars_of_five_seconds(server: TwsServer, client_id, monkeypatch, ib_lib):
    c = await ib_lib.IB().connectAsync("127.0.0.1", server.port, clientId=client_id, timeout=30)
    try:
        [fut] = await c.qualifyContractsAsync(
            ib_lib.Future(symbol="MCL", lastTradeDateOrContractMonth="202312", exchange="NYMEX")
        )
        bars = c.reqRealTimeBars(fut, 5, "TRADES", False)
        await wait_until(lambda: any(s.realtime for s in server.sessions))
        clock = [1_800_000_000 * 10**9]
        monkeypatch.setattr(server.market, "now", lambda: clock[0])
        for price, dt in ((75.10, 0), (75.30, 1), (75.00, 2), (75.20, 4), (75.40, 5)):
            clock[0] = 1_800_000_000 * 10**9 + dt * 10**9
            server.push_trade("MCL", price, 2)
        # the bar of 1_800_000_000..+5 s is complete once a trade of the next one prints
        await wait_until(lambda: any(b.time.timestamp() == 1_800_000_000 for b in bars))
        [b] = [b for b in bars if b.time.timestamp() == 1_800_000_000]
        assert (b.open_, b.high, b.low, b.close, b.volume) == (75.10, 75.30, 75.00, 75.20, 8)
    finally:
        c.disconnect()
