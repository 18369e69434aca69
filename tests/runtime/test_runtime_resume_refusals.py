"""A crashed replay that cannot resume safely is refused before anything connects, and
the refusal says why: its data changed, or a journal that cannot say how far the replay
got is newer than the data. The journal is left as it was (still a crash to recover)."""

from __future__ import annotations

import asyncio
import gzip
import shutil
from pathlib import Path

import pytest
from runtime_support import query, write_bot

from runner.config.project import load_project
from runner.journal.store import Journal
from runner.model import NS, Order, OrderType, Side
from runner.plugins import registry
from runner.runtime.options import StartError
from runner.runtime.runtime import Runtime, StartOptions
from runner_plugins.feeds.bundled import DATA_DIR
from runner_plugins.feeds.replay import ReplayFeed, ReplayParams

MID_WEEK = 1_381_320_000 * NS  # 2013-10-09 12:00 UTC, inside the bundled week


def start(project_dir: Path, bot: Path, logs: Path, data: Path) -> None:
    project = load_project([bot, project_dir / "schedules"], registry=registry(), base=project_dir)
    assert not project.errors, [str(e) for e in project.errors]
    opts = StartOptions(log_dir=logs, speed=0, data=data, quiet=True)
    runtime = Runtime(project, opts, registry())
    try:
        asyncio.run(runtime.run())
    finally:
        runtime.journal.close()


def crashed_journal(logs: Path, bot: str, source: str | None, ts: int) -> None:
    """A journal as a run killed at ``ts`` left it: one entry sent then, a mark if given."""
    j = Journal(logs / "journal.sqlite")
    j.start_run(1)  # never ended
    if source is not None:
        j.replay_began(bot, source, 0, ts)
    entry = Order(f"{bot}-1", bot, "GCV3", Side.BUY, 1, OrderType.MARKET, ts=ts, reason="entry")
    j.order_sent(entry, "entry", f"{bot}-1", 1)
    j.close()


def test_a_replay_whose_data_changed_since_the_crash_is_refused(project_dir: Path) -> None:
    data = project_dir / "data"
    data.mkdir()
    shutil.copy(DATA_DIR / "GC.csv.gz", data / "GC.csv.gz")
    bot = write_bot(project_dir, "moved")
    logs = project_dir / "logs"
    source = ReplayFeed(ReplayParams(data=str(data))).source_id(["GCV3"])
    crashed_journal(logs, "moved", source, MID_WEEK)
    # one price of the file changes: another history
    text = gzip.decompress((data / "GC.csv.gz").read_bytes()).decode()
    head, first, rest = text.split("\n", 2)
    cells = first.split(",")
    cells[4] = str(float(cells[4]) + 0.1)
    (data / "GC.csv.gz").write_bytes(gzip.compress(f"{head}\n{','.join(cells)}\n{rest}".encode()))

    with pytest.raises(StartError) as refused:
        start(project_dir, bot, logs, data)
    message = str(refused.value)
    assert message.startswith("bot moved: cannot resume the replay of the crashed run in")
    assert "GCV3 (GC.csv.gz) changed since the crashed run" in message
    assert "put the data back, or start with another --log-dir" in message
    # nothing was sent, and the next start still sees the crash
    assert query(logs, "SELECT client_id FROM orders") == [("moved-1",)]
    assert [r[0] for r in query(logs, "SELECT clean FROM runs ORDER BY run")] == [0, 0]

    # with the data put back the same journal resumes, from where it stood
    shutil.copy(DATA_DIR / "GC.csv.gz", data / "GC.csv.gz")
    start(project_dir, bot, logs, data)
    later = query(logs, "SELECT MIN(ts) FROM orders WHERE client_id != 'moved-1'")[0][0]
    assert later is not None and later >= MID_WEEK
    assert query(logs, "SELECT MIN(ts) FROM fills")[0][0] >= MID_WEEK


def test_a_journal_without_marks_newer_than_the_data_is_refused(project_dir: Path) -> None:
    bot = write_bot(project_dir, "ahead")
    logs = project_dir / "logs"
    crashed_journal(logs, "ahead", None, MID_WEEK + 365 * 86_400 * NS)
    with pytest.raises(StartError) as refused:
        start(project_dir, bot, logs, DATA_DIR)
    message = str(refused.value)
    assert "bot ahead: cannot resume the replay: the journal in" in message
    assert "is newer than the data (its last market time 2014-10-09T12:00:00Z" in message
    assert query(logs, "SELECT client_id FROM orders") == [("ahead-1",)]
