"""``runner sim rithmic`` as a separate process, and the examples against the local server."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from rithmic_support import SIM_START, SYMBOL, until

from runner.contracts.roll import front_month
from runner.model import Fill, Order, OrderStatus, OrderUpdate, Side
from runner_plugins.rithmic.execution import RithmicBroker

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(sys.executable).with_name("runner")


async def test_sim_command_prints_uri_and_ca_then_serves(tmp_path: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        str(RUNNER),
        "sim",
        "rithmic",
        "--start",
        SIM_START,
        "--rate",
        "200",
        "--reject-orders",
        "1",
        "--cert-dir",
        str(tmp_path),
        "--symbols",
        "GC",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        line = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode().strip()
        uri, ca_file = line.split(" ")
        assert uri.startswith("wss://127.0.0.1:")
        assert Path(ca_file) == tmp_path / "ca.pem"
        broker = RithmicBroker(
            RithmicBroker.Params(uri=uri, ca_file=ca_file, user="u", password="p")
        )
        events: list = []
        broker.sink = events.append
        await broker.connect()
        broker.submit(Order("c1", "bot", SYMBOL, Side.BUY, 1))
        broker.submit(Order("c2", "bot", SYMBOL, Side.BUY, 1))

        def status(cid: str) -> list:
            return [e.status for e in events if isinstance(e, OrderUpdate) and e.client_id == cid]

        await until(lambda: OrderStatus.REJECTED in status("c1"), what="reject flag")
        await until(lambda: OrderStatus.FILLED in status("c2"), what="fill")
        assert [e.client_id for e in events if isinstance(e, Fill)] == ["c2"]
        await broker.close()
    finally:
        proc.terminate()
        await asyncio.wait_for(proc.wait(), 30)
    assert proc.returncode == 0


def test_place_order_example_runs_against_the_local_server() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "examples" / "rithmic" / "place_order.py"),
            "--qty",
            "2",
            "--start",
            SIM_START,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "filled filled 2 left 0" in done.stdout
    assert f"position {SYMBOL}: 2" in done.stdout


def test_example_refuses_a_real_order_without_confirmation() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "examples" / "rithmic" / "place_order.py"),
            "--uri",
            "wss://127.0.0.1:9",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "add --really" in done.stderr
    assert "Traceback" not in done.stderr


def test_market_data_and_history_examples_run() -> None:
    for script, args, expect in (
        ("stream_market_data.py", ["--seconds", "0.5"], f" trade {SYMBOL} "),
        ("historical_bars.py", ["--hours", "0.5"], f"bars of {SYMBOL}\n"),
    ):
        done = subprocess.run(
            [
                sys.executable,
                str(ROOT / "examples" / "rithmic" / script),
                *args,
                "--start",
                SIM_START,
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert expect in done.stdout, done.stdout
        if script == "historical_bars.py":  # half an hour of whole minutes, one may be open
            count = re.search(rf"^(\d+) bars of {SYMBOL}$", done.stdout, re.M)
            assert count is not None and 29 <= int(count.group(1)) <= 30, done.stdout


async def test_sim_command_fault_flags(tmp_path: Path) -> None:
    from runner.model import Trade
    from runner_plugins.rithmic.client import Plant
    from runner_plugins.rithmic.data import RithmicFeed

    proc = await asyncio.create_subprocess_exec(
        str(RUNNER),
        "sim",
        "rithmic",
        "--start",
        SIM_START,
        "--rate",
        "200",
        "--symbols",
        "GC",
        "--cert-dir",
        str(tmp_path),
        "--drop-every",
        "0.6",
        "--drop-plants",
        "ticker",
        "--malformed-every",
        "0.25",
        "--unknown-every",
        "0.25",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        uri, ca_file = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode().split()
        feed = RithmicFeed(
            RithmicFeed.Params(
                uri=uri,
                ca_file=ca_file,
                user="u",
                password="p",
                reconnect_min=0.05,
                reconnect_max=0.2,
            )
        )
        trades: list = []
        feed.sink = lambda e: trades.append(e) if isinstance(e, Trade) else None
        await feed.connect()
        await feed.subscribe([SYMBOL])
        ticker = feed.client[Plant.TICKER]
        await until(
            lambda: (
                ticker.reconnects >= 2 and ticker.bad_frames >= 2 and ticker.skipped_unknown >= 1
            ),
            timeout=60,
            what="faults seen",
        )
        seen = len(trades)
        await until(lambda: len(trades) > seen + 5, what="trades after the faults")
        await feed.close()
    finally:
        proc.terminate()
        await asyncio.wait_for(proc.wait(), 30)


async def test_place_order_runs_in_turn_show_only_their_own_order(tmp_path: Path) -> None:
    """Buy, sell, buy against one ``runner sim rithmic``: each run waits for its own fill,
    shows the position after it, and none replays an earlier run's executions. The server
    is on 2026-12-14, after ES rolled to March by runner's default roll rule and before
    GC did: the front month it names is the one a bot would trade that day."""
    proc = await asyncio.create_subprocess_exec(
        str(RUNNER),
        "sim",
        "rithmic",
        "--symbols",
        "GC,ES",
        "--cert-dir",
        str(tmp_path),
        "--start",
        "2026-12-14T15:00:00Z",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        uri, ca_file = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode().split()

        async def place(side: str, symbol: str = "GC", exchange: str = "COMEX") -> str:
            run = await asyncio.create_subprocess_exec(
                sys.executable,
                str(ROOT / "examples" / "rithmic" / "place_order.py"),
                "--uri",
                uri,
                "--ca-file",
                ca_file,
                "--really",
                "--side",
                side,
                "--symbol",
                symbol,
                "--exchange",
                exchange,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env={**os.environ, "RITHMIC_PASSWORD": "pw"},
            )
            out, err = await asyncio.wait_for(run.communicate(), 60)
            assert run.returncode == 0, err.decode()
            return out.decode()

        runs = [await place(side) for side in ("buy", "sell", "buy")]
        runs.append(await place("buy", "ES", "CME"))
        for out, position in zip(runs, (1, 0, 1, 1), strict=True):
            ids = set(re.findall(r"order (example-\w+) ", out))
            assert len(ids) == 1, out
            assert len(re.findall(r"^fill ", out, re.M)) == 1, out
            assert " filled filled 1 left 0" in out, out
            assert re.search(rf"^position \w+: {position}$", out, re.M), out
        assert front_month("GC", date(2026, 12, 14)) == "GCZ6"
        assert front_month("ES", date(2026, 12, 14)) == "ESH7"
        assert all("position GCZ6: " in out for out in runs[:3]), runs[:3]
        assert "GCZ6" not in runs[3] and "position ESH7: 1" in runs[3], runs[3]
    finally:
        proc.terminate()
        await asyncio.wait_for(proc.wait(), 30)
