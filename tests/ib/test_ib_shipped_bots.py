"""Every shipped bot, switched to an IB sim profile, runs end to end on ``runner sim ib``.

The bots of strategies.d/ are copied with their feed and broker set to one ``ib``
connection profile (and ``mode: live``, which an ``ib`` broker needs) and started with
``runner start --live`` against ``runner sim ib`` serving its default products. Both
processes run on a clock that libfaketime starts on a Wednesday morning and runs sixty
times faster than the wall clock, so a one-minute bar closes about every second: the test
waits for a bounded number of bars (heartbeats in which every bot is running with both
connections up and a price), stops the runner with SIGINT and checks it ended cleanly,
warmed every bot up from TWS history and never reported a bot error.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.waiting import until

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
RUNNER = str(Path(sys.executable).with_name("runner"))
START = "2026-11-04 15:20:00"  # 10:20 New York, a Wednesday: every bot's window is near
BARS = 3
"""Heartbeats (about one a bar) in which every bot runs with prices, before the stop."""


def fast_clock_env(library: str) -> dict[str, str]:
    import libfaketime

    _, env = libfaketime.get_reload_information()
    out = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    out.update(env)
    out.update(FAKETIME=f"@{START} x60", DONT_FAKE_MONOTONIC="1", TZ="UTC")
    out["RUNNER_IB_LIBRARY"] = library
    return out


def on_ib(text: str) -> str:
    """A shipped bot file with its feed and broker on the ``ib_sim`` profile."""
    text = re.sub(r"(?m)^(feed|broker):.*\n", "", text)
    text = re.sub(r"(?m)^mode: paper\b", "mode: live", text)
    return text + "\nfeed: {use: ib, connection: ib_sim}\nbroker: {use: ib, connection: ib_sim}\n"


def events(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def healthy(beat: dict[str, Any], names: set[str]) -> bool:
    bots = {b["bot"]: b for b in beat.get("bots", [])}
    return set(bots) == names and all(
        b["state"] == "running"
        and b["feed"] == "connected"
        and b["broker"] == "connected"
        and isinstance(b["last_price"], float)
        and math.isfinite(b["last_price"])
        for b in bots.values()
    )


async def test_every_shipped_bot_runs_on_the_ib_sim(tmp_path: Path, ib_lib: ModuleType):
    env = fast_clock_env(ib_lib.__name__)
    sim = subprocess.Popen(
        [RUNNER, "sim", "ib", "--speed", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=(tmp_path / "sim.err").open("w"),
        text=True,
    )
    run: subprocess.Popen[bytes] | None = None
    try:
        assert sim.stdout is not None
        host, port = sim.stdout.readline().strip().split(":")
        (tmp_path / "connections.yaml").write_text(
            "schema_version: 1\nconnections:\n  ib_sim:\n    kind: ib\n"
            f"    host: {host}\n    port: {port}\n    client_id: 41\n    timeout: 60\n"
        )
        bots = tmp_path / "bots"
        bots.mkdir()
        shipped = sorted((ROOT / "strategies.d").glob("*.yaml"))
        for f in shipped:
            (bots / f.name).write_text(on_ib(f.read_text()))
        shutil.copytree(ROOT / "schedules", tmp_path / "schedules")
        logs = tmp_path / "logs"
        out = (tmp_path / "run.out").open("w")
        command = [RUNNER, "start", "--live", "--config", str(tmp_path / "connections.yaml")]
        command += ["--log-dir", str(logs), "--check-interval", "1", str(bots)]
        run = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=out, stderr=out)
        names = {f.stem for f in shipped}

        def good_beats() -> int:
            beats = [e for e in events(logs / "system.jsonl") if e["event"] == "heartbeat"]
            return sum(1 for b in beats if healthy(b, names))

        await until(
            lambda: good_beats() >= BARS or run.poll() is not None,
            timeout=240,
            what=f"{BARS} heartbeats with every bot running on prices",
        )
        assert run.poll() is None, (tmp_path / "run.out").read_text()[-3000:]
        run.send_signal(signal.SIGINT)
        await until(lambda: run.poll() is not None, timeout=120, what="the runner to stop")
        report = (tmp_path / "run.out").read_text()
        assert run.returncode == 0, report[-3000:]
        system = events(logs / "system.jsonl")
        assert {e["bot"] for e in system if e["event"] == "warmed_up"} == names
        assert not [e for e in system if e["event"] in ("bot_error", "bot_down")]
        connected = [e for e in events(logs / "connection.jsonl") if e.get("reason")]
        assert any(ib_lib.__name__ in e["reason"] for e in connected), connected
        assert "Session metrics" in report
    finally:
        for proc in (run, sim):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGINT)
                try:
                    await asyncio.to_thread(proc.wait, 60)
                except subprocess.TimeoutExpired:
                    proc.kill()
