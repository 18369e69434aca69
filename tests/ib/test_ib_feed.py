"""The ib feed plugin: live ticks, warm-up history, front month, resubscription."""

from __future__ import annotations

from datetime import date

from runner.model import MINUTE_NS, Quote, Trade
from runner_plugins.ib.catalog import listed_months, product
from runner_plugins.ib.data import IBFeed
from runner_plugins.ib.execution import IBBroker
from runner_sims.ib.server import TwsServer
from tests.ib.conftest import sim_clock, wait_until


async def make_feed(server: TwsServer, client_id: int) -> tuple[IBFeed, list]:
    feed = IBFeed(
        IBFeed.Params(
            host="127.0.0.1",
            port=server.port,
            client_id=client_id,
            connect_timeout=30,
            reconnect_initial=0.05,
        )
    )
    events: list = []
    feed.sink = events.append
    await feed.connect()
    return feed, events


def trades(events: list, symbol: str) -> list[Trade]:
    return [e for e in events if isinstance(e, Trade) and e.symbol == symbol]


async def test_streams_trades_and_quotes(server: TwsServer, client_id):
    feed, events = await make_feed(server, client_id)
    try:
        await feed.subscribe(["MCLZ3", "USO"])
        server.push_quote("MCL", 75.40, 75.42, 5, 6)
        server.push_trade("MCL", 75.41, 3)
        server.push_trade("USO", 72.30, 200)
        await wait_until(
            lambda: (
                trades(events, "USO")
                and trades(events, "MCLZ3")[-1:]
                and trades(events, "MCLZ3")[-1].price == 75.41
            )
        )
        last = trades(events, "MCLZ3")[-1]
        assert (last.price, last.size) == (75.41, 3)
        quotes = [e for e in events if isinstance(e, Quote) and e.symbol == "MCLZ3"]
        assert (quotes[-1].bid, quotes[-1].ask, quotes[-1].bid_size, quotes[-1].ask_size) == (
            75.40,
            75.42,
            5,
            6,
        )
        assert trades(events, "USO")[-1].price == 72.30
    finally:
        await feed.close()


async def test_resubscribes_after_a_drop_and_after_data_loss(server: TwsServer, client_id):
    feed, events = await make_feed(server, client_id)
    try:
        await feed.subscribe(["MCLZ3"])
        server.drop(client_id)
        await wait_until(
            lambda: feed.session.reconnects == 1 and any(s.market for s in server.sessions)
        )
        server.push_trade("MCL", 75.77)
        await wait_until(lambda: any(t.price == 75.77 for t in trades(events, "MCLZ3")))
        server.connectivity_lost()
        server.connectivity_restored(data_lost=True)  # 1101: TWS dropped the subscriptions
        await wait_until(lambda: any(s.market for s in server.sessions))
        server.push_trade("MCL", 75.88)
        await wait_until(lambda: any(t.price == 75.88 for t in trades(events, "MCLZ3")))
    finally:
        await feed.close()


async def test_history_for_warm_up_from_bundled_bars(client_id, ib_lib):
    async with TwsServer.from_data(clock=sim_clock(), roots=["GC"]) as server:
        feed, _ = await make_feed(server, client_id)
        try:
            now = server.market.now() // MINUTE_NS * MINUTE_NS
            bars = await feed.history("GCZ6", 60, now - 90 * MINUTE_NS, now)
            assert 60 <= len(bars) <= 90  # an hour and a half of minutes, gaps allowed
            assert all(b.symbol == "GCZ6" and b.end - b.ts == MINUTE_NS for b in bars)
            assert [b.ts for b in bars] == sorted(b.ts for b in bars)
            assert bars[0].ts >= now - 90 * MINUTE_NS and bars[-1].end <= now
            assert 1200 < bars[-1].close < 1400  # 2013 gold, replayed
            five = await feed.history("GCZ6", 300, now - 90 * MINUTE_NS, now)
            assert sum(b.volume for b in five) <= sum(b.volume for b in bars) + 1e-6
            assert all(b.ts % (5 * MINUTE_NS) == 0 for b in five)
        finally:
            await feed.close()


async def test_front_month_from_contract_details(server: TwsServer, client_id):
    feed, _ = await make_feed(server, client_id)
    try:
        # the server's date (SIM_START) decides: MCLZ6 trades until 2026-11-19
        expected = listed_months(product("MCL"), date(2026, 11, 4))[0].local_symbol
        assert expected == "MCLZ6"
        assert await feed.front_month("MCL", "NYMEX") == expected
        assert await feed.front_month("USO", "ARCA") is None
    finally:
        await feed.close()


async def test_feed_and_broker_of_one_profile_share_a_connection(server: TwsServer, client_id):
    feed, _ = await make_feed(server, client_id)
    broker = IBBroker(IBBroker.Params(host="127.0.0.1", port=server.port, client_id=client_id))
    try:
        await broker.connect()
        assert broker.session is feed.session
        assert server.client_ids().count(client_id) == 1
    finally:
        await broker.close()
        assert feed.session.is_connected  # still in use by the feed
        await feed.close()


async def test_long_warm_up_is_fetched_in_day_pieces(client_id, ib_lib):
    async with TwsServer.from_data(clock=sim_clock(), roots=["MCL"]) as server:
        feed, _ = await make_feed(server, client_id)
        try:
            now = server.market.now() // MINUTE_NS * MINUTE_NS
            start = now - 2 * 1440 * MINUTE_NS - 30 * MINUTE_NS
            bars = await feed.history("MCLZ6", 60, start, now)
            requests = [f for f in server.received if f[0] == "20"]
            assert len(requests) == 3  # two whole days and the half hour before them
            assert {f[17] for f in requests} == {"86400 S", "1800 S"}
            stamps = [b.ts for b in bars]
            assert stamps == sorted(set(stamps)) and stamps[0] >= start
            assert len(bars) > 1440  # crude trades nearly around the clock
        finally:
            await feed.close()
