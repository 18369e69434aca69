"""The operator's pause in a real runtime on the bundled replay, in process: a bot the
journal says an operator paused sends no entry when the runner starts again, and its
flatten and resume are journaled and announced."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path

from runner.config.project import load_project
from runner.events import Event, OperatorAction
from runner.journal import operator_log
from runner.journal.operator_log import OperatorEntry
from runner.journal.store import Journal
from runner.plugins import registry
from runner.runtime.operator import Caller, Operator
from runner.runtime.runtime import Runtime, StartOptions
from tests.web.live import REPO

BOT = "gold_rsi_bb"


def run(log_dir: Path, on_start: list[str]) -> tuple[Runtime, Operator, list[Event]]:
    """The shipped gold bot on the whole bundled week, as fast as it goes; the operator's
    ``on_start`` actions are taken once the bot is built."""
    project = load_project(
        [REPO / "strategies.d" / f"{BOT}.yaml", REPO / "schedules"], registry=registry(), base=REPO
    )
    assert not project.errors
    opts = StartOptions(log_dir=log_dir, speed=0, quiet=True, check_interval=0.2)
    rt = Runtime(project, opts, registry())
    operator = Operator(rt)
    seen: list[Event] = []
    rt.emit.sinks.append(seen.append)
    caller = Caller("tester", "test", "here")
    build = rt.build_cooperatively

    async def build_then_act() -> None:
        await build()
        for action in on_start:
            outcome = getattr(operator, action)(BOT, caller)
            assert outcome.ok, outcome

    rt.build_cooperatively = build_then_act  # type: ignore[method-assign]
    assert asyncio.run(rt.run()) == 0
    rt.journal.close()
    return rt, operator, seen


def entries(log_dir: Path) -> int:
    with closing(sqlite3.connect(log_dir / "journal.sqlite")) as db:
        return db.execute(
            "SELECT COUNT(*) FROM orders WHERE bot = ? AND role = 'entry'", (BOT,)
        ).fetchone()[0]


def test_a_paused_bot_sends_no_entry_and_a_resumed_one_trades(tmp_path: Path) -> None:
    _, _, seen = run(tmp_path / "free", [])
    assert entries(tmp_path / "free") > 5  # the bot trades this week

    _, operator, seen = run(tmp_path / "paused", ["pause"])
    assert entries(tmp_path / "paused") == 0
    (said,) = [e for e in seen if isinstance(e, OperatorAction)]
    assert (said.bot, said.action, said.who, said.via, said.ok) == (
        BOT,
        "pause",
        "tester",
        "test",
        True,
    )

    _, _, _ = run(tmp_path / "both", ["pause", "resume"])
    assert entries(tmp_path / "both") == entries(tmp_path / "free")


def test_a_pause_outlives_a_restart(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    journal = Journal(logs / "journal.sqlite")
    operator_log.record(
        journal, OperatorEntry(1, "ann@desk", "cli", "127.0.0.1", "flatten", BOT, "done", True, 1)
    )
    journal.close()
    _, operator, _ = run(logs, [])
    assert operator.paused == {BOT}
    assert entries(logs) == 0


def test_the_kill_switch_code_expires(tmp_path: Path) -> None:
    project = load_project(
        [REPO / "strategies.d" / f"{BOT}.yaml", REPO / "schedules"], registry=registry(), base=REPO
    )
    rt = Runtime(project, StartOptions(log_dir=tmp_path, quiet=True), registry())
    now = [100.0]
    operator = Operator(rt, monotonic=lambda: now[0])
    caller = Caller("tester", "test", "here")
    code, seconds, _ = operator.arm()
    now[0] += seconds + 0.5
    late = operator.flatten_all(code, caller)
    assert (late.ok, late.code) == (False, "confirm") and "expired" in late.result
    code, _, _ = operator.arm()
    assert not operator.flatten_all("", caller).ok
    done = operator.flatten_all(code, caller)
    assert done.ok and not operator.flatten_all(code, caller).ok  # a code is good once
    rows = [(e.action, e.ok) for e in operator.journal()]
    assert rows == [
        ("flatten_all", False),
        ("flatten_all", False),
        ("flatten_all", True),
        ("flatten_all", False),
    ]
    rt.journal.close()
