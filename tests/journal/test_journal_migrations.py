"""A journal of any earlier layout opens, is brought up to date and reads the same; one of a
newer release is refused with its file name; a failed upgrade leaves the file as it was."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from runner.journal import schema
from runner.journal.reader import JournalReader, journal_positions, read_equity, read_journal
from runner.journal.schema import VERSION, JournalError
from runner.journal.store import Journal
from runner.model import Fill, Order, OrderStatus, OrderType, OrderUpdate, Side

# The layouts earlier releases wrote, literally (none recorded a version: user_version 0).
ORDERS = """CREATE TABLE IF NOT EXISTS orders (
    client_id TEXT PRIMARY KEY, bot TEXT NOT NULL, seq INTEGER NOT NULL, symbol TEXT NOT NULL,
    side INTEGER NOT NULL, qty INTEGER NOT NULL, type TEXT NOT NULL, limit_price REAL,
    stop_price REAL, tif TEXT NOT NULL, parent_id TEXT, oco_group TEXT, reason TEXT, role TEXT,
    grp TEXT, ts INTEGER NOT NULL, status TEXT NOT NULL, filled INTEGER NOT NULL DEFAULT 0,
    broker_id TEXT, updated INTEGER);
CREATE INDEX IF NOT EXISTS orders_bot ON orders (bot, status);
"""
FILLS_BY_ID = """CREATE TABLE IF NOT EXISTS fills (
    fill_id TEXT PRIMARY KEY, client_id TEXT NOT NULL, bot TEXT NOT NULL, symbol TEXT NOT NULL,
    side INTEGER NOT NULL, qty INTEGER NOT NULL, price REAL NOT NULL,
    commission REAL NOT NULL, ts INTEGER NOT NULL, reason TEXT);
CREATE INDEX IF NOT EXISTS fills_bot ON fills (bot, ts);
"""
FILLS_BY_BOT = FILLS_BY_ID.replace("fill_id TEXT PRIMARY KEY", "fill_id TEXT NOT NULL").replace(
    "reason TEXT)", "reason TEXT, PRIMARY KEY (bot, fill_id))"
)
STATE_AND_RUNS = """CREATE TABLE IF NOT EXISTS bot_state (
    bot TEXT PRIMARY KEY, state TEXT NOT NULL, updated INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run INTEGER PRIMARY KEY AUTOINCREMENT, started INTEGER NOT NULL, ended INTEGER,
    clean INTEGER NOT NULL DEFAULT 0);
"""
FILLS_BY_KEY = FILLS_BY_ID.replace("fill_id TEXT PRIMARY KEY", "fill_id TEXT NOT NULL").replace(
    "reason TEXT)",
    "reason TEXT, session TEXT NOT NULL DEFAULT '',"
    " PRIMARY KEY (bot, session, client_id, fill_id))",
)
EQUITY = """CREATE TABLE IF NOT EXISTS equity (
    bot TEXT NOT NULL, ts INTEGER NOT NULL, equity REAL NOT NULL);
CREATE INDEX IF NOT EXISTS equity_bot ON equity (bot);
"""
EQUITY_BY_RUN = EQUITY.replace(
    "equity REAL NOT NULL)", "equity REAL NOT NULL, run INTEGER NOT NULL DEFAULT 0)"
)

LAYOUTS = {
    1: ORDERS + FILLS_BY_ID + STATE_AND_RUNS,
    2: ORDERS + FILLS_BY_BOT + STATE_AND_RUNS,
    3: ORDERS + FILLS_BY_BOT + EQUITY + STATE_AND_RUNS,
    4: ORDERS + FILLS_BY_BOT + EQUITY_BY_RUN + STATE_AND_RUNS,  # the release before versions
    5: ORDERS + FILLS_BY_KEY + EQUITY_BY_RUN + STATE_AND_RUNS,  # before replay marks
}
PREVIOUS = 4

STATE = {"bot": "gold", "equity": 100_480.0, "pnl": 480.0, "position": 0}
FILLS = [  # fill id, client id, symbol, side, qty, price, commission, ts, reason
    ("X1", "gold-1", "GCZ3", 1, 1, 1300.0, 2.5, 100, "entry"),
    ("X2", "gold-2", "GCZ3", -1, 1, 1305.0, 2.5, 200, "target"),
    ("X3", "gold-3", "GCZ3", -1, 2, 1310.0, 5.0, 300, "entry"),
    ("X4", "gold-4", "GCZ3", 1, 1, 1308.0, 2.5, 400, "stop"),
]


def old_journal(path: Path, version: int) -> Path:
    """A journal as the release with layout ``version`` left it after a crashed run."""
    with closing(sqlite3.connect(path)) as db:
        db.executescript(LAYOUTS[version])
        db.execute("INSERT INTO runs (started, ended, clean) VALUES (1, 2, 1)")
        db.execute("INSERT INTO runs (started) VALUES (3)")  # never ended
        for seq, (fid, cid, sym, side, qty, px, fee, ts, why) in enumerate(FILLS, 1):
            db.execute(
                "INSERT INTO orders (client_id, bot, seq, symbol, side, qty, type, tif, reason,"
                " role, grp, ts, status, filled, broker_id, updated)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    cid,
                    "gold",
                    seq,
                    sym,
                    side,
                    qty,
                    "market",
                    "day",
                    why,
                    why,
                    cid,
                    ts - 1,
                    "filled",
                    qty,
                    f"B{seq}",
                    ts,
                ),
            )
            db.execute(
                "INSERT INTO fills (fill_id, client_id, bot, symbol, side, qty, price, commission,"
                " ts, reason) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (fid, cid, "gold", sym, side, qty, px, fee, ts, why),
            )
        db.execute(
            "INSERT INTO orders (client_id, bot, seq, symbol, side, qty, type, stop_price, tif,"
            " reason, role, grp, ts, status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                "gold-5",
                "gold",
                5,
                "GCZ3",
                1,
                1,
                "stop",
                1320.0,
                "gtc",
                "stop",
                "stop",
                "gold-3",
                300,
                "accepted",
            ),
        )
        db.execute(
            "INSERT INTO bot_state (bot, state, updated) VALUES (?,?,?)",
            ("gold", json.dumps(STATE), 400),
        )
        if version >= 3:
            columns = "bot, ts, equity" + (", run" if version >= 4 else "")
            marks = ",".join("?" * len(columns.split(",")))
            for ts, eq in ((100, 100_000.0), (200, 100_495.0), (300, 100_490.0)):
                row = ("gold", ts, eq, 2)[: len(columns.split(","))]
                db.execute(f"INSERT INTO equity ({columns}) VALUES ({marks})", row)
        db.commit()
    return path


def shape(path: Path) -> dict[str, object]:
    """Tables, their columns (name, type, not null, default, key position) and indexes."""
    with closing(sqlite3.connect(path)) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            t: (
                sorted(tuple(r[1:]) for r in db.execute(f"PRAGMA table_info({t})")),
                sorted(
                    (r[1], tuple(c[2] for c in db.execute(f"PRAGMA index_info({r[1]})")))
                    for r in db.execute(f"PRAGMA index_list({t})")
                    if not r[1].startswith("sqlite_autoindex")
                ),
            )
            for t in sorted(tables)
            if t != "sqlite_sequence"
        }


def pragma(path: Path, name: str) -> int:
    with closing(sqlite3.connect(path)) as db:
        return int(db.execute(f"PRAGMA {name}").fetchone()[0])


def test_a_new_journal_records_the_current_version(tmp_path: Path) -> None:
    Journal(tmp_path / "j.sqlite").close()
    assert pragma(tmp_path / "j.sqlite", "user_version") == VERSION


def test_a_current_journal_opens_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    j = Journal(path)
    j.fill(Fill("gold-1", "X1", "GCZ3", Side.BUY, 1, 1300.0, 100, 2.5, "gold"))
    j.close()
    before = (pragma(path, "schema_version"), shape(path))
    again = Journal(path)
    assert [f.fill_id for f in again.bot("gold").fills] == ["X1"]
    again.close()
    assert (pragma(path, "schema_version"), shape(path)) == before


@pytest.mark.parametrize("version", sorted(LAYOUTS))
def test_every_earlier_layout_migrates_to_the_layout_of_a_new_journal(
    tmp_path: Path, version: int
) -> None:
    Journal(tmp_path / "new.sqlite").close()
    path = old_journal(tmp_path / "old.sqlite", version)
    assert schema.version_of(sqlite3.connect(path)) == version
    Journal(path).close()
    assert pragma(path, "user_version") == VERSION
    assert shape(path) == shape(tmp_path / "new.sqlite")


def test_a_journal_of_the_previous_layout_reads_the_same_after_migration(
    tmp_path: Path,
) -> None:
    path = old_journal(tmp_path / "journal.sqlite", PREVIOUS)
    fills, capital, bots = read_journal(path)  # read-only: migrated in memory, file untouched
    curves = read_equity(path)
    assert pragma(path, "user_version") == 0
    assert [(f.fill_id, f.client_id, f.side, f.qty, f.price, f.ts, f.reason) for f in fills] == [
        (fid, cid, side, qty, px, ts, why) for fid, cid, _, side, qty, px, _, ts, why in FILLS
    ]
    assert {f.session for f in fills} == {""}
    assert capital == {"gold": 100_000.0} and bots == ["gold"]
    assert curves == {"gold": [(100, 100_000.0), (200, 100_495.0), (300, 100_490.0)]}
    assert journal_positions(path, "gold") == {"GCZ3": -1}

    j = Journal(path)  # the writer migrates the file itself, in place
    crashed = j.start_run(5)
    bj = j.bot("gold")
    assert crashed, "the run the old release left unfinished is still seen as a crash"
    assert j.run_id == 3
    assert j.equity_curve("gold", 2) == curves["gold"]
    assert bj.state == STATE
    assert bj.last_seq == 5
    assert bj.positions() == {"GCZ3": -1}
    assert [(o.order.client_id, o.status, o.filled, o.broker_id) for o in bj.orders][:2] == [
        ("gold-1", OrderStatus.FILLED, 1, "B1"),
        ("gold-2", OrderStatus.FILLED, 1, "B2"),
    ]
    (working,) = bj.working()
    assert (working.order.client_id, working.order.type, working.order.stop_price) == (
        "gold-5",
        OrderType.STOP,
        1320.0,
    )
    assert [f.key for f in bj.fills] == [("", cid, fid) for fid, cid, *_ in FILLS]
    j.close()
    assert pragma(path, "user_version") == VERSION
    assert read_journal(path) == (fills, capital, bots)
    assert read_equity(path) == curves


def test_after_migration_a_fill_id_repeated_by_another_session_is_a_second_fill(
    tmp_path: Path,
) -> None:
    path = old_journal(tmp_path / "journal.sqlite", PREVIOUS)
    j = Journal(path)
    again = Fill("gold-6", "X1", "GCZ3", Side.BUY, 1, 1301.0, 500, 2.5, "gold", session="s2")
    assert j.fill(again), "a new session's execution id 1 is not the old session's"
    assert not j.fill(again), "the very same fill twice is stored once"
    assert not j.fill(Fill("gold-1", "X1", "GCZ3", Side.BUY, 1, 1300.0, 100, 2.5, "gold"))
    j.order_update(OrderUpdate("gold-5", OrderStatus.CANCELLED, 600))
    bj = j.bot("gold")
    j.close()
    assert [f.key for f in bj.fills][-1] == ("s2", "gold-6", "X1")
    assert bj.positions() == {}
    assert bj.working() == []


def test_a_journal_of_a_newer_release_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    Journal(path).close()
    with closing(sqlite3.connect(path)) as db:
        db.execute(f"PRAGMA user_version = {VERSION + 1}")
    before = path.read_bytes()
    for opening in (Journal, JournalReader, read_journal):
        with pytest.raises(JournalError) as caught:
            opening(path)
        message = str(caught.value)
        assert str(path) in message
        assert f"version {VERSION + 1}" in message and "newer release" in message
    assert isinstance(caught.value, ValueError)
    assert path.read_bytes() == before


def test_a_failed_upgrade_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = old_journal(tmp_path / "journal.sqlite", 3)
    before = shape(path)
    broken = schema.Migration(
        VERSION + 1, "a step that fails half-way", ("CREATE TABLE x (a)", "NOT SQL")
    )
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, broken))
    monkeypatch.setattr(schema, "VERSION", VERSION + 1)
    with pytest.raises(sqlite3.OperationalError):
        Journal(path)
    assert pragma(path, "user_version") == 0
    assert shape(path) == before
    monkeypatch.undo()
    Journal(path).close()  # and the next release that works upgrades it
    assert pragma(path, "user_version") == VERSION


def test_a_file_that_is_not_a_database_is_named(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    path.write_text("not a database")
    with pytest.raises(ValueError, match="journal.sqlite: not a runner journal"):
        read_journal(path)
    assert read_equity(path) == {}
    assert journal_positions(path, "gold") == {}
    assert journal_positions(tmp_path / "missing.sqlite", "gold") == {}


def test_every_order_written_is_read_back(tmp_path: Path) -> None:
    j = Journal(tmp_path / "j.sqlite")
    order = Order("b-1", "b", "CLZ3", Side.SELL, 2, OrderType.LIMIT, limit_price=80.5, ts=7)
    j.order_sent(order, "entry", "b-1", 1)
    j.order_modified("b-1", qty=1, limit_price=80.25)
    j.order_update(OrderUpdate("b-1", OrderStatus.ACCEPTED, 8, broker_id="77"))
    (jo,) = j.bot("b").orders
    j.close()
    assert (jo.order.qty, jo.order.limit_price, jo.status, jo.broker_id) == (
        1,
        80.25,
        OrderStatus.ACCEPTED,
        "77",
    )


def test_a_first_open_that_stopped_half_way_is_completed(tmp_path: Path) -> None:
    """Releases before versions created the tables one statement at a time."""
    path = tmp_path / "journal.sqlite"
    with closing(sqlite3.connect(path)) as db:
        db.executescript(ORDERS)
    Journal(path).close()
    Journal(tmp_path / "new.sqlite").close()
    assert shape(path) == shape(tmp_path / "new.sqlite")
    assert pragma(path, "user_version") == VERSION
