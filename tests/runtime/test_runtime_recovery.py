"""Recovery from a journal written by an earlier run on a different contract month."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from runtime_support import events, positions, run_in_process, write_bot

from runner.journal.store import Journal
from runner.model import Fill, Order, OrderStatus, OrderType, OrderUpdate, Side
from runner.plugins import registry

OLD = "GCQ3"  # the August contract: a run before the roll traded it, this replay trades GCV3


def test_journal_of_a_rolled_contract_is_reported_not_fatal(project_dir: Path) -> None:
    bot = write_bot(project_dir, "roller")
    logs = project_dir / "logs"
    j = Journal(logs / "journal.sqlite")
    j.start_run(1)  # a run that never ended: a crash
    entry = Order("roller-1", "roller", OLD, Side.BUY, 1, OrderType.MARKET, ts=10, reason="entry")
    stop = Order(
        "roller-2",
        "roller",
        OLD,
        Side.SELL,
        1,
        OrderType.STOP,
        stop_price=1200.0,
        ts=10,
        reason="stop",
    )
    j.order_sent(entry, "entry", "roller-1", 2)
    j.order_sent(stop, "stop", "roller-1", 2)
    j.order_update(OrderUpdate("roller-1", OrderStatus.FILLED, 11))
    j.order_update(OrderUpdate("roller-2", OrderStatus.ACCEPTED, 11))
    j.fill(Fill("roller-1", "X1.1", OLD, Side.BUY, 1, 1300.0, 11, 2.5, "roller"))
    j.close()

    rt = run_in_process(project_dir, [bot], logs, registry())

    (rec,) = events(logs, "system", "recovered")
    assert rec["positions"] == {OLD: 1}
    notes = [e for e in events(logs, "orders", "reconcile") if e.get("symbol") == OLD]
    assert notes, "the old contract's position and order were not reported"
    assert any("roller-2" == e.get("client_id") for e in notes)
    # the bot traded the current contract as usual, and its own ids continued after 2
    assert rt.supervisor.slots["roller"].state == "stopped"
    # (from the journal: memory forgets finished orders after a day of market time)
    db = sqlite3.connect(logs / "journal.sqlite")
    ids = [r[0] for r in db.execute("SELECT client_id FROM orders WHERE bot = 'roller'")]
    db.close()
    assert "roller-3" in ids and len(ids) > 20
    # the old contract's position is left to the trader, never closed blindly
    assert positions(logs) == {("roller", OLD): 1}
