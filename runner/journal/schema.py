"""The journal's tables, their version, and the steps that bring an older file up to date.

A journal outlives the release that wrote it: a crashed run is recovered by whichever
release is installed next, and ``runner report`` reads folders of any age. So the file
says which layout it has (``PRAGMA user_version``), every change of layout is one step in
:data:`MIGRATIONS`, and a file is brought up to date in one transaction (a crash half-way
leaves it as it was). A file written by a newer release is refused with its name rather
than misread. Files written before the version was recorded hold 0 there; their layout
is recognised from their tables.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from runner.errors import RunnerError

CURRENT = """
CREATE TABLE IF NOT EXISTS orders (
    client_id TEXT PRIMARY KEY,
    bot TEXT NOT NULL,
    seq INTEGER NOT NULL,
    symbol TEXT NOT NULL,
    side INTEGER NOT NULL,
    qty INTEGER NOT NULL,
    type TEXT NOT NULL,
    limit_price REAL,
    stop_price REAL,
    tif TEXT NOT NULL,
    parent_id TEXT,
    oco_group TEXT,
    reason TEXT,
    role TEXT,
    grp TEXT,
    ts INTEGER NOT NULL,
    status TEXT NOT NULL,
    filled INTEGER NOT NULL DEFAULT 0,
    broker_id TEXT,
    updated INTEGER
);
CREATE INDEX IF NOT EXISTS orders_bot ON orders (bot, status);
CREATE TABLE IF NOT EXISTS fills (
    fill_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    bot TEXT NOT NULL,
    symbol TEXT NOT NULL,
    side INTEGER NOT NULL,
    qty INTEGER NOT NULL,
    price REAL NOT NULL,
    commission REAL NOT NULL,
    ts INTEGER NOT NULL,
    reason TEXT,
    session TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (bot, session, client_id, fill_id)  -- Fill.key, within one bot
);
CREATE INDEX IF NOT EXISTS fills_bot ON fills (bot, ts);
CREATE TABLE IF NOT EXISTS equity (
    bot TEXT NOT NULL,
    ts INTEGER NOT NULL,
    equity REAL NOT NULL,
    run INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS equity_bot ON equity (bot);
CREATE TABLE IF NOT EXISTS bot_state (
    bot TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    updated INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS reconcile (
    bot TEXT NOT NULL,
    ts INTEGER NOT NULL,
    event TEXT NOT NULL,
    detail TEXT NOT NULL,
    run INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS reconcile_bot ON reconcile (bot, ts);
CREATE TABLE IF NOT EXISTS runs (
    run INTEGER PRIMARY KEY AUTOINCREMENT,
    started INTEGER NOT NULL,
    ended INTEGER,
    clean INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS replay_marks (
    bot TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    ts INTEGER NOT NULL DEFAULT 0,
    base_seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS operator_actions (
    ts INTEGER NOT NULL,
    who TEXT NOT NULL,
    via TEXT NOT NULL,
    origin TEXT NOT NULL,
    action TEXT NOT NULL,
    bot TEXT NOT NULL,
    result TEXT NOT NULL,
    ok INTEGER NOT NULL,
    run INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS operator_actions_bot ON operator_actions (bot, ts);
"""
"""The layout a new journal gets: the one every step of :data:`MIGRATIONS` leads to.
(``IF NOT EXISTS``: a first open that crashed half-way, before versions were recorded,
may have left some of the tables.)"""


@dataclass(frozen=True, slots=True)
class Migration:
    """The step from version ``to - 1`` to version ``to``."""

    to: int
    why: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "orders, fills, bot state and runs",
        (
            "CREATE TABLE orders (client_id TEXT PRIMARY KEY, bot TEXT NOT NULL,"
            " seq INTEGER NOT NULL, symbol TEXT NOT NULL, side INTEGER NOT NULL,"
            " qty INTEGER NOT NULL, type TEXT NOT NULL, limit_price REAL, stop_price REAL,"
            " tif TEXT NOT NULL, parent_id TEXT, oco_group TEXT, reason TEXT, role TEXT,"
            " grp TEXT, ts INTEGER NOT NULL, status TEXT NOT NULL,"
            " filled INTEGER NOT NULL DEFAULT 0, broker_id TEXT, updated INTEGER)",
            "CREATE INDEX orders_bot ON orders (bot, status)",
            "CREATE TABLE fills (fill_id TEXT PRIMARY KEY, client_id TEXT NOT NULL,"
            " bot TEXT NOT NULL, symbol TEXT NOT NULL, side INTEGER NOT NULL,"
            " qty INTEGER NOT NULL, price REAL NOT NULL, commission REAL NOT NULL,"
            " ts INTEGER NOT NULL, reason TEXT)",
            "CREATE INDEX fills_bot ON fills (bot, ts)",
            "CREATE TABLE bot_state (bot TEXT PRIMARY KEY, state TEXT NOT NULL,"
            " updated INTEGER NOT NULL)",
            "CREATE TABLE runs (run INTEGER PRIMARY KEY AUTOINCREMENT, started INTEGER NOT NULL,"
            " ended INTEGER, clean INTEGER NOT NULL DEFAULT 0)",
        ),
    ),
    Migration(
        2,
        "fill ids are unique per broker, and each bot has its own: key fills by (bot, fill_id)",
        (
            "CREATE TABLE fills_new (fill_id TEXT NOT NULL, client_id TEXT NOT NULL,"
            " bot TEXT NOT NULL, symbol TEXT NOT NULL, side INTEGER NOT NULL,"
            " qty INTEGER NOT NULL, price REAL NOT NULL, commission REAL NOT NULL,"
            " ts INTEGER NOT NULL, reason TEXT, PRIMARY KEY (bot, fill_id))",
            "INSERT INTO fills_new (rowid, fill_id, client_id, bot, symbol, side, qty, price,"
            " commission, ts, reason) SELECT rowid, fill_id, client_id, bot, symbol, side, qty,"
            " price, commission, ts, reason FROM fills ORDER BY rowid",
            "DROP TABLE fills",
            "ALTER TABLE fills_new RENAME TO fills",
            "CREATE INDEX fills_bot ON fills (bot, ts)",
        ),
    ),
    Migration(
        3,
        "each bot's equity curve, bar by bar, so a report matches the session's drawdown",
        (
            "CREATE TABLE equity (bot TEXT NOT NULL, ts INTEGER NOT NULL, equity REAL NOT NULL)",
            "CREATE INDEX equity_bot ON equity (bot)",
        ),
    ),
    Migration(
        4,
        "equity points name their run (memory keeps only the curve's tail)",
        ("ALTER TABLE equity ADD COLUMN run INTEGER NOT NULL DEFAULT 0",),
    ),
    Migration(
        5,
        "fills keyed by Fill.key (session, client_id, fill_id): execution ids repeat across "
        "broker sessions, and a second fill with the same id must not be dropped",
        (
            "CREATE TABLE fills_new (fill_id TEXT NOT NULL, client_id TEXT NOT NULL,"
            " bot TEXT NOT NULL, symbol TEXT NOT NULL, side INTEGER NOT NULL,"
            " qty INTEGER NOT NULL, price REAL NOT NULL, commission REAL NOT NULL,"
            " ts INTEGER NOT NULL, reason TEXT, session TEXT NOT NULL DEFAULT '',"
            " PRIMARY KEY (bot, session, client_id, fill_id))",
            "INSERT INTO fills_new (rowid, fill_id, client_id, bot, symbol, side, qty, price,"
            " commission, ts, reason) SELECT rowid, fill_id, client_id, bot, symbol, side, qty,"
            " price, commission, ts, reason FROM fills ORDER BY rowid",
            "DROP TABLE fills",
            "ALTER TABLE fills_new RENAME TO fills",
            "CREATE INDEX fills_bot ON fills (bot, ts)",
        ),
    ),
    Migration(
        6,
        "what each comparison with the broker found and did (differences, unknown states)",
        (
            "CREATE TABLE reconcile (bot TEXT NOT NULL, ts INTEGER NOT NULL,"
            " event TEXT NOT NULL, detail TEXT NOT NULL, run INTEGER NOT NULL DEFAULT 0)",
            "CREATE INDEX reconcile_bot ON reconcile (bot, ts)",
        ),
    ),
    Migration(
        7,
        "how far each bot got in a replay, and which data it replayed, so a crashed paper "
        "replay resumes where it stood instead of trading the week again",
        (
            "CREATE TABLE replay_marks (bot TEXT PRIMARY KEY, source TEXT NOT NULL,"
            " ts INTEGER NOT NULL DEFAULT 0, base_seq INTEGER NOT NULL DEFAULT 0)",
        ),
    ),
    Migration(
        8,
        "what an operator did to a running runner (pause, resume, flatten, the kill switch): "
        "who, when, from where, and what came of it",
        (
            "CREATE TABLE operator_actions (ts INTEGER NOT NULL, who TEXT NOT NULL,"
            " via TEXT NOT NULL, origin TEXT NOT NULL, action TEXT NOT NULL,"
            " bot TEXT NOT NULL, result TEXT NOT NULL, ok INTEGER NOT NULL,"
            " run INTEGER NOT NULL DEFAULT 0)",
            "CREATE INDEX operator_actions_bot ON operator_actions (bot, ts)",
        ),
    ),
)

VERSION = MIGRATIONS[-1].to
"""The layout this release writes."""


class JournalError(RunnerError, ValueError):
    """A journal file this release cannot use (not a journal, or from a newer release).

    A ValueError too, so callers that report unreadable journals keep working."""


def version_of(db: sqlite3.Connection) -> int:
    """The layout version of an open journal; for a file that predates the recorded
    version, the version its tables match."""
    recorded = int(db.execute("PRAGMA user_version").fetchone()[0])
    return recorded or _unrecorded(db)


def _unrecorded(db: sqlite3.Connection) -> int:
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "fills" not in tables:
        return 0
    fills = _columns(db, "fills")
    if fills.get("fill_id") == 1 and len([c for c, pk in fills.items() if pk]) == 1:
        return 1
    if "equity" not in tables:
        return 2
    if "run" not in _columns(db, "equity"):
        return 3
    if "session" not in fills:
        return 4
    if "reconcile" not in tables:
        return 5
    if "replay_marks" not in tables:
        return 6
    if "operator_actions" not in tables:
        return 7
    return VERSION


def _columns(db: sqlite3.Connection, table: str) -> dict[str, int]:
    """Column name -> its position in the primary key (0: not in it)."""
    return {r[1]: r[5] for r in db.execute(f"PRAGMA table_info({table})")}


def check_known(version: int, path: Path) -> None:
    if version > VERSION:
        raise JournalError(
            f"{path}: journal layout version {version} was written by a newer release of "
            f"runner (this one knows up to {VERSION}); upgrade runner to open it"
        )


def migrate(db: sqlite3.Connection, path: Path) -> int:
    """Brings the journal open on ``db`` (autocommit) to :data:`VERSION`; returns the
    version it had. A file already current is left untouched."""
    found = version_of(db)
    check_known(found, path)
    if found == VERSION and _recorded(db) == VERSION:
        return found
    _in_transaction(db, lambda: _upgrade(db, path))
    return found


def _recorded(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _upgrade(db: sqlite3.Connection, path: Path) -> None:
    found = version_of(db)  # again, under the write lock: another process may have done it
    check_known(found, path)
    if found == 0:
        for statement in CURRENT.split(";"):
            if statement.strip():
                db.execute(statement)
    else:
        for step in MIGRATIONS[found:]:
            for statement in step.statements:
                db.execute(statement)
    db.execute(f"PRAGMA user_version = {VERSION}")


def _in_transaction(db: sqlite3.Connection, work: Callable[[], None]) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        work()
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
