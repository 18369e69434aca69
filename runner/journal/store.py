"""The SQLite journal: orders, fills and bot state, written before anything leaves.

An order row is committed *before* the order is handed to the broker, so after a crash
(even kill -9) the journal knows every client id that might be at the broker and none is
ever reused or sent twice. WAL mode with synchronous=NORMAL survives a process crash;
each write is one small transaction.

Every statement on the file lives in this package: this module writes and reads back for
recovery, :mod:`runner.journal.reader` reads for reports, :mod:`runner.journal.schema`
owns the layout and brings older files up to date when they are opened.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runner.journal.reader import bot_names
from runner.journal.schema import migrate
from runner.model import (
    Fill,
    Order,
    OrderStatus,
    OrderType,
    OrderUpdate,
    Side,
    TimeInForce,
)


@dataclass
class JournalOrder:
    order: Order
    role: str
    group: str
    status: OrderStatus
    filled: int
    broker_id: str


@dataclass
class BotJournal:
    """Everything the journal holds about one bot, for recovery."""

    bot: str
    orders: list[JournalOrder] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    last_seq: int = 0

    def positions(self) -> dict[str, int]:
        pos: dict[str, int] = {}
        for f in self.fills:
            pos[f.symbol] = pos.get(f.symbol, 0) + int(f.side) * f.qty
        return {s: q for s, q in pos.items() if q}

    def working(self) -> list[JournalOrder]:
        return [o for o in self.orders if not o.status.is_done]


@dataclass(frozen=True, slots=True)
class ReplayMark:
    """How far a bot got in a replay: the data it replayed (``source``, a fingerprint the
    feed gives), the market time of the last bar it saw (``ts``, ns), and the last client
    sequence number of the sessions before this replay began (``base_seq``): the orders of
    this replay are those after it."""

    bot: str
    source: str
    ts: int
    base_seq: int


class Journal:
    """One SQLite file per runner; safe to call from the event loop and worker threads.

    Opening brings a journal of an older release up to date (see
    :mod:`runner.journal.schema`) and refuses one of a newer release with
    :class:`~runner.journal.schema.JournalError`.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        try:
            migrate(self.db, path)
        except BaseException:
            self.db.close()
            raise
        self.run_id = 0

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """Statements that stand or fall together: a kill -9 between them leaves neither."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def locked(self) -> Iterator[sqlite3.Connection]:
        """The connection, held against the other threads: for a table kept by a module
        of its own (:mod:`runner.journal.operator_log`)."""
        with self._lock:
            yield self.db

    # ------------------------------------------------------------------ runs
    def start_run(self, ts: int) -> bool:
        """Records a new run; returns True when the previous run did not end cleanly."""
        with self._lock:
            row = self.db.execute("SELECT clean FROM runs ORDER BY run DESC LIMIT 1").fetchone()
            cur = self.db.execute("INSERT INTO runs (started) VALUES (?)", (ts,))
            self.run_id = int(cur.lastrowid or 0)
        return row is not None and not row[0]

    def end_run(self, ts: int) -> None:
        with self._lock:
            self.db.execute("UPDATE runs SET ended = ?, clean = 1 WHERE run = ?", (ts, self.run_id))

    # ------------------------------------------------------------------ writes
    def order_sent(self, order: Order, role: str, group: str, seq: int) -> None:
        with self._lock:
            self.db.execute(
                "INSERT INTO orders (client_id, bot, seq, symbol, side, qty, type, limit_price,"
                " stop_price, tif, parent_id, oco_group, reason, role, grp, ts, status, updated)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    order.client_id,
                    order.bot,
                    seq,
                    order.symbol,
                    int(order.side),
                    order.qty,
                    order.type.value,
                    order.limit_price,
                    order.stop_price,
                    order.tif.value,
                    order.parent_id,
                    order.oco_group,
                    order.reason,
                    role,
                    group,
                    order.ts,
                    OrderStatus.PENDING_NEW.value,
                    order.ts,
                ),
            )

    def order_modified(
        self,
        client_id: str,
        *,
        qty: int | None = None,
        limit_price: float | None = None,
        stop_price: float | None = None,
        ts: int | None = None,
    ) -> None:
        """A working order changed at market time ``ts`` (a resumed replay starts after it:
        the order rests with its new price from there, never on bars before the change)."""
        sets, args = [], []
        for col, val in (("qty", qty), ("limit_price", limit_price), ("stop_price", stop_price)):
            if val is not None:
                sets.append(f"{col} = ?")
                args.append(val)
        if sets and ts:
            sets.append("updated = MAX(COALESCE(updated, 0), ?)")
            args.append(ts)
        if sets:
            with self._lock:
                self.db.execute(
                    f"UPDATE orders SET {', '.join(sets)} WHERE client_id = ?", (*args, client_id)
                )

    def order_update(self, u: OrderUpdate) -> None:
        with self._lock:
            self.db.execute(
                "UPDATE orders SET status = ?, broker_id = COALESCE(NULLIF(?, ''), broker_id),"
                " updated = ? WHERE client_id = ?",
                (u.status.value, u.broker_id, u.ts, u.client_id),
            )

    def fill(self, f: Fill) -> bool:
        """Stores a fill once; returns False for a fill whose ``key`` the bot has journaled.

        The key is the whole of ``Fill.key`` (session, client id, fill id): a broker
        session that reuses another's execution id is a second fill, not a repeat."""
        with self._lock, self._transaction():  # the fill and its order's count, or neither
            cur = self.db.execute(
                "INSERT OR IGNORE INTO fills (fill_id, client_id, bot, symbol, side, qty, price,"
                " commission, ts, reason, session) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    f.fill_id,
                    f.client_id,
                    f.bot,
                    f.symbol,
                    int(f.side),
                    f.qty,
                    f.price,
                    f.commission,
                    f.ts,
                    f.reason,
                    f.session,
                ),
            )
            if cur.rowcount:
                self.db.execute(
                    "UPDATE orders SET filled = filled + ? WHERE client_id = ?",
                    (f.qty, f.client_id),
                )
            return bool(cur.rowcount)

    def equity_points(self, bot: str, points: list[tuple[int, float]]) -> None:
        """Appends a bot's equity curve points (written in batches, at each heartbeat)."""
        if points:
            with self._lock:
                self.db.executemany(
                    "INSERT INTO equity (bot, ts, equity, run) VALUES (?,?,?,?)",
                    [(bot, ts, eq, self.run_id) for ts, eq in points],
                )

    def save_many(
        self,
        states: Sequence[tuple[str, dict[str, Any], int]] = (),
        equity: Mapping[str, Sequence[tuple[int, float]]] | None = None,
    ) -> None:
        """Every bot's state and new equity points of one heartbeat, in one transaction.

        One commit per bot (as ``save_state`` and ``equity_points`` do) holds the event
        loop for about a second per beat with a few hundred bots; one commit for all of
        them takes milliseconds.
        """
        rows = [(bot, json.dumps(state), ts) for bot, state, ts in states]
        points = [
            (bot, ts, eq, self.run_id) for bot, pts in (equity or {}).items() for ts, eq in pts
        ]
        if not rows and not points:
            return
        with self._lock:
            self.db.execute("BEGIN")
            try:
                if rows:
                    self.db.executemany(
                        "INSERT INTO bot_state (bot, state, updated) VALUES (?,?,?)"
                        " ON CONFLICT(bot) DO UPDATE SET state = excluded.state,"
                        " updated = excluded.updated",
                        rows,
                    )
                if points:
                    self.db.executemany(
                        "INSERT INTO equity (bot, ts, equity, run) VALUES (?,?,?,?)", points
                    )
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def equity_curve(self, bot: str, run: int) -> list[tuple[int, float]]:
        """One run's equity curve of a bot, as journaled."""
        with self._lock:
            rows = self.db.execute(
                "SELECT ts, equity FROM equity WHERE bot = ? AND run = ? ORDER BY rowid",
                (bot, run),
            ).fetchall()
        return [(ts, eq) for ts, eq in rows]

    def reconcile_note(self, bot: str, ts: int, event: str, detail: dict[str, Any]) -> None:
        """What a comparison with the broker found and did, before the event announces it."""
        with self._lock:
            self.db.execute(
                "INSERT INTO reconcile (bot, ts, event, detail, run) VALUES (?,?,?,?,?)",
                (bot, ts, event, json.dumps(detail, default=str), self.run_id),
            )

    def reconcile_notes(self, bot: str) -> list[tuple[int, str, dict[str, Any]]]:
        """(ts, event, detail) of every comparison note of ``bot``, oldest first."""
        with self._lock:
            rows = self.db.execute(
                "SELECT ts, event, detail FROM reconcile WHERE bot = ? ORDER BY rowid", (bot,)
            ).fetchall()
        return [(ts, event, json.loads(detail)) for ts, event, detail in rows]

    def save_state(self, bot: str, state: dict[str, Any], ts: int) -> None:
        with self._lock:
            self.db.execute(
                "INSERT INTO bot_state (bot, state, updated) VALUES (?,?,?)"
                " ON CONFLICT(bot) DO UPDATE SET state = excluded.state, updated = excluded.updated",
                (bot, json.dumps(state), ts),
            )

    def replay_began(self, bot: str, source: str, base_seq: int, ts: int = 0) -> None:
        """A bot's replay of ``source`` begins (or resumes at ``ts``): its mark is reset."""
        with self._lock:
            self.db.execute(
                "INSERT INTO replay_marks (bot, source, ts, base_seq) VALUES (?,?,?,?)"
                " ON CONFLICT(bot) DO UPDATE SET source = excluded.source, ts = excluded.ts,"
                " base_seq = excluded.base_seq",
                (bot, source, ts, base_seq),
            )

    def replay_reached(self, marks: dict[str, int]) -> None:
        """Bots' replays reached these market times (a mark never moves back)."""
        if marks:
            with self._lock:
                self.db.executemany(
                    "UPDATE replay_marks SET ts = MAX(ts, ?) WHERE bot = ?",
                    [(ts, bot) for bot, ts in marks.items()],
                )

    def replay_mark(self, bot: str) -> ReplayMark | None:
        with self._lock:
            row = self.db.execute(
                "SELECT source, ts, base_seq FROM replay_marks WHERE bot = ?", (bot,)
            ).fetchone()
        return None if row is None else ReplayMark(bot, row[0], int(row[1]), int(row[2]))

    def last_market_time(self, bot: str, after_seq: int = 0) -> int:
        """The latest market time the journal saw the bot trade at, over its orders after
        client sequence ``after_seq``: sent, changed, cancelled or filled (0 when none)."""
        with self._lock:
            row = self.db.execute(
                "SELECT MAX(MAX(o.ts, COALESCE(o.updated, 0))),"
                " (SELECT MAX(f.ts) FROM fills f JOIN orders p ON p.client_id = f.client_id"
                "  WHERE f.bot = ? AND p.seq > ?)"
                " FROM orders o WHERE o.bot = ? AND o.seq > ?",
                (bot, after_seq, bot, after_seq),
            ).fetchone()
        return max(int(row[0] or 0), int(row[1] or 0))

    # ------------------------------------------------------------------ reads
    def bot(self, bot: str) -> BotJournal:
        out = BotJournal(bot)
        with self._lock:
            rows = self.db.execute(
                "SELECT client_id, symbol, side, qty, type, limit_price, stop_price, tif,"
                " parent_id, oco_group, reason, role, grp, ts, status, filled, broker_id, seq"
                " FROM orders WHERE bot = ? ORDER BY seq",
                (bot,),
            ).fetchall()
            fills = self.db.execute(
                "SELECT fill_id, client_id, symbol, side, qty, price, commission, ts, reason,"
                " session FROM fills WHERE bot = ? ORDER BY ts, rowid",
                (bot,),
            ).fetchall()
            state = self.db.execute("SELECT state FROM bot_state WHERE bot = ?", (bot,)).fetchone()
        booked: dict[str, int] = {}  # per order, from its fills (a journal written before
        for r in fills:  # fills and their count were one transaction may lag behind them)
            booked[r[1]] = booked.get(r[1], 0) + r[4]
        for r in rows:
            order = Order(
                r[0],
                bot,
                r[1],
                Side(r[2]),
                r[3],
                OrderType(r[4]),
                r[5],
                r[6],
                TimeInForce(r[7]),
                r[8],
                r[9],
                r[10] or "",
                r[13],
            )
            out.orders.append(
                JournalOrder(
                    order,
                    r[11] or "",
                    r[12] or "",
                    OrderStatus(r[14]),
                    max(r[15], booked.get(r[0], 0)),
                    r[16] or "",
                )
            )
            out.last_seq = max(out.last_seq, r[17])
        for r in fills:
            out.fills.append(
                Fill(
                    r[1],
                    r[0],
                    r[2],
                    Side(r[3]),
                    r[4],
                    r[5],
                    r[7],
                    r[6],
                    bot,
                    reason=r[8] or "",
                    session=r[9],
                )
            )
        if state:
            out.state = json.loads(state[0])
        return out

    def bots(self) -> list[str]:
        with self._lock:
            return bot_names(self.db)

    def close(self) -> None:
        with self._lock:
            self.db.close()
