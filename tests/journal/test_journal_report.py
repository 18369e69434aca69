"""``runner report`` on journals of other releases: an older one reports the same before and
after it is upgraded (and reporting never upgrades it); a newer one is a one-line error."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import typer
from test_journal_migrations import PREVIOUS, old_journal
from typer.testing import CliRunner

from runner.commands.report import register
from runner.journal.schema import VERSION
from runner.journal.store import Journal


def report(log_dir: Path, out: Path) -> tuple[int, str]:
    app = typer.Typer()
    register(app)
    done = CliRunner().invoke(app, [str(log_dir), "--output", str(out)])
    return done.exit_code, done.output


def test_an_older_journal_reports_the_same_before_and_after_its_upgrade(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    path = old_journal(logs / "journal.sqlite", PREVIOUS)
    before = path.read_bytes()

    code, output = report(logs, tmp_path / "old")
    assert code == 0, output
    assert path.read_bytes() == before, "a report must not write to the journal"
    assert "open: gold GCZ3:-1" in output
    old = json.loads((tmp_path / "old" / "metrics.json").read_text())
    (gold,) = old["bots"]
    assert gold["trades"] == 1  # long 1 @ 1300 out @ 1305; the short is still open
    assert gold["total_pnl"] == (1305.0 - 1300.0) * 100 - 2 * 2.5
    assert gold["capital"] == 100_000.0

    Journal(path).close()
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION
    code, output = report(logs, tmp_path / "new")
    assert code == 0, output
    assert json.loads((tmp_path / "new" / "metrics.json").read_text()) == old
    assert (tmp_path / "new" / "trades.csv").read_text() == (
        tmp_path / "old" / "trades.csv"
    ).read_text()


def test_a_journal_of_a_newer_release_is_a_one_line_error(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    path = logs / "journal.sqlite"
    Journal(path).close()
    with closing(sqlite3.connect(path)) as db:
        db.execute(f"PRAGMA user_version = {VERSION + 3}")
    code, output = report(logs, tmp_path / "out")
    assert code == 1
    assert "journal.sqlite: journal layout version" in output
    assert "newer release" in output and "Traceback" not in output
    assert not (tmp_path / "out").exists()
