"""``data fetch --bars 1s`` of whole sessions over the real protocols of both local servers
(Rithmic's time-bar replay of second bars, IB's reqHistoricalData of 1-secs bars with IB's
small-bar pacing kept on a fake clock), a re-run that asks for nothing, and a bot of
one-second bars backtested from what was fetched."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from types import ModuleType

import pyarrow as pa
import pytest
from fetch_support import FakeTime, gc_bars, options, run, sim_clock

from runner.api.history import session_window
from runner.catalog.store import Catalog
from runner.commands.data.fetch_run import plan
from runner_plugins.ib.history import PIECE_SECONDS, IBHistory
from runner_plugins.ib.pacing import PacingRules
from runner_plugins.rithmic.history import RithmicHistory
from runner_sims.ib.pacing_fault import PacingFault, enable_pacing
from runner_sims.ib.server import TwsServer
from runner_sims.rithmic.server import RithmicServer

DAY = date(2026, 6, 2)
MINUTE = 60_000_000_000
_ids = itertools.count(501)


def _session_seconds(day: date) -> int:
    window = session_window("COMEX", day)
    assert window is not None
    return (window[1] - window[0]) // 1_000_000_000


@pytest.fixture
async def rithmic_whole_pages(tmp_path: Path) -> AsyncIterator[dict]:
    """The R|Protocol server answering up to 10,000 rows, as the real one does."""
    srv = RithmicServer({"GC": gc_bars()}, clock=sim_clock(), cert_dir=tmp_path / "certs")
    await srv.start()
    try:
        yield {
            "uri": srv.uri,
            "ca_file": str(srv.ca_file),
            "user": "trader",
            "password": "s3cret-pw",
            "system_name": "Rithmic Test",
        }
    finally:
        await srv.stop()


def _minutes_of(seconds: pa.Table) -> list[tuple[int, float, float, float, float, float]]:
    out: dict[int, list] = {}
    for row in seconds.to_pylist():
        ts = row["ts"].value
        m = out.setdefault(ts - ts % MINUTE, [row["open"], row["high"], row["low"], 0.0, 0.0])
        m[1], m[2] = max(m[1], row["high"]), min(m[2], row["low"])
        m[3], m[4] = row["close"], m[4] + row["volume"]
    return [(k, *v) for k, v in sorted(out.items())]


async def test_rithmic_second_bars_of_a_session_and_a_bot_of_seconds(
    rithmic_whole_pages: dict, tmp_path: Path
) -> None:
    jobs = plan("GCQ6", DAY, DAY)
    source = RithmicHistory(None, options([], params=rithmic_whole_pages))
    await source.connect()
    try:
        tally = await run(source, tmp_path, jobs, bar="1s")
        paged = source.requests
        await run(source, tmp_path, jobs)
        again = await run(source, tmp_path, jobs, bar="1s")
        asked = source.requests
    finally:
        await source.close()
    catalog = Catalog(tmp_path)
    seconds = catalog.read("GCQ6", "1s")
    assert tally.days == 1 and seconds.num_rows == tally.bars == _session_seconds(DAY)
    assert paged >= _session_seconds(DAY) // 10_000  # pages of the server's 10,000 rows
    ts = [t.value for t in seconds.column("ts")]
    assert ts == list(range(jobs[0].start, jobs[0].end, 1_000_000_000))
    minutes = catalog.read("GCQ6", "1m").to_pylist()
    assert _minutes_of(seconds) == [
        (m["ts"].value, m["open"], m["high"], m["low"], m["close"], m["volume"]) for m in minutes
    ]
    assert again.held == 1 and again.days == 0 and asked == source.requests

    # a bot of one-second bars backtests from the catalog's second bars
    from runner.config.project import load_project
    from runner.engine.backtest import run_backtest
    from runner.plugins import registry

    bot = tmp_path / "strategies.d" / "gold_seconds.yaml"
    bot.parent.mkdir()
    bot.write_text(
        "schema_version: 1\nname: gold_seconds\nmode: paper\n"
        "instruments:\n  gc: {symbol: GCQ6}\nbar_size: 1s\nbroker: paper\n"
        "signals:\n  - {use: rule, long: 'close > 0'}\nsizing: {use: fixed, contracts: 1}\n"
    )
    project = load_project([bot], base=tmp_path)
    assert not project.errors, [str(e) for e in project.errors]
    result = run_backtest(project.bots, registry(), start=DAY, end=DAY, catalog=tmp_path)
    from datetime import UTC, datetime, timedelta

    utc_day = datetime(DAY.year, DAY.month, DAY.day, tzinfo=UTC)  # the backtest's window
    assert result.bars == catalog.read("GCQ6", "1s", utc_day, utc_day + timedelta(days=1)).num_rows
    assert result.bars > 20 * 3600  # every second of the session's part of that date
    assert result.bots[0].open_positions == {"GCQ6": 1}


async def test_ib_second_bars_of_a_session_keep_the_small_bar_pacing(
    ib_lib: ModuleType, tws: TwsServer, tmp_path: Path
) -> None:
    jobs = plan("GCQ6", DAY, DAY)
    clock = FakeTime()
    rules = PacingRules(max_requests=20, window=600.0)  # IB's 60 per 10 minutes, scaled down
    fault = enable_pacing(tws, PacingFault(rules, clock.monotonic))
    notices: list[str] = []
    params = {"host": tws.host, "port": tws.port, "client_id": next(_ids)}
    source = IBHistory(None, options(notices, clock, params=params, pacing=rules))
    await source.connect()
    try:
        tally = await run(source, tmp_path, jobs, bar="1s")
        requests = source.requests
        again = await run(source, tmp_path, jobs, bar="1s")
        minutes = await source.fetch("GCQ6", "1m", jobs[0].start, jobs[0].end)
    finally:
        await source.close()
    seconds = Catalog(tmp_path).read("GCQ6", "1s")
    assert tally.days == 1 and seconds.num_rows == _session_seconds(DAY)
    assert requests == _session_seconds(DAY) // PIECE_SECONDS[1]  # 30 minutes per request
    assert fault.violations == 0 and again.days == 0 and source.requests == requests + 1
    waits = [n for n in notices if n.startswith("pacing: waiting")]
    assert any(w.endswith("(at most 20 requests per 10 minutes)") for w in waits)
    assert "pacing: waiting 2 s (fewer than 6 requests for one contract within 2 s)" in waits
    assert _minutes_of(seconds) == [
        (m.ts, m.open, m.high, m.low, m.close, m.volume) for m in minutes
    ]
