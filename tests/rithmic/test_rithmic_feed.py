"""The ``rithmic`` feed plugin against the local server."""

from __future__ import annotations

from rithmic_support import SYMBOL, conn, sim_clock, until

from runner.model import NS, Quote, Timer, Trade
from runner.plugins import registry
from runner_plugins.rithmic.data import STALE_EVENT, RithmicFeed
from runner_sims.rithmic.server import RithmicServer


def test_feed_is_registered() -> None:
    assert registry().get("feed", "rithmic").cls is RithmicFeed


async def test_trades_and_quotes_reach_the_sink(
    server: RithmicServer, feed: tuple[RithmicFeed, list]
) -> None:
    f, events = feed
    await f.subscribe([SYMBOL])
    await until(lambda: sum(isinstance(e, Trade) for e in events) >= 20, what="trades")
    trades = [e for e in events if isinstance(e, Trade)]
    quotes = [e for e in events if isinstance(e, Quote)]
    assert quotes and all(q.ask > q.bid for q in quotes)
    assert {t.symbol for t in trades} == {SYMBOL}
    live = server._live["GC"]
    prices = {p for b in live[:50] for p in (b.open, b.high, b.low, b.close)}
    assert {t.price for t in trades[:20]} <= prices
    assert all(abs(t.ts - trades[0].ts) < 60 * NS for t in trades)


async def test_history_bars_match_the_server(
    server: RithmicServer, feed: tuple[RithmicFeed, list]
) -> None:
    f, _ = feed
    hist = server._history["GC"]
    start, end = hist[10].ts, hist[130].end
    bars = await f.history(SYMBOL, 60, start, end)
    assert [(b.ts, b.open, b.high, b.low, b.close) for b in bars] == [
        (b.ts, b.open, b.high, b.low, b.close) for b in hist[10:131]
    ]
    five = await f.history(SYMBOL, 300, hist[0].ts, hist[-1].end)
    assert len(five) < len(hist) / 4
    assert max(b.high for b in five) == max(b.high for b in hist)
    assert await f.history(SYMBOL, 60, 1 * NS, 2 * NS) == []


async def test_front_month_and_reference_data(feed: tuple[RithmicFeed, list]) -> None:
    f, _ = feed
    assert await f.front_month("GC", "COMEX") == SYMBOL
    assert await f.front_month("QQQQQ", "COMEX") is None
    assert await f.contract(SYMBOL) == (0.1, 100.0)


async def test_stale_feed_raises_an_event_inside_the_session(server: RithmicServer) -> None:
    params = RithmicFeed.Params(**conn(server), stale_after=0.3, stale_to_sink=True)
    for in_session, expected in ((True, 1), (False, 0)):
        f = RithmicFeed(params)
        asked: list[str] = []  # the watchdog asks only about a symbol silent for too long

        def session(symbol: str, now: int, flag: bool = in_session, a: list = asked) -> bool:
            a.append(symbol)
            return flag

        f.session_check = session
        called: list[tuple[str, float]] = []
        f.on_stale.append(lambda symbol, silent, c=called: c.append((symbol, silent)))
        events: list = []
        f.sink = events.append
        await f.connect()
        watch = f._watch
        assert watch is not None
        checks = [0]  # rounds of the watchdog, counted to know it has looked again

        def counted(original=watch.check, n=checks) -> list[str]:
            n[0] += 1
            return original()

        watch.check = counted  # type: ignore[method-assign]
        await f.subscribe([SYMBOL])
        await until(lambda ev=events: any(isinstance(e, Trade) for e in ev), what="trades")
        market = server.markets[SYMBOL]
        # what a loaded machine's pause may have flagged before the silence is not counted
        stale_before, called_before = len(stale_events(events)), len(called)
        asked_before = len(asked)
        market.task.cancel()  # the instrument falls silent
        await until(
            lambda a=asked, k=asked_before: len(a) > k, what="the watchdog to find it silent"
        )
        after = checks[0]
        await until(lambda n=checks, k=after: n[0] >= k + 3, what="three more watchdog rounds")
        stale = stale_events(events)[stale_before:]
        assert len(stale) == expected  # once inside the session, never outside
        assert [s for s, _ in called[called_before:]] == [SYMBOL] * expected
        if expected:
            assert stale[0].payload["symbol"] == SYMBOL
            assert stale[0].payload["silent_s"] >= 0.3
        await f.close()
        server.markets.pop(SYMBOL)


def stale_events(events: list) -> list[Timer]:
    return [e for e in events if isinstance(e, Timer) and e.name == STALE_EVENT]


async def test_rithmic_feed_drives_the_paper_broker(
    server: RithmicServer, feed: tuple[RithmicFeed, list]
) -> None:
    from runner.model import Fill, Order, Side
    from runner_plugins.paper import PaperBroker

    f, events = feed
    paper = PaperBroker(
        PaperBroker.Params(fill_on="next_trade", slippage_ticks=0), spec_for=server.spec_for
    )
    fills: list = []
    paper.sink = fills.append

    def route(event: object) -> None:
        events.append(event)
        paper.on_market(event)

    f.sink = route
    await f.subscribe([SYMBOL])
    await until(lambda: any(isinstance(e, Trade) for e in events), what="a trade")
    paper.submit(Order("p1", "bot", SYMBOL, Side.BUY, 1))
    await until(lambda: any(isinstance(e, Fill) for e in fills), what="a paper fill")
    fill = next(e for e in fills if isinstance(e, Fill))
    later = [e.price for e in events if isinstance(e, Trade) and e.ts >= fill.ts]
    assert fill.price == later[0]
    assert server.orders == {}  # nothing reached the Rithmic order plant


async def test_any_object_with_profile_attributes_is_a_connection(
    server: RithmicServer,
) -> None:
    from types import SimpleNamespace

    from pydantic import SecretStr

    profile = SimpleNamespace(
        uri=server.uri,
        system_name="Rithmic Test",
        app_name="a",
        app_version="1",
        ca_file=str(server.ca_file),
        user="plain-user",
        password=SecretStr("pw-in-profile"),
    )
    f = RithmicFeed(RithmicFeed.Params(reconnect_min=0.05), connection=profile)
    await f.connect()
    try:
        assert f.client.settings.user == "plain-user"
        assert await f.front_month("GC", "COMEX") == SYMBOL
        assert "pw-in-profile" not in repr(f.client.settings)
    finally:
        await f.close()


async def test_long_history_is_paged(tmp_path) -> None:
    from rithmic_support import gc_bars

    srv = RithmicServer({"GC": gc_bars()}, clock=sim_clock(), cert_dir=tmp_path, max_replay_bars=40)
    async with srv:
        f = RithmicFeed(RithmicFeed.Params(**conn(srv), history_page=40))
        await f.connect()
        try:
            hist = srv._history["GC"][:130]
            bars = await f.history(SYMBOL, 60, hist[0].ts, hist[-1].end)
            assert [b.ts for b in bars] == [b.ts for b in hist]
            assert srv.received.count(202) == 4  # 40 + 40 + 40 + 10
        finally:
            await f.close()


def test_watchdog_survives_a_failing_listener() -> None:
    from runner_plugins.rithmic.watchdog import StaleWatch

    seen: list[str] = []

    def listener(symbol: str, silent: float) -> None:
        seen.append(symbol)
        raise AttributeError("a sink that does not know Timer events")

    watch = StaleWatch(0.0, listener)
    watch.watch("GCZ6")
    watch.watch("ESZ6")
    assert watch.check() == ["GCZ6", "ESZ6"]
    assert seen == ["GCZ6", "ESZ6"]
    assert watch.check() == []  # reported once until data returns
    watch.seen("GCZ6")
    assert watch.check() == ["GCZ6"]
