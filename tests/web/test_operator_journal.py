"""The journal's operator actions: the layout step that adds them, what a restart reads
back from them, and the portfolio curve the page draws staying bounded."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from runner.journal import operator_log
from runner.journal.operator_log import ALL, OperatorEntry
from runner.journal.schema import VERSION
from runner.journal.store import Journal
from runner.runtime.operator_view import CURVE_POINTS, PortfolioCurve


def entry(action: str, bot: str, ok: bool = True, ts: int = 1) -> OperatorEntry:
    return OperatorEntry(ts, "ann@desk", "cli", "127.0.0.1", action, bot, "done", ok, 1)


def test_a_layout_7_journal_gains_the_operator_table(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    Journal(path).close()
    with closing(sqlite3.connect(path)) as db:  # back to the layout before this step
        db.execute("DROP TABLE operator_actions")
        db.execute("PRAGMA user_version = 7")
        db.commit()
    journal = Journal(path)
    operator_log.record(journal, entry("pause", "gold"))
    assert [e.action for e in operator_log.entries(journal)] == ["pause"]
    journal.close()
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION == 8
    # a file of layout 7 that never recorded its version is recognised by its tables
    with closing(sqlite3.connect(path)) as db:
        db.execute("DROP TABLE operator_actions")
        db.execute("PRAGMA user_version = 0")
        db.commit()
    Journal(path).close()
    with closing(sqlite3.connect(path)) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    assert "operator_actions" in tables


def test_a_restart_reads_back_who_is_paused(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite")
    bots = ["gold", "crude", "euro"]
    for e in (
        entry("pause", "gold"),
        entry("flatten", "crude"),
        entry("resume", "crude"),
        entry("pause", "euro", ok=False),  # refused: does not count
        entry("flatten_all", ALL),
        entry("resume", "euro"),
        entry("pause", "gone"),  # a bot no longer in the project
    ):
        operator_log.record(journal, e)
    assert operator_log.paused_bots(journal, bots) == {"gold", "crude"}
    rows = operator_log.entries(journal, limit=3)
    assert [(r.action, r.bot) for r in rows] == [
        ("flatten_all", ALL),
        ("resume", "euro"),
        ("pause", "gone"),
    ]
    journal.close()


def test_the_portfolio_curve_stays_bounded_and_keeps_its_ends() -> None:
    curve = PortfolioCurve()
    minute = 60 * 10**9
    for i in range(20 * CURVE_POINTS):
        curve.add(i * minute, 100_000.0 + (i % 50))
        curve.add(i * minute, 100_000.0 + (i % 50))  # a second look at the same bar
    assert len(curve.points) <= CURVE_POINTS + 1
    assert curve.points[0][0] == 0
    assert curve.points[-1][0] >= (20 * CURVE_POINTS - 2) * minute
    assert curve.peak == 100_049.0
    times = [t for t, _ in curve.points]
    assert times == sorted(set(times))


def test_the_curve_begins_anew_when_a_replay_goes_back_in_time() -> None:
    curve = PortfolioCurve()
    wall = 1_796_000_000 * 10**9  # points taken on the clock before the first bar came
    curve.add(wall, 650_000.0)
    curve.add(wall + 10**9, 650_000.0)
    market = 1_381_000_000 * 10**9  # the replay's week, years earlier
    curve.add(market, 649_900.0)
    curve.add(market + 60 * 10**9, 649_800.0)
    assert curve.points == [(market, 649_900.0), (market + 60 * 10**9, 649_800.0)]
    assert curve.peak == 649_900.0


def test_the_curve_is_seeded_from_the_bots_own_curves() -> None:
    curve = PortfolioCurve()
    gold = [(60, 100.0), (180, 110.0)]
    crude = [(120, 50.0), (180, 40.0), (240, 45.0)]
    curve.seed([gold, crude, []], flat=1000.0)  # a third bot with no point yet holds 1000
    # each bot's latest value at every bar of any bot; crude counts 50 before its first bar
    assert curve.points == [(60, 1150.0), (120, 1150.0), (180, 1150.0), (240, 1155.0)]
    assert curve.peak == 1155.0
