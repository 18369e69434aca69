"""``runner report LOGDIR`` rebuilds a run's trades and metrics from its journal alone."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest
from runtime_support import run_in_process, runner_cmd, runner_env, write_bot

from runner.engine.backtest import EventLog, collect
from runner.plugins import registry


def _report(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        runner_cmd("report", *args),
        cwd=cwd,
        env=runner_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_report_equals_the_session_metrics(project_dir: Path) -> None:
    gold = write_bot(project_dir, "gold_x")
    crude = write_bot(project_dir, "crude_x", root="CL", fast=5, slow=20, stop_ticks=15)
    logs = project_dir / "logs"
    rt = run_in_process(project_dir, [gold, crude], logs, registry())
    session = collect([s.runner for s in rt.supervisor.slots.values()], EventLog(False), 0)

    done = _report(str(logs), cwd=project_dir)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("gold_x", "crude_x", "PORTFOLIO"):
        assert name in done.stdout
    report = logs / "journal-report"  # logs/report is the session's own, left alone
    png = report / "equity.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    metrics = json.loads((report / "metrics.json").read_text())
    got = {row["bot"]: row for row in metrics["bots"]}
    assert set(got) == {"gold_x", "crude_x"}
    for bot in session.bots:
        row = got[bot.bot]
        assert bot.metrics.trades > 10
        assert row["trades"] == bot.metrics.trades
        assert row["total_pnl"] == pytest.approx(bot.metrics.total_pnl, abs=1e-6)
        assert row["commission"] == pytest.approx(bot.metrics.commission, abs=1e-6)
        assert row["capital"] == pytest.approx(bot.capital)
        # the journaled bar-by-bar equity curve: drawdown and Sharpe as in the session
        assert row["max_drawdown"] == pytest.approx(bot.metrics.max_drawdown, abs=1e-6)
        assert row["sharpe"] == pytest.approx(bot.metrics.sharpe, abs=1e-6)
    assert metrics["portfolio"]["total_pnl"] == pytest.approx(session.portfolio.total_pnl, abs=1e-6)
    with (report / "trades.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == sum(b.metrics.trades for b in session.bots)

    elsewhere = project_dir / "out"
    again = _report(str(logs), "--output", str(elsewhere), cwd=project_dir)
    assert again.returncode == 0, again.stderr
    assert (elsewhere / "equity.png").is_file()
    assert json.loads((elsewhere / "metrics.json").read_text()) == metrics


@pytest.mark.slow
def test_report_of_a_folder_without_journal_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    done = _report(str(tmp_path / "empty"), cwd=tmp_path)
    assert done.returncode == 1
    assert "no journal.sqlite here" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    missing = _report(str(tmp_path / "nope"), cwd=tmp_path)
    assert missing.returncode == 1
    assert "no such folder" in missing.stderr
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "journal.sqlite").write_text("not a database")
    bad = _report(str(tmp_path / "bad"), cwd=tmp_path)
    assert bad.returncode == 1
    assert "not a runner journal" in bad.stderr
    assert "Traceback" not in bad.stdout + bad.stderr
