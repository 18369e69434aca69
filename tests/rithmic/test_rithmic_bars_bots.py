"""Bots on the history plant's bars and on best bid/offer: the runtime of ``runner start``
with the ``rithmic`` feed (real TLS WebSockets to the local server) and the paper broker."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path

import quote_probe
from rithmic_support import SYMBOL, gc_bars, sim_clock, until

from runner.config.project import load_project
from runner.plugins import PluginRegistry, make_manager
from runner.runtime.runtime import Runtime, StartOptions
from runner_sims.rithmic.server import RithmicServer

NS = 10**9


def connections(server: RithmicServer) -> str:
    return f"""schema_version: 1
connections:
  sim:
    kind: rithmic
    uri: {server.uri}
    system_name: Rithmic Test
    app_name: runner-tests
    app_version: "1.0"
    ca_file: {server.ca_file}
    user: {{env: RT_BARS_USER}}
    password: {{env: RT_BARS_PASSWORD}}
"""


def bot(bar_size: str, bars: str, signal: str) -> str:
    return f"""schema_version: 1
name: gold_bars
instruments:
  gc: {{symbol: {SYMBOL}}}
bar_size: {bar_size}
feed: {{use: rithmic, connection: sim, bars: {bars}}}
broker: paper
signals:
  - {signal}
exits:
  - {{use: time_exit, bars: 2}}
"""


def fills_in(journal: Path) -> int:
    if not journal.exists():
        return 0
    try:
        with closing(sqlite3.connect(journal)) as db:
            return db.execute("SELECT count(*) FROM fills").fetchone()[0]
    except sqlite3.OperationalError:  # the schema not yet written, or a write in progress
        return 0


async def run_bot(
    tmp_path: Path, monkeypatch, text: str, *, fills: int = 4
) -> tuple[RithmicServer, list, Path]:
    """Runs the bot until ``fills`` fills are journalled; returns the server, the bars the
    bot decided on and the log folder."""
    monkeypatch.setenv("RT_BARS_USER", "trader")
    monkeypatch.setenv("RT_BARS_PASSWORD", "bars-test-password")
    server = RithmicServer(
        {"GC": gc_bars()}, clock=sim_clock(), cert_dir=tmp_path / "certs", trades_per_second=200
    )
    await server.start()
    bars: list = []
    try:
        (tmp_path / "connections.yaml").write_text(connections(server))
        (tmp_path / "bot.yaml").write_text(text)
        registry = PluginRegistry(make_manager(quote_probe, entry_points=True))
        project = load_project([tmp_path / "bot.yaml"], base=tmp_path, registry=registry)
        assert not project.errors, [str(e) for e in project.errors]
        logs = tmp_path / "logs"
        runtime = Runtime(
            project,
            StartOptions(
                log_dir=logs, check_interval=1.0, shutdown_timeout=3.0, clock=server.clock
            ),
            registry,
        )
        task = asyncio.create_task(runtime.run())

        def seen() -> int:
            slots = getattr(runtime.supervisor, "slots", {}) if runtime.supervisor else {}
            for slot in slots.values():
                bar = slot.runner.ctx.primary.bar
                if bar is not None and (not bars or bars[-1] is not bar):
                    bars.append(bar)
            return fills_in(logs / "journal.sqlite")

        try:
            await until(lambda: task.done() or seen() >= fills, timeout=60, what=f"{fills} fills")
            assert not task.done(), task.result()
        finally:
            runtime.request_stop("test over")
            assert await asyncio.wait_for(task, 60) == 0
    finally:
        await server.stop()
    return server, bars, logs


async def test_a_bot_on_tick_bars(tmp_path: Path, monkeypatch) -> None:
    text = bot("1m", "{ticks: 8}", "{use: rule, long: 'close > 0'}")
    server, bars, logs = await run_bot(tmp_path, monkeypatch, text)
    live = [b for b in bars if b.end > server._history["GC"][-1].end]
    assert len(live) >= 3
    # bars of eight trades: far shorter than the bot's minute, each from its first trade
    # to its last, off any time grid
    assert all(0 < b.end - b.ts < 60 * NS and b.volume >= 8 for b in live)
    assert any(b.ts % NS for b in live)
    assert (SYMBOL, 8) in server.bar_streams.tick
    with closing(sqlite3.connect(logs / "journal.sqlite")) as db:
        prices = [p for (p,) in db.execute("SELECT price FROM fills")]
    assert len(prices) >= 4 and all(p > 1000 for p in prices)


async def test_a_bot_on_streamed_time_bars(tmp_path: Path, monkeypatch) -> None:
    text = bot("1s", "{time: 1}", "{use: rule, long: 'close > 0'}")
    server, bars, _ = await run_bot(tmp_path, monkeypatch, text)
    live = [b for b in bars if b.end > server._history["GC"][-1].end]
    assert len(live) >= 3
    assert all(b.end - b.ts == NS and b.ts % NS == 0 for b in live)
    assert [b.ts for b in live] == sorted({b.ts for b in live})
    (stream,) = server.bar_streams.time.values()
    assert (stream.symbol, stream.bar_type, stream.period) == (SYMBOL, 1, 1)


async def test_best_bid_offer_reaches_a_plugin_through_the_api(tmp_path: Path, monkeypatch) -> None:
    quote_probe.QuoteProbe.seen.clear()
    text = bot("1s", "{time: 1}", "{use: quote_probe, instrument: gc}")
    await run_bot(tmp_path, monkeypatch, text, fills=2)
    seen = quote_probe.QuoteProbe.seen
    assert seen, "the signal never saw a quote"
    assert all(sym == SYMBOL and 0 < bid < ask for sym, _, bid, ask, _ in seen)
    # the quote is the latest one: no older than the bar the bot decided on
    assert all(quoted >= now - 5 * NS for _, now, _, _, quoted in seen)
