"""Paper trading on live data: a bot on the Rithmic feed (real TLS WebSocket to the local
R|Protocol server) with the paper broker, run by the same runtime as ``runner start``."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

from runner.config.project import load_project
from runner.plugins import registry
from runner.runtime.runtime import Runtime, StartOptions

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rithmic"))
from rithmic_support import SYMBOL, gc_bars, sim_clock, until

from runner_sims.rithmic.server import RithmicServer

PASSWORD = "pa55-w0rd-for-the-test"

BOT = f"""schema_version: 1
name: gold_on_rithmic
instruments:
  gc: {{symbol: {SYMBOL}}}
bar_size: 1s                     # one-second bars from the live trades, to trade in a test
feed: {{use: rithmic, connection: sim}}
broker: paper
signals:
  - {{use: rule, long: "close > 0"}}
exits:
  - {{use: time_exit, bars: 2}}
"""


def fills_in(journal: Path) -> int:
    """Fills in the journal so far (0 before it is there); the runtime writes meanwhile."""
    if not journal.exists():
        return 0
    try:
        with closing(sqlite3.connect(journal)) as db:
            return db.execute("SELECT count(*) FROM fills").fetchone()[0]
    except sqlite3.OperationalError:  # the schema not yet written, or a write in progress
        return 0


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
    user: {{env: RT_TEST_USER}}
    password: {{env: RT_TEST_PASSWORD}}
"""


async def test_rithmic_feed_with_the_paper_broker(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("RT_TEST_USER", "trader")
    monkeypatch.setenv("RT_TEST_PASSWORD", PASSWORD)
    server = RithmicServer(
        {"GC": gc_bars()}, clock=sim_clock(), cert_dir=tmp_path / "certs", trades_per_second=200
    )
    await server.start()
    try:
        (tmp_path / "connections.yaml").write_text(connections(server))
        (tmp_path / "bot.yaml").write_text(BOT)
        project = load_project([tmp_path / "bot.yaml"], base=tmp_path)
        assert not project.errors, [str(e) for e in project.errors]
        logs = tmp_path / "logs"
        runtime = Runtime(
            project,
            StartOptions(
                log_dir=logs, check_interval=1.0, shutdown_timeout=3.0, clock=server.clock
            ),
            registry(),
        )
        task = asyncio.create_task(runtime.run())
        try:
            await until(
                lambda: task.done() or fills_in(logs / "journal.sqlite") >= 4,
                timeout=60,
                what="4 fills in the journal",
            )
        finally:
            runtime.request_stop("test over")
            assert await asyncio.wait_for(task, 60) == 0
    finally:
        await server.stop()
    db = sqlite3.connect(logs / "journal.sqlite")
    fills = db.execute("SELECT client_id, side, qty, price FROM fills ORDER BY ts").fetchall()
    assert len(fills) >= 4
    assert all(price > 1000 for *_, price in fills)  # real GC prices from the feed
    # the paper broker filled them: nothing reached the R|Protocol server's order plant
    assert server.desk.orders == {} and server.desk.fills == []
    connected = [json.loads(x) for x in (logs / "connection.jsonl").read_text().splitlines()]
    feed = [(e["event"], e.get("channel")) for e in connected if e.get("feed") == "rithmic"]
    assert feed[:2] == [("connecting", "ticker"), ("connected", "ticker")]
    for f in logs.glob("*.jsonl"):
        assert PASSWORD not in f.read_text()
    # runtime and server share one clock, so warm-up found the server's history
    system = [json.loads(x) for x in (logs / "system.jsonl").read_text().splitlines()]
    warmed = [e for e in system if e["event"] == "warmed_up"]
    assert warmed and warmed[0]["bars"] > 0 and warmed[0]["time"].startswith("2026-11-04"), warmed
    positions = db.execute("SELECT symbol, sum(side * qty) FROM fills GROUP BY symbol").fetchall()
    assert positions == [(SYMBOL, 0)]  # flattened at shutdown
