"""What ``runner start`` prints in an 80-column terminal: the banner once the logins
passed, a status block that fits, and with ``--processes`` one table, not one per bot."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "runtime"))
from runtime_support import bot_yaml

from runner.console import packed, status_entry

REPO = Path(__file__).resolve().parents[2]
RUNNER = Path(sys.executable).with_name("runner")
STATUS = re.compile(r"^(status |       \S)")


def env80(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "RUNNER_CHILD")}
    return {**env, "COLUMNS": "80", **extra}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "schedules", tmp_path / "schedules")
    (tmp_path / "strategies.d").mkdir()
    for name, root in (("narrow_gold", "GC"), ("narrow_crude", "CL")):
        (tmp_path / "strategies.d" / f"{name}.yaml").write_text(bot_yaml(name, root=root))
    return tmp_path


def start(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(RUNNER), "start", "--speed", "0", "--check-interval", "0.2", *args],
        cwd=project,
        env=env80(),
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_the_status_block_packs_bots_on_lines_that_fit() -> None:
    statuses = [
        {"bot": f"bot_number_{i}", "position": {"GCZ3": i % 3 - 1}, "pnl": -1234.5 * i}
        for i in range(8)
    ]
    statuses[2] |= {"state": "down", "restarts": 3}
    entries = [status_entry(s) for s in statuses]
    assert entries[0] == "bot_number_0 GCZ3:-1 pnl -0"
    assert entries[1] == "bot_number_1 flat pnl -1,234"
    assert entries[2] == "bot_number_2[down] GCZ3:+1 pnl -2,469 restarts 3"
    lines = packed("status", entries, 80)
    assert 3 <= len(lines) < 8
    assert all(len(line) <= 80 for line in lines)
    assert lines[0].startswith("status bot_number_0 ")
    assert all(line.startswith(" " * 7) and line[7] != " " for line in lines[1:])
    # nothing lost, nothing split
    assert " | ".join(line.strip().removeprefix("status ") for line in lines) == " | ".join(entries)
    # an entry wider than the line still gets a line of its own
    assert packed("status", ["x" * 100, "y"], 80) == ["status " + "x" * 100, "       y"]


@pytest.mark.slow
def test_one_process_prints_the_banner_before_trading_and_status_lines_that_fit(
    project: Path,
) -> None:
    done = start(project, "--log-dir", str(project / "logs"))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    banners = [i for i, line in enumerate(lines) if "started 2 bot(s) (paper)" in line]
    assert len(banners) == 1, done.stdout
    first_trade = next(i for i, line in enumerate(lines) if " ORDER " in line or " FILL " in line)
    assert banners[0] < first_trade
    status = [line for line in lines if STATUS.match(line)]
    assert status and all(len(line) <= 80 for line in status)
    assert "Session metrics" in done.stdout and "wrote " in done.stdout


@pytest.mark.slow
def test_processes_print_one_combined_table_and_keep_each_bots_own(project: Path) -> None:
    logs = project / "logs"
    done = start(project, "--processes", "--log-dir", str(logs))
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert out.count("Session metrics") == 1 and "Session metrics (all processes)" in out
    assert "wrote " not in out
    assert "started" not in out  # the bot processes' banners are the parent's one line
    assert out.count("starting 2 bot process(es)") == 1
    status = [line for line in out.splitlines() if STATUS.match(line)]
    assert status and all(len(line) <= 80 for line in status)
    for bot in ("narrow_gold", "narrow_crude"):
        assert sorted(p.name for p in (logs / bot).glob("journal.sqlite*")) == ["journal.sqlite"]
        summary = (logs / bot / "report" / "summary.txt").read_text()
        assert "Session metrics" in summary and f" {bot} " in summary
        assert f"wrote {logs / bot / 'report' / 'metrics.json'}" in summary

    verbose = start(project, "--processes", "--verbose", "--log-dir", str(project / "v"))
    assert verbose.returncode == 0, verbose.stdout + verbose.stderr
    assert verbose.stdout.count("Session metrics") == 3
    assert verbose.stdout.count("wrote ") == 6


@pytest.mark.slow
def test_no_banner_when_the_login_is_refused(project: Path) -> None:
    sim = subprocess.Popen(
        [str(RUNNER), "sim", "rithmic", "--user", "trader", "--password", "right"]
        + ["--start", "2026-11-04T15:00:00Z", "--cert-dir", str(project / "certs")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env80(),
    )
    try:
        assert sim.stdout is not None
        uri, ca_file = sim.stdout.readline().split()
        (project / "connections.yaml").write_text(
            "schema_version: 1\nconnections:\n  sim:\n    kind: rithmic\n"
            f"    uri: {uri}\n    system_name: Rithmic Test\n    ca_file: {ca_file}\n"
            "    app_name: runner-tests\n    app_version: '1.0'\n"
            "    user: {env: NARROW_USER}\n    password: {env: NARROW_PASSWORD}\n"
        )
        bot = project / "strategies.d" / "narrow_gold.yaml"
        bot.write_text(
            bot_yaml("narrow_gold").replace("feed: replay", "feed: {use: rithmic, connection: sim}")
        )
        done = subprocess.run(
            [str(RUNNER), "start", str(bot), "--log-dir", str(project / "logs")],
            cwd=project,
            env=env80(NARROW_USER="trader", NARROW_PASSWORD="wrong"),
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        sim.terminate()
        sim.wait(30)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "error: feed rithmic" in done.stderr, done.stderr
    assert "started" not in done.stdout and "starting" not in done.stdout
    assert "wrong" not in done.stdout + done.stderr


@pytest.mark.slow
def test_report_writes_where_its_help_says_and_leaves_no_side_files(project: Path) -> None:
    logs = project / "logs"
    first = start(project, "--log-dir", str(logs))
    assert first.returncode == 0, first.stdout + first.stderr
    journal = logs / "journal.sqlite"
    assert sorted(p.name for p in logs.glob("journal.sqlite*")) == ["journal.sqlite"]

    def report(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(RUNNER), "report", *args],
            cwd=project,
            env=env80(COLUMNS="200"),
            capture_output=True,
            text=True,
            timeout=120,
        )

    helped = report("--help")
    assert "LOGDIR/journal-report" in helped.stdout and "LOGDIR/report)" not in helped.stdout
    done = report(str(logs))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"wrote {logs / 'journal-report' / 'metrics.json'}" in done.stdout
    assert sorted(p.name for p in logs.glob("journal.sqlite*")) == ["journal.sqlite"]

    # a journal a runner still has open keeps its side files: they are the runner's
    writer = sqlite3.connect(journal)
    try:
        writer.execute("PRAGMA journal_mode=WAL").fetchone()
        writer.execute("SELECT count(*) FROM fills").fetchone()
        again = report(str(logs))
        assert again.returncode == 0, again.stdout + again.stderr
        assert (logs / "journal.sqlite-wal").exists()
    finally:
        writer.close()
    assert sorted(p.name for p in logs.glob("journal.sqlite*")) == ["journal.sqlite"]
