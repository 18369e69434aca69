"""An order's filled count comes from its fills: a kill -9 between the two never makes a
recovered order look unfilled (it would be handed to a fresh paper broker and fill again)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from runner.journal.store import Journal
from runner.model import Fill, Order, OrderStatus, OrderType, Side


def test_a_fill_and_its_orders_count_are_written_together(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    j = Journal(path)
    entry = Order("b-1", "b", "GCZ3", Side.BUY, 2, OrderType.MARKET, ts=60)
    j.order_sent(entry, "entry", "b-1", 1)
    assert j.fill(Fill("b-1", "X1", "GCZ3", Side.BUY, 1, 1300.0, 120, 2.5, "b"))
    assert not j.fill(Fill("b-1", "X1", "GCZ3", Side.BUY, 1, 1300.0, 120, 2.5, "b"))
    (jo,) = j.bot("b").orders
    assert jo.filled == 1
    assert not j.db.in_transaction
    j.close()


def test_a_journal_whose_count_lags_its_fills_reads_the_fills(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    j = Journal(path)
    entry = Order("b-1", "b", "GCZ3", Side.BUY, 1, OrderType.MARKET, ts=60)
    j.order_sent(entry, "entry", "b-1", 1)
    j.fill(Fill("b-1", "X1", "GCZ3", Side.BUY, 1, 1300.0, 120, 2.5, "b"))
    j.close()
    with closing(sqlite3.connect(path)) as db:  # as a release that wrote them apart left it
        db.execute("UPDATE orders SET filled = 0")
        db.commit()
    j = Journal(path)
    (jo,) = j.bot("b").orders
    assert jo.status is OrderStatus.PENDING_NEW and jo.filled == 1
    j.close()
