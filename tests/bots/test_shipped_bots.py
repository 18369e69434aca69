"""Every bot of the mission validates, backtests on the bundled data and trades there."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from runner.config.project import load_project
from runner.engine.backtest import run_backtest
from runner.plugins import registry

ROOT = Path(__file__).resolve().parents[2]
BOTS = sorted((ROOT / "strategies.d").glob("*.yaml"))
MISSION = {
    "gold_rsi_bb",
    "gold_orb_trend",
    "es_vix_reversion",
    "cl_session_scalp",
    "ng_eia_scalp",
    "eur_weakness_fade",
    "jpy_riskoff_momentum",
    "mcl_uso_pairs",
}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    base = tmp_path_factory.mktemp("project")
    project = load_project([ROOT / "strategies.d", ROOT / "schedules"], base=base)
    assert not project.errors, [str(e) for e in project.errors]
    return run_backtest(project.bots, registry(), schedules=project.schedules)


def test_the_mission_bots_are_all_there():
    names = {p.stem for p in BOTS}
    assert names == MISSION


def test_every_bot_explains_its_choices_in_comments():
    for path in BOTS:
        text = path.read_text()
        assert text.startswith("# yaml-language-server: $schema=../schema/bot.schema.json")
        assert sum(1 for line in text.splitlines() if "#" in line) >= 5, path.name


def test_every_bot_trades_on_the_bundled_week(result):
    trades = {b.bot: len(b.trades) for b in result.bots}
    assert set(trades) == MISSION
    assert all(n > 0 for n in trades.values()), trades


def test_front_months_are_resolved_for_the_replay_dates(result):
    symbols = {b.bot: b.symbols for b in result.bots}
    assert symbols["gold_rsi_bb"]["gc"] == "GCZ3"  # first-notice roll: out of October
    assert symbols["es_vix_reversion"]["es"] == "ESZ3"
    assert symbols["mcl_uso_pairs"]["uso"] == "USO"


def test_backtest_command_writes_the_report(tmp_path):
    out = tmp_path / "report"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "runner",
            "backtest",
            "strategies.d/gold_rsi_bb.yaml",
            "strategies.d/mcl_uso_pairs.yaml",
            "--from",
            "2013-10-07",
            "--to",
            "2013-10-09",
            "--report",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "PORTFOLIO" in proc.stdout and "gold_rsi_bb" in proc.stdout
    metrics = json.loads((out / "metrics.json").read_text())
    rows = {m["bot"]: m for m in metrics["bots"]}
    assert set(rows) == {"gold_rsi_bb", "mcl_uso_pairs"}
    for m in rows.values():
        for key in ("bot", "trades", "total_pnl", "win_rate", "profit_factor", "max_drawdown"):
            assert key in m
    header = (out / "trades.csv").read_text().splitlines()[0]
    assert header.startswith("bot,symbol,side,qty,entry_time")
    assert (out / "equity.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # --to is inclusive and --from cuts the start: no trade outside 2013-10-07..09
    rows = (out / "trades.csv").read_text().splitlines()[1:]
    assert rows and all("2013-10-07" <= r.split(",")[4][:10] <= "2013-10-09" for r in rows)


def test_backtest_with_a_data_folder_and_bad_options(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    gc = (ROOT / "runner_plugins" / "feeds" / "bundled" / "GC.csv.gz").read_bytes()
    (data / "GC.csv.gz").write_bytes(gc)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "runner",
            "backtest",
            "strategies.d/gold_orb_trend.yaml",
            "--data",
            str(data),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1
    assert "MGC" in proc.stderr and "Traceback" not in proc.stderr  # no MGC file there
    proc = subprocess.run(
        [sys.executable, "-m", "runner", "backtest", "--from", "2013-13-01"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and "not a date" in proc.stderr


def test_the_ib_pairs_example_validates_against_the_shipped_connections():
    project = load_project(
        [ROOT / "examples" / "ib" / "mcl_uso_pairs_ib.yaml", ROOT / "schedules"],
        connections=ROOT / "connections.yaml",
        base=ROOT,
    )
    assert not project.errors, [str(e) for e in project.errors]
    (bot,) = project.bots
    assert (bot.feed.info.name, bot.broker.info.name) == ("ib", "ib")
    assert bot.config.mode == "live" and bot.config.risk.allocation == 0.5


def test_start_refuses_when_a_credential_is_missing(tmp_path):
    (tmp_path / "strategies.d").mkdir()
    (tmp_path / "connections.yaml").write_text(
        "schema_version: 1\nconnections:\n  sim:\n    kind: rithmic\n"
        "    uri: wss://127.0.0.1:1\n    system_name: Rithmic Test\n    app_name: x\n"
        "    app_version: '1'\n    user: {env: RUNNER_TEST_NO_USER}\n"
        "    password: {env: RUNNER_TEST_NO_PASSWORD}\n"
    )
    (tmp_path / "strategies.d" / "b.yaml").write_text(
        "schema_version: 1\nname: b\ninstruments:\n  gc: {root: GC}\n"
        "feed: {use: rithmic, connection: sim}\nsignals:\n  - {use: rule, long: 'close > 0'}\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "runner", "start"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert (
        "connections.yaml:10:5: connections.sim.password: environment variable "
        "RUNNER_TEST_NO_PASSWORD is not set"
    ) in proc.stderr
    assert "nothing was started" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "logs").exists()


def test_start_on_the_replay_trades_exactly_as_the_backtest(result, tmp_path):
    """One engine: the runtime on the bundled replay gives the backtest's trades, trade by trade."""
    import asyncio

    from runner.runtime.runtime import Runtime, StartOptions

    project = load_project([ROOT / "strategies.d", ROOT / "schedules"], base=tmp_path)
    runtime = Runtime(
        project, StartOptions(log_dir=tmp_path / "logs", speed=0, check_interval=5.0), registry()
    )
    assert asyncio.run(runtime.run()) == 0
    live = {s.name: s.runner.portfolio.trades for s in runtime.supervisor.slots.values()}
    for bot in result.bots:
        want = [
            (t.symbol, t.side, t.qty, t.entry_ts, t.entry_price, t.exit_ts, t.exit_price)
            for t in bot.trades
        ]
        got = [
            (t.symbol, t.side, t.qty, t.entry_ts, t.entry_price, t.exit_ts, t.exit_price)
            for t in live[bot.bot]
        ][: len(want)]
        assert got == want, bot.bot


def test_schedule_command_lists_the_coming_windows_whole():
    """Thanksgiving week 2026: NYSE shuts on Thursday, so the EIA report comes out on
    Wednesday and the metals bot has no Thursday window (CME halts early)."""
    proc = subprocess.run(
        [sys.executable, "-m", "runner", "schedule", "--days", "8", "--from", "2026-11-23"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "…" not in proc.stdout  # piped output keeps whole cells
    for bot in ("gold_rsi_bb", "cl_session_scalp", "ng_eia_scalp"):
        assert bot in proc.stdout
    assert "event eia_storage" in proc.stdout
    lines = proc.stdout.splitlines()
    eia = [line for line in lines if "event eia_storage" in line]
    assert len(eia) == 1 and "Wed 2026-11-25 10:30 EST" in eia[0], eia
    gold_thursday = [line for line in lines if "gold_rsi_bb" in line and "Thu 2026-11-26" in line]
    assert len(gold_thursday) == 1 and "early close" in gold_thursday[0], gold_thursday
