"""A runner left up for months keeps bounded memory; the journal keeps everything."""

from __future__ import annotations

import asyncio
from pathlib import Path

from runner.config.project import load_project
from runner.engine.bot import OrderRecord
from runner.model import MINUTE_NS, NS, Order, OrderStatus, Side
from runner.plugins import registry
from runner.runtime import heartbeat as heartbeat_module
from runner.runtime.runtime import Runtime, StartOptions

ROOT = Path(__file__).resolve().parents[2]


def test_equity_tail_in_memory_whole_curve_in_the_journal(tmp_path, monkeypatch):
    monkeypatch.setattr(heartbeat_module, "EQUITY_IN_MEMORY", 10)
    project = load_project(
        [ROOT / "strategies.d" / "gold_rsi_bb.yaml", ROOT / "schedules"], base=tmp_path
    )

    async def main():
        rt = Runtime(project, StartOptions(log_dir=tmp_path / "logs"), registry())
        rt.journal.start_run(0)
        rt.build()
        runner = rt.supervisor.slots["gold_rsi_bb"].runner
        curve = runner.portfolio.equity_curve
        points = [(i * MINUTE_NS, 100_000.0 + i) for i in range(1, 51)]
        curve.extend(points)
        rt.heartbeat.save_equity()
        assert len(curve) <= 10 and curve[-1] == points[-1]
        curve.append((51 * MINUTE_NS, 100_051.0))
        rt.heartbeat.save_equity(final=True)
        assert rt.session_curves()["gold_rsi_bb"] == [*points, (51 * MINUTE_NS, 100_051.0)]
        rt.journal.close()

    asyncio.run(main())


def test_finished_orders_older_than_a_day_leave_memory(tmp_path):
    project = load_project(
        [ROOT / "strategies.d" / "gold_rsi_bb.yaml", ROOT / "schedules"], base=tmp_path
    )

    async def main():
        rt = Runtime(project, StartOptions(log_dir=tmp_path / "logs"), registry())
        rt.build()
        runner = rt.supervisor.slots["gold_rsi_bb"].runner
        day = 86_400 * NS
        for i, (ts, status) in enumerate(
            [(0, OrderStatus.FILLED), (0, OrderStatus.ACCEPTED), (2 * day, OrderStatus.FILLED)]
        ):
            order = Order(f"o{i}", runner.name, "GCZ3", Side.BUY, 1, ts=ts)
            runner.orders[order.client_id] = OrderRecord(order, status)
        order = Order("o3", runner.name, "GCZ3", Side.BUY, 1, ts=0)
        runner.orders["o3"] = OrderRecord(order, OrderStatus.FILLED)
        runner.trade.entry_ids = ["o3"]  # the open trade's entry, filled long ago
        runner.prune(day)
        # the old working order and the open trade's entry stay
        assert sorted(runner.orders) == ["o1", "o2", "o3"]
        rt.journal.close()

    asyncio.run(main())
