"""Tick bars, streamed time bars and best bid/offer on the local server, checked on the wire
with raw frames (no runner client in between), then through the ``rithmic`` feed."""

from __future__ import annotations

import asyncio
import re
import ssl
import struct
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import websockets
from rithmic_support import SIM_START, SYMBOL, conn, gc_bars, sim_clock, until

from runner.config.project import load_project
from runner.model import NS, Bar, Quote, Trade
from runner_plugins.rithmic.data import RithmicFeed
from runner_plugins.rithmic.errors import RithmicError
from runner_plugins.rithmic.protocol.templates import BY_NAME, CLASSES
from runner_sims.rithmic.bars import (
    Print,
    TickBarBuilder,
    TimeBarBuilder,
    history_prints,
    tick_bars,
)
from runner_sims.rithmic.server import RithmicServer

TEMPLATE_ID = 154467  # the field every message carries, numbered last of the common ones


def varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, at


def field_numbers(body: bytes) -> list[int]:
    """The field numbers of a serialized message in the order they are on the wire."""
    out, at = [], 0
    while at < len(body):
        key, at = varint(body, at)
        number, wire = key >> 3, key & 7
        out.append(number)
        if wire == 0:
            _, at = varint(body, at)
        elif wire == 1:
            at += 8
        elif wire == 5:
            at += 4
        elif wire == 2:
            size, at = varint(body, at)
            at += size
        else:
            raise AssertionError(f"wire type {wire} in a R|Protocol message")
    return out


class RawPlant:
    """A history or ticker plant session spoken in raw frames: length prefix + protobuf."""

    def __init__(self, ws: websockets.ClientConnection) -> None:
        self.ws = ws

    async def send(self, name: str, **fields: object) -> None:
        body = BY_NAME[name](**fields).SerializeToString()
        await self.ws.send(struct.pack(">i", len(body)) + body)

    async def recv(self, timeout: float = 20.0) -> tuple[int, list[int], object]:
        """(template id, wire field numbers, parsed message) of the next frame."""
        frame = await asyncio.wait_for(self.ws.recv(), timeout)
        assert isinstance(frame, bytes)
        (size,) = struct.unpack(">i", frame[:4])
        body = frame[4:]
        assert size == len(body)
        numbers = field_numbers(body)
        base = BY_NAME["Reject"]()  # any message parses template_id alone
        base.ParseFromString(body)
        tid = base.template_id
        msg = CLASSES[tid]()
        msg.ParseFromString(body)
        return tid, numbers, msg


async def raw_plant(server: RithmicServer, infra_type: int) -> AsyncIterator[RawPlant]:
    ctx = ssl.create_default_context(cafile=str(server.ca_file))
    async with websockets.connect(server.uri, ssl=ctx, max_size=2**24) as ws:
        plant = RawPlant(ws)
        await plant.send(
            "RequestLogin",
            template_id=10,
            template_version="3.9",
            user="raw",
            password="pw",
            app_name="raw-frames",
            app_version="1",
            system_name="Rithmic Test",
            infra_type=infra_type,
            user_msg=["hello"],
        )
        tid, _, msg = await plant.recv()
        assert tid == 11 and list(msg.rp_code) == ["0"]
        yield plant


@pytest.fixture
async def history(server: RithmicServer) -> AsyncIterator[RawPlant]:
    async for plant in raw_plant(server, 3):
        yield plant


@pytest.fixture
async def ticker(server: RithmicServer) -> AsyncIterator[RawPlant]:
    async for plant in raw_plant(server, 1):
        yield plant


def ordered(numbers: list[int]) -> bool:
    """Fields in ascending number order, as a protobuf encoder writes them (a repeated
    field's elements stay together)."""
    return numbers == sorted(numbers)


async def test_tick_bar_replay_on_the_wire(server: RithmicServer, history: RawPlant) -> None:
    hist = server._history["GC"]
    await history.send(
        "RequestTickBarReplay",
        template_id=206,
        user_msg=["tb-1"],
        symbol=SYMBOL,
        exchange="COMEX",
        bar_type=1,
        bar_sub_type=1,
        bar_type_specifier="10",
        start_index=hist[0].ts // NS,
        finish_index=hist[-1].end // NS,
        direction=1,
        time_order=1,
        user_max_count=25,
    )
    rows = []
    while True:
        tid, numbers, msg = await history.recv()
        assert tid == 207 and ordered(numbers) and numbers[-1] == TEMPLATE_ID
        assert list(msg.user_msg) == ["tb-1"]
        if msg.rp_code:
            assert list(msg.rp_code) == ["0"] and not msg.rq_handler_rp_code
            break
        assert list(msg.rq_handler_rp_code) == ["0"]
        rows.append(msg)
    assert len(rows) == 25
    # the bars are the history's trades counted ten at a time, from its first trade
    expected = tick_bars(history_prints(hist, server.ticks_per_bar), 10)[:25]
    assert [(r.open_price, r.high_price, r.low_price, r.close_price) for r in rows] == [
        (b.open, b.high, b.low, b.close) for b in expected
    ]
    assert all(r.num_trades == 10 and r.type_specifier == "10" and r.type == 1 for r in rows)
    assert all(r.volume == r.bid_volume + r.ask_volume > 0 for r in rows)
    assert all(r.symbol == SYMBOL and r.exchange == "COMEX" for r in rows)
    starts = [r.data_bar_ssboe[0] for r in rows]
    assert starts == sorted(starts) and starts[0] == hist[0].ts // NS
    assert all(r.data_bar_ssboe[0] <= r.data_bar_ssboe[-1] for r in rows)


async def test_tick_bar_requests_refused_with_their_own_response(history: RawPlant) -> None:
    for name, tid, extra in (
        ("RequestTickBarReplay", 206, {}),
        ("RequestTickBarUpdate", 204, {"request": 1}),
    ):
        await history.send(
            name,
            template_id=tid,
            user_msg=["bad"],
            symbol=SYMBOL,
            exchange="COMEX",
            bar_type=1,
            bar_type_specifier="ten",
            **extra,
        )
        got, numbers, msg = await history.recv()
        assert got == tid + 1 and ordered(numbers)
        assert list(msg.user_msg) == ["bad"]
        assert msg.rp_code[0] == "3" and "'ten'" in msg.rp_code[1]
    await history.send(
        "RequestTickBarUpdate",
        template_id=204,
        user_msg=["nodata"],
        request=1,
        symbol="ESZ6",
        exchange="CME",
        bar_type=1,
        bar_type_specifier="5",
    )
    got, _, msg = await history.recv()
    assert got == 205 and list(msg.rp_code) == ["7", "no data for ESZ6"]


async def test_tick_bar_updates_stream_251(server: RithmicServer, history: RawPlant) -> None:
    await history.send(
        "RequestTickBarUpdate",
        template_id=204,
        user_msg=["sub"],
        request=1,
        symbol=SYMBOL,
        exchange="COMEX",
        bar_type=1,
        bar_sub_type=1,
        bar_type_specifier="6",
    )
    tid, numbers, msg = await history.recv()
    assert (tid, list(msg.rp_code), list(msg.user_msg)) == (205, ["0"], ["sub"])
    assert ordered(numbers)
    bars = []
    while len(bars) < 5:
        tid, numbers, msg = await history.recv()
        assert tid == 251 and ordered(numbers)
        bars.append(msg)
    assert all(b.num_trades == 6 and b.type_specifier == "6" for b in bars)
    ends = [(b.data_bar_ssboe[-1], b.data_bar_usecs[-1]) for b in bars]
    assert ends == sorted(ends)
    live = {p for bar in server._live["GC"] for p in (bar.open, bar.high, bar.low, bar.close)}
    assert {b.close_price for b in bars} <= live
    await history.send(
        "RequestTickBarUpdate",
        template_id=204,
        user_msg=["unsub"],
        request=2,
        symbol=SYMBOL,
        exchange="COMEX",
        bar_type=1,
        bar_type_specifier="6",
    )
    while True:  # bars already on their way may come first
        tid, _, msg = await history.recv()
        if tid == 205:
            assert list(msg.user_msg) == ["unsub"] and list(msg.rp_code) == ["0"]
            break
    assert (SYMBOL, 6) not in server.bar_streams.tick  # nobody left on the stream


async def test_time_bar_updates_stream_250_as_bars_complete(
    server: RithmicServer, history: RawPlant
) -> None:
    await history.send(
        "RequestTimeBarUpdate",
        template_id=200,
        user_msg=["tb"],
        request=1,
        symbol=SYMBOL,
        exchange="COMEX",
        bar_type=1,  # SECOND_BAR
        bar_type_period=1,
    )
    tid, _, msg = await history.recv()
    assert (tid, list(msg.rp_code)) == (201, ["0"])
    bars = []
    while len(bars) < 3:
        tid, numbers, msg = await history.recv()
        assert tid == 250 and ordered(numbers)
        bars.append(msg)
    markers = [b.marker for b in bars]
    assert markers == list(range(markers[0], markers[0] + 3))  # one bar a second, none missed
    assert all(b.type == 1 and b.period == "1" and b.num_trades > 0 for b in bars)
    assert bars[-1].marker <= server.clock() // NS  # complete: its second is over
    await history.send(
        "RequestTimeBarUpdate",
        template_id=200,
        user_msg=["weird"],
        request=1,
        symbol=SYMBOL,
        exchange="COMEX",
        bar_type=2,
        bar_type_period=-5,
    )
    while True:
        tid, _, msg = await history.recv()
        if tid == 201:
            assert list(msg.user_msg) == ["weird"] and msg.rp_code[0] == "3"
            break


async def test_market_data_with_the_bbo_bit_only_streams_151(ticker: RawPlant) -> None:
    await ticker.send(
        "RequestMarketDataUpdate",
        template_id=100,
        user_msg=["md"],
        request=1,
        symbol=SYMBOL,
        exchange="COMEX",
        update_bits=2,
    )
    tid, _, msg = await ticker.recv()
    assert (tid, list(msg.rp_code)) == (101, ["0"])
    for _ in range(10):
        tid, numbers, msg = await ticker.recv()
        assert tid == 151 and ordered(numbers)
        assert msg.ask_price > msg.bid_price and msg.bid_size > 0 and msg.presence_bits == 3


async def test_the_feed_replays_tick_bars_paged(tmp_path) -> None:
    srv = RithmicServer({"GC": gc_bars()}, clock=sim_clock(), cert_dir=tmp_path, max_replay_bars=30)
    async with srv:
        f = RithmicFeed(RithmicFeed.Params(**conn(srv), history_page=30))
        await f.connect()
        try:
            hist = srv._history["GC"]
            bars = await f.tick_bars(SYMBOL, 12, hist[0].ts, hist[-1].end)
            expected = tick_bars(history_prints(hist, srv.ticks_per_bar), 12)
            assert [(b.ts, b.end, b.open, b.close, b.volume) for b in bars] == [
                (b.first_ts // 1000 * 1000, b.last_ts // 1000 * 1000, b.open, b.close, b.volume)
                for b in expected
            ]
            assert srv.received.count(206) > len(expected) // 30  # it took several pages
            with pytest.raises(ValueError, match="ticks must be"):
                await f.tick_bars(SYMBOL, 0, hist[0].ts, hist[-1].end)
        finally:
            await f.close()


async def test_a_feed_on_tick_bars_sinks_them_and_no_trades(server: RithmicServer) -> None:
    f = RithmicFeed(RithmicFeed.Params(**conn(server), bars={"ticks": 5}))
    events: list = []
    f.sink = events.append
    await f.connect()
    try:
        hist = server._history["GC"]
        warm = await f.history(SYMBOL, 60, hist[0].ts, hist[-1].end)  # warm-up: tick bars
        assert len(warm) == len(tick_bars(history_prints(hist, server.ticks_per_bar), 5))
        await f.subscribe([SYMBOL])
        await until(lambda: sum(isinstance(e, Bar) for e in events) >= 6, what="tick bars")
        bars = [e for e in events if isinstance(e, Bar)]
        assert all(b.symbol == SYMBOL and b.ts <= b.end for b in bars)
        assert [b.end for b in bars] == sorted(b.end for b in bars)
        assert not any(isinstance(e, Trade) for e in events)  # the bars replace them
        assert any(isinstance(e, Quote) for e in events)
        (session,) = [s for s in server.sessions if s.plant == "ticker"]
        assert session.market == {SYMBOL: 2}  # best bid/offer only
    finally:
        await f.close()


async def test_a_feed_on_streamed_time_bars(server: RithmicServer) -> None:
    f = RithmicFeed(RithmicFeed.Params(**conn(server), bars={"time": 1}, quotes=False))
    events: list = []
    f.sink = events.append
    await f.connect()
    try:
        await f.subscribe([SYMBOL])
        await until(lambda: len(events) >= 3, what="streamed time bars")
        assert all(isinstance(e, Bar) and e.end - e.ts == NS for e in events)
        assert [e.ts for e in events[:3]] == [events[0].ts + i * NS for i in range(3)]
        assert not [s for s in server.sessions if s.plant == "ticker" and s.market]
        with pytest.raises(RithmicError, match=r"give bars: \{time: 60\}"):
            await f.history(SYMBOL, 60, 0, server.clock())
    finally:
        await f.close()


def test_the_historical_bars_example_fetches_tick_bars_as_well() -> None:
    script = Path(__file__).resolve().parents[2] / "examples" / "rithmic" / "historical_bars.py"
    done = subprocess.run(
        [sys.executable, str(script), "--hours", "1", "--ticks", "20", "--start", SIM_START],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    time_bars = re.search(rf"^(\d+) bars of {SYMBOL}$", done.stdout, re.M)
    tick = re.search(rf"^(\d+) tick bars of {SYMBOL}, 20 trades each$", done.stdout, re.M)
    assert time_bars is not None and tick is not None, done.stdout
    # an hour of four-trade minutes is 240 trades: twelve bars of twenty, give or take one
    # at each end of the hour
    assert 59 <= int(time_bars.group(1)) <= 60
    assert 10 <= int(tick.group(1)) <= 12
    rows = done.stdout.split("tick bars of")[1].splitlines()[2:]
    assert rows and all(re.match(r"2026-11-04 \d\d:\d\d:\d\d ", row) for row in rows), rows


@pytest.mark.parametrize(
    ("bars", "expected"),
    [
        ("{tick: 5}", "8:10: feed.bars.tick: unknown field 'tick'; did you mean 'ticks'?"),
        ("{ticks: 0}", "8:17: feed.bars.ticks: Input should be greater than 0"),
        ("{ticks: true}", "8:17: feed.bars.ticks: expected a number, not the boolean true"),
        ("{time: 60, ticks: 5}", "8:3: feed.bars: give exactly one of time"),
        ("{}", "8:3: feed.bars: give exactly one of time"),
    ],
)
def test_bad_bars_settings_name_file_line_and_field(tmp_path: Path, bars: str, expected: str):
    bot = tmp_path / "b.yaml"
    bot.write_text(
        "schema_version: 1\nname: b\ninstruments:\n  gc: {root: GC}\nfeed:\n  use: rithmic\n"
        f"  uri: wss://127.0.0.1:1\n  bars: {bars}\nsignals:\n  - {{use: rule, long: 'close > 0'}}\n"
    )
    project = load_project([bot], base=tmp_path)
    assert [str(e) for e in project.errors if expected in str(e)], [str(e) for e in project.errors]
    assert all(str(e).startswith(f"{bot}:") for e in project.errors)


def test_trades_is_the_default_source_of_bars() -> None:
    assert RithmicFeed.Params(uri="wss://h:1", bars="trades").bars is None
    assert RithmicFeed.Params(uri="wss://h:1").bars is None
    assert RithmicFeed.Params(uri="wss://h:1", bars={"ticks": 500}).bars.ticks == 500


def test_bar_builders() -> None:
    prints = [Print(i * NS // 2, 100.0 + (i % 3), 2, 1 + i % 2) for i in range(9)]
    bars = tick_bars(prints, 4)
    assert [(b.open, b.high, b.low, b.close, b.trades) for b in bars] == [
        (100.0, 102.0, 100.0, 100.0, 4),
        (101.0, 102.0, 100.0, 101.0, 4),
    ]  # the ninth trade starts a bar that is not done
    assert (bars[0].first_ts, bars[0].last_ts) == (0, 3 * NS // 2)
    assert (bars[0].volume, bars[0].ask_volume, bars[0].bid_volume) == (8, 4, 4)
    with pytest.raises(ValueError, match="at least one trade"):
        TickBarBuilder(0)
    builder = TimeBarBuilder(NS)
    done = [d for p in prints if (d := builder.add("X", p)) is not None]
    assert [(b.ts, b.end, b.open, b.close, b.volume, n) for b, n in done] == [
        (0, NS, 100.0, 101.0, 4.0, 2),
        (NS, 2 * NS, 102.0, 100.0, 4.0, 2),
        (2 * NS, 3 * NS, 101.0, 102.0, 4.0, 2),
        (3 * NS, 4 * NS, 100.0, 101.0, 4.0, 2),
    ]
    with pytest.raises(ValueError, match="at least a second"):
        TimeBarBuilder(NS - 1)
