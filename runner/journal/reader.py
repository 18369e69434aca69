"""Reading a journal for reports, without ever writing to it.

``runner report`` and the multi-process summary read journals that a runner may still be
writing, or that an older release wrote. The file is opened read-only; one of an older
layout is copied into memory and brought up to date there, so the queries below are
written once, for the current layout, and the file itself is left exactly as it was.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from runner.journal.schema import VERSION, check_known, migrate, version_of


@dataclass(slots=True)
class JournalFill:
    """A fill as journaled, with the bot it belongs to."""

    bot: str
    fill_id: str
    client_id: str
    symbol: str
    side: int
    qty: int
    price: float
    commission: float
    ts: int
    reason: str
    session: str = ""


def bot_names(db: sqlite3.Connection) -> list[str]:
    """Every bot the journal on ``db`` names: by an order, a fill or a saved state."""
    rows = db.execute(
        "SELECT bot FROM orders UNION SELECT bot FROM fills UNION SELECT bot FROM bot_state"
    ).fetchall()
    return sorted(r[0] for r in rows)


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        found = version_of(db)
        check_known(found, path)
        if found == VERSION:
            return db
        copy = sqlite3.connect(":memory:", isolation_level=None)
        db.backup(copy)
        db.close()
        db = copy
        migrate(db, path)
        return db
    except BaseException:
        db.close()
        raise


class JournalReader:
    """One journal file, read-only, for as long as the ``with`` block lasts.

    Raises :class:`~runner.journal.schema.JournalError` for a journal of a newer release,
    and ``sqlite3.DatabaseError`` for a file that is no SQLite database.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = _open(path)

    def __enter__(self) -> JournalReader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def bots(self) -> list[str]:
        return bot_names(self.db)

    def fills(self) -> list[JournalFill]:
        """Every bot's fills, in the order they were journaled."""
        return [
            JournalFill(b, fid, cid, sym, side, qty, px, fee, ts, reason or "", session)
            for b, fid, cid, sym, side, qty, px, fee, ts, reason, session in self.db.execute(
                "SELECT bot, fill_id, client_id, symbol, side, qty, price, commission, ts,"
                " reason, session FROM fills ORDER BY rowid"
            )
        ]

    def capitals(self) -> dict[str, float]:
        """Each bot's starting capital, from its last saved state (equity less PnL)."""
        capital: dict[str, float] = {}
        for bot, state in self.db.execute("SELECT bot, state FROM bot_state"):
            try:
                st = json.loads(state)
                capital[bot] = float(st["equity"]) - float(st["pnl"])
            except (ValueError, KeyError, TypeError):
                continue
        return capital

    def equity(self) -> dict[str, list[tuple[int, float]]]:
        """Each bot's equity curve as the running bot recorded it, bar by bar, over every
        run; a later run's replay that starts its clock again is kept non-decreasing."""
        curves: dict[str, list[tuple[int, float]]] = {}
        for bot, ts, eq in self.db.execute("SELECT bot, ts, equity FROM equity ORDER BY rowid"):
            curve = curves.setdefault(bot, [])
            if curve and ts <= curve[-1][0]:
                curve[-1] = (curve[-1][0], eq)
            else:
                curve.append((ts, eq))
        return curves

    def positions(self, bot: str) -> dict[str, int]:
        """A bot's net position per symbol, summed from its fills (flat symbols left out)."""
        rows = self.db.execute(
            "SELECT symbol, SUM(side * qty) FROM fills WHERE bot = ? GROUP BY symbol", (bot,)
        ).fetchall()
        return {s: int(q) for s, q in rows if q}


def read_journal(path: Path) -> tuple[list[JournalFill], dict[str, float], list[str]]:
    """Fills in the order they were journaled, each bot's capital, and every bot named.

    A ValueError (a :class:`~runner.journal.schema.JournalError`) names the file when it is
    not a journal or one of a newer release."""
    try:
        with JournalReader(path) as journal:
            return journal.fills(), journal.capitals(), journal.bots()
    except sqlite3.DatabaseError as exc:
        raise ValueError(f"{path}: not a runner journal ({exc})") from None


def read_equity(path: Path) -> dict[str, list[tuple[int, float]]]:
    """Each bot's equity curve as journaled (see :meth:`JournalReader.equity`); empty for a
    file that cannot be read as a journal."""
    try:
        with JournalReader(path) as journal:
            return journal.equity()
    except sqlite3.DatabaseError:
        return {}


def journal_positions(path: Path, bot: str) -> dict[str, int]:
    """A bot's net positions by its journal; empty when the file cannot be read (not yet
    written, or in the middle of a write)."""
    try:
        with JournalReader(path) as journal:
            return journal.positions(bot)
    except sqlite3.Error:
        return {}
