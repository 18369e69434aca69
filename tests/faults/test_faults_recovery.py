"""A runner killed between an entry's last fill and the broker's final report of it.

Found by the fault soak: the journal held every fill of the entry but not its "filled"
report, and the start after kill -9 saw the order no longer open at the broker and marked
it cancelled (filled 3 of 3, "not found at broker"). The broker's account says filled;
so must the journal. Real TLS to the local R|Protocol server, the real runtime.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from runner.config.project import load_project
from runner.journal.store import Journal
from runner.model import Fill, Order, OrderStatus, OrderUpdate, Side
from runner.plugins import registry
from runner.runtime.runtime import Runtime, StartOptions
from runner_plugins.rithmic.execution import RithmicBroker
from tests.faults.harness import PASSWORD, RithmicVenue
from tests.waiting import until


async def test_an_entry_filled_while_the_runner_was_dead_is_filled_not_cancelled(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("FAULT_USER", "trader")
    monkeypatch.setenv("FAULT_PASSWORD", PASSWORD)
    venue = RithmicVenue(trades_per_second=100)
    await venue.start(tmp_path)
    try:
        bot = venue.write_bot(tmp_path)
        symbol = venue.srv.front_month("GC")
        # the previous run: the entry reached the broker and filled; the process died after
        # journaling the fill and before the order's final report
        broker = RithmicBroker(
            RithmicBroker.Params(
                uri=venue.srv.uri,
                ca_file=str(venue.srv.ca_file),
                user="trader",
                password=PASSWORD,
                system_name="Rithmic Test",
            )
        )
        events: list[OrderUpdate | Fill] = []
        broker.sink = events.append
        await broker.connect()
        entry = Order("faulty-1", "faulty", symbol, Side.BUY, 1)
        journal = Journal(tmp_path / "logs" / "journal.sqlite")
        journal.start_run(0)
        journal.order_sent(entry, "entry", "faulty-1", 1)
        broker.submit(entry)
        await until(lambda: any(isinstance(e, Fill) for e in events), what="the entry's fill")
        [fill] = [e for e in events if isinstance(e, Fill)]
        fill.bot = "faulty"
        journal.fill(fill)
        journal.close()
        await broker.close()
        assert venue.account().positions == {symbol: 1}

        project = load_project([bot], base=tmp_path)
        assert not project.errors, [str(e) for e in project.errors]
        opts = StartOptions(live=True, log_dir=tmp_path / "logs", check_interval=0.2, quiet=True)
        runtime = Runtime(project, opts, registry())
        run = asyncio.create_task(runtime.run())
        try:
            await until(
                lambda: run.done() or runtime.journal.bot("faulty").orders[0].status.is_done,
                60,
                "the entry settled by the reconcile",
            )
            assert not run.done()
            [rec] = [
                o for o in runtime.journal.bot("faulty").orders if o.order.client_id == "faulty-1"
            ]
            assert rec.status is OrderStatus.FILLED and rec.filled == 1
        finally:
            runtime.request_stop("test over")
            await asyncio.wait_for(run, 60)
            runtime.journal.close()
        said = [
            json.loads(line)
            for f in (tmp_path / "logs").glob("*.jsonl")
            for line in f.read_text().splitlines()
        ]
        assert any(
            e["event"] == "reconcile"
            and e.get("client_id") == "faulty-1"
            and "filled" in e["difference"]
            for e in said
        ), said
    finally:
        await venue.stop()
