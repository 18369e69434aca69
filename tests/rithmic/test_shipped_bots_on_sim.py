"""Every shipped bot, switched to the ``rithmic_sim`` connection profile, runs end to end on
``runner sim rithmic`` started with its default products.

The server runs in its own process as a user starts it; its clock starts at a pinned
moment (a Monday morning in Europe, when the 6E bot enters and still holds its position when
the test stops: the shutdown must flatten it from a feed of trades) and runs 60 times the
wall clock's pace (``--speed 60``), so a one-minute bar completes about every second and a
few bars of every bot take seconds, not minutes. The runtime is the one ``runner start`` runs,
in this process so the test can read each bot's bars.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest
from rithmic_support import until
from ruamel.yaml import YAML

from runner.config.project import load_project
from runner.engine.clock import AcceleratedClock, parse_instant
from runner.plugins import registry
from runner.runtime.runtime import Runtime, StartOptions
from runner_plugins.rithmic.config import root_of
from runner_sims.rithmic.simcli import SimOptions, _roots, main

ROOT = Path(__file__).resolve().parents[2]
START = "2026-12-07T08:11:00Z"
LIVE_BARS = 3  # bars each instrument of each bot must get from the live stream
TROUBLE = {"bot_error", "bot_down", "bot_restarting", "stale_feed", "feed_stale", "disconnected"}


def switched_project(base: Path, uri: str, ca_file: str, live: bool) -> Path:
    """A copy of the shipped bots and schedules whose feed is the rithmic_sim profile
    (pointed at this server). Paper: the paper broker fills the orders. Live: the bots are
    switched to ``mode: live`` with the ``rithmic`` broker on the same profile, which their
    safety rules (a daily loss limit, a protective exit) allow."""
    yaml = YAML()
    bots = base / "strategies.d"
    bots.mkdir(parents=True)
    for path in sorted((ROOT / "strategies.d").glob("*.yaml")):
        data = yaml.load(path.read_text())
        data["feed"] = {"use": "rithmic", "connection": "rithmic_sim"}
        if live:
            data["mode"] = "live"
            data["broker"] = {"use": "rithmic", "connection": "rithmic_sim"}
        else:
            data["broker"] = "paper"
        with (bots / path.name).open("w") as out:
            yaml.dump(data, out)
    (base / "schedules").mkdir()
    for path in (ROOT / "schedules").iterdir():
        (base / "schedules" / path.name).write_bytes(path.read_bytes())
    shipped = yaml.load((ROOT / "connections.yaml").read_text())
    profile = dict(shipped["connections"]["rithmic_sim"])
    profile.update(
        uri=uri, ca_file=ca_file, user={"env": "RT_SIM_USER"}, password={"env": "RT_SIM_PW"}
    )
    with (base / "connections.yaml").open("w") as out:
        yaml.dump({"schema_version": 1, "connections": {"rithmic_sim": profile}}, out)
    return base


@pytest.mark.parametrize("live", [False, True], ids=["paper", "live"])
async def test_every_shipped_bot_runs_on_the_rithmic_sim(
    tmp_path: Path, monkeypatch, live: bool
) -> None:
    monkeypatch.setenv("RT_SIM_USER", "trader")
    monkeypatch.setenv("RT_SIM_PW", "a-sim-password")
    sim = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "runner",
        "sim",
        "rithmic",
        "--start",
        START,
        "--speed",
        "60",
        "--cert-dir",
        str(tmp_path / "certs"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert sim.stdout is not None
        first = await asyncio.wait_for(sim.stdout.readline(), 60)
        # the runtime's clock is the server's, as a machine synchronised with the venue's
        # would be (a little behind: the server's clock started before it printed)
        clock = AcceleratedClock(parse_instant(START), 60).now
        uri, ca_file = first.decode().split()
        base = switched_project(tmp_path / "project", uri, ca_file, live)
        project = load_project([base / "strategies.d", base / "schedules"], base=base)
        assert not project.errors, [str(e) for e in project.errors]
        assert len(project.bots) == len(list((ROOT / "strategies.d").glob("*.yaml")))
        logs = tmp_path / "logs"
        runtime = Runtime(
            project,
            StartOptions(
                log_dir=logs, check_interval=1.0, shutdown_timeout=10.0, live=live, clock=clock
            ),
            registry(),
        )
        task = asyncio.create_task(runtime.run())
        try:
            await until(
                lambda: task.done() or subscribed(logs), timeout=120, what="the subscription"
            )
            assert not task.done(), task.result()
            slots = runtime.supervisor.slots
            start = {
                (name, key): inst.bar.end if inst.bar is not None else 0
                for name, slot in slots.items()
                for key, inst in slot.runner.ctx.instruments.items()
            }
            assert all(start.values()), start  # warm-up gave every instrument its history
            sizes = {b.config.name: b.config.bar_seconds for b in project.bots}

            def behind() -> list[str]:
                """Instruments that have not had LIVE_BARS bars since the subscription."""
                late = []
                for (name, key), end in start.items():
                    bar = slots[name].runner.ctx.instruments[key].bar
                    wanted = end + LIVE_BARS * sizes[name] * 10**9
                    if bar is None or bar.end < wanted:
                        late.append(f"{name}.{key}")
                return late

            await until(
                lambda: task.done() or not behind(),
                timeout=180,
                what="live bars for every instrument of every bot",
            )
            assert not task.done(), task.result()
            assert not behind()
            states = {name: (slot.state, slot.restarts) for name, slot in slots.items()}
            assert set(states.values()) == {("running", 0)}, states
        finally:
            runtime.request_stop("test over")
            assert await asyncio.wait_for(task, 60) == 0
    finally:
        sim.terminate()
        _, err = await asyncio.wait_for(sim.communicate(), 30)
    events = [json.loads(line) for f in logs.glob("*.jsonl") for line in f.read_text().splitlines()]
    trouble = [e for e in events if e["event"] in TROUBLE]
    assert not trouble, trouble[:3]
    errors = [e for e in events if e["event"] == "plugin_log" and e["level"] == "ERROR"]
    assert not errors, errors[:3]
    warmed = {e["bot"]: e["bars"] for e in events if e["event"] == "warmed_up"}
    assert set(warmed) == set(states) and all(warmed.values()), warmed
    assert b"Traceback" not in err
    connected = {(e.get("feed"), e.get("broker")) for e in events if e["event"] == "connected"}
    assert ("rithmic", None) in connected
    assert ((None, "rithmic") in connected) == live  # live: the orders go to the sim as well


def subscribed(logs: Path) -> bool:
    market = logs / "market.jsonl"
    return market.exists() and '"subscribed"' in market.read_text()


def test_the_default_products_cover_every_shipped_bot() -> None:
    served = set(_roots(SimOptions()))
    yaml = YAML(typ="safe")
    for path in sorted((ROOT / "strategies.d").glob("*.yaml")):
        for key, inst in yaml.load(path.read_text())["instruments"].items():
            root = inst.get("root") or root_of(inst["symbol"])
            assert root in served, f"{path.name}: {key} ({root}) is not served by default"
    assert "EURUSD_1H" not in served and "USO_1D" not in served  # not products


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (SimOptions(speed=0), "--speed 0: give a number above 0, at most 3600"),
        (SimOptions(speed=5, start="soon"), "--start: "),
        (SimOptions(symbols="GC,XYZ"), "--symbols: no contract facts for XYZ"),
    ],
)
def test_sim_setup_mistakes_are_one_line(options: SimOptions, message: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(options)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {message}") and "Traceback" not in err
