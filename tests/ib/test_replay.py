"""The server replaying the bundled MCL and USO bars: aligned in time, streamed as ticks."""

from __future__ import annotations

from runner.model import Trade
from runner_plugins.feeds.replay import load_bars
from runner_plugins.ib.data import IBFeed
from runner_sims.ib.market import Market
from runner_sims.ib.server import TwsServer
from tests.ib.conftest import sim_clock, wait_until


def test_one_shift_for_every_product_keeps_a_pair_aligned():
    mcl, uso = load_bars("MCL", symbol="MCL"), load_bars("USO", symbol="USO")
    market = Market({"MCL": mcl, "USO": uso}, speed=0)
    shifted_mcl, shifted_uso = market.series["MCL"].bars, market.series["USO"].bars
    assert shifted_mcl[0].ts - mcl[0].ts == shifted_uso[0].ts - uso[0].ts
    # the replay point lies inside the span both files cover
    assert 0 < market.series["USO"].cursor < len(uso)
    assert 0 < market.series["MCL"].cursor < len(mcl)
    # history ends at the replay point: nothing from the future leaks into warm-up
    t0 = market.now()
    hist = market.history("MCL", t0, 10**15, 60 * 10**9)
    assert hist and hist[-1].end <= t0 and len(hist) == market.series["MCL"].cursor


async def test_replay_streams_bundled_bars_as_ticks(client_id, ib_lib):
    server = TwsServer.from_data(clock=sim_clock(), roots=["MCL", "USO"], speed=1200.0)
    async with server:
        feed = IBFeed(
            IBFeed.Params(
                host="127.0.0.1", port=server.port, client_id=client_id, connect_timeout=30
            )
        )
        events: list = []
        feed.sink = events.append
        await feed.connect()
        try:
            await feed.subscribe(["MCL"])
            await wait_until(lambda: len([e for e in events if isinstance(e, Trade)]) >= 8)
            prices = [e.price for e in events if isinstance(e, Trade)]
            assert all(60 < p < 130 for p in prices)  # crude oil of 2013, as bundled
        finally:
            await feed.close()


async def test_keep_up_to_date_history_gets_replayed_bars(client_id, ib_lib):
    async with TwsServer.from_data(clock=sim_clock(), roots=["MCL"], speed=1200.0) as server:
        c = await ib_lib.IB().connectAsync("127.0.0.1", server.port, clientId=client_id, timeout=30)
        try:
            [fut] = await c.qualifyContractsAsync(
                ib_lib.Future(symbol="MCL", exchange="NYMEX", lastTradeDateOrContractMonth="202612")
            )
            bars = await c.reqHistoricalDataAsync(
                fut, "", "3600 S", "1 min", "TRADES", False, 2, keepUpToDate=True
            )
            n = len(bars)
            assert n > 0
            await wait_until(lambda: len(bars) > n + 2)
            stamps = [b.date.timestamp() for b in bars]
            assert stamps == sorted(stamps)
        finally:
            c.disconnect()


async def test_bars_from_a_data_directory(tmp_path, client_id, ib_lib):
    rows = ["timestamp,open,high,low,close,volume"]
    for i in range(30):
        rows.append(
            f"2024-03-04T15:{i:02d}:00Z,{80 + i / 100:.2f},{80.5 + i / 100:.2f},"
            f"{79.5 + i / 100:.2f},{80.1 + i / 100:.2f},{10 + i}"
        )
    (tmp_path / "MCL.csv").write_text("\n".join(rows) + "\n")
    server = TwsServer.from_data(tmp_path, clock=sim_clock())
    assert list(server.market.series) == ["MCL"]  # only products with a file
    async with server:
        c = await ib_lib.IB().connectAsync("127.0.0.1", server.port, clientId=client_id, timeout=30)
        try:
            [fut] = await c.qualifyContractsAsync(
                ib_lib.Future(symbol="MCL", exchange="NYMEX", lastTradeDateOrContractMonth="202406")
            )
            bars = await c.reqHistoricalDataAsync(fut, "", "1 D", "1 min", "TRADES", False, 2)
            # the replay starts at the middle of the file: minutes 0..13 are history
            assert [b.volume for b in bars] == [float(10 + i) for i in range(14)]
            assert bars[0].open == 80.00 and bars[-1].close == 80.23
        finally:
            c.disconnect()
