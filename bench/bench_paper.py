"""Speed of the paper matching engine and the portfolio on a 1,000,000-bar backtest.

Run: python bench/bench_paper.py [bars]

Bars are made in chunks from numpy arrays so that memory stays flat; only the time spent
processing them is counted.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator

import numpy as np

from runner.model import MINUTE_NS, Bar, Fill, Order, OrderType, Side
from runner.model.instrument import ContractSpec
from runner.portfolio import Portfolio, compute_metrics
from runner_plugins.paper.matching import MatchingEngine

GC = ContractSpec("GC", "Gold", "COMEX", "USD", 0.1, 100.0, "COMEX", "America/New_York")
T0 = 1_700_000_000 * 1_000_000_000
CHUNK = 10_000


def bars(n: int, seed: int = 1) -> Iterator[list[Bar]]:
    """A random walk on the tick grid, one-minute bars."""
    rng = np.random.default_rng(seed)
    price = 20000 + np.cumsum(rng.integers(-8, 9, n))  # closes, in ticks
    op = np.concatenate(([20000], price[:-1])) + rng.integers(-2, 3, n)
    hi = np.maximum(op, price) + rng.integers(0, 6, n)
    lo = np.minimum(op, price) - rng.integers(0, 6, n)
    for a in range(0, n, CHUNK):
        b = min(n, a + CHUNK)
        yield [
            Bar(
                "GCZ6",
                T0 + i * MINUTE_NS,
                T0 + (i + 1) * MINUTE_NS,
                o / 10,
                h / 10,
                lo_ / 10,
                c / 10,
                100.0,
            )
            for i, o, h, lo_, c in zip(
                range(a, b),
                op[a:b].tolist(),
                hi[a:b].tolist(),
                lo[a:b].tolist(),
                price[a:b].tolist(),
                strict=True,
            )
        ]


def timed(label: str, n: int, body: Callable[[list[Bar]], None]) -> float:
    total = 0.0
    for chunk in bars(n):
        start = time.process_time()
        body(chunk)
        total += time.process_time() - start
    print(f"{label:<48} {total:8.2f} s  {total / n * 1e9:8.0f} ns/bar")
    return total


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    idle = MatchingEngine(lambda s: GC, slippage_ticks=1, commission_per_contract=2.5)

    def run_idle(chunk: list[Bar]) -> None:
        on_bar = idle.on_bar
        for b in chunk:
            on_bar(b)

    timed("matching, nothing working", n, run_idle)

    held = Portfolio("bench", 100_000.0, lambda s: GC)
    held.on_fill(Fill("x", "x.1", "GCZ6", Side.BUY, 2, 2000.0, T0))

    def run_book(chunk: list[Bar]) -> None:
        mark, record = held.mark, held.record
        for b in chunk:
            mark(b.symbol, b.close)
            record(b.end)

    timed("portfolio mark + record, one position open", n, run_book)

    busy = MatchingEngine(lambda s: GC, slippage_ticks=1, commission_per_contract=2.5)
    pf = Portfolio("bench", 100_000.0, lambda s: GC)
    state = {"seq": 0, "position": 0, "working": 0}

    def run_busy(chunk: list[Bar]) -> None:
        on_bar = busy.on_bar
        for b in chunk:
            for ev in on_bar(b):
                if isinstance(ev, Fill):
                    pf.on_fill(ev)
                    state["position"] += int(ev.side) * ev.qty
                elif ev.status.is_done:
                    state["working"] -= 1
            pf.mark(b.symbol, b.close)
            pf.record(b.end)
            if state["position"] == 0 and state["working"] == 0:
                state["seq"] += 1
                k = state["seq"]
                side = Side.BUY if k % 2 else Side.SELL
                stop = round(b.close - side * 2.0, 1)
                target = round(b.close + side * 2.0, 1)
                for o in (
                    Order(f"e{k}", "bench", "GCZ6", side, 1, reason="entry"),
                    Order(
                        f"s{k}",
                        "bench",
                        "GCZ6",
                        side.opposite,
                        1,
                        OrderType.STOP,
                        stop_price=stop,
                        parent_id=f"e{k}",
                        oco_group=f"o{k}",
                        reason="stop",
                    ),
                    Order(
                        f"t{k}",
                        "bench",
                        "GCZ6",
                        side.opposite,
                        1,
                        OrderType.LIMIT,
                        limit_price=target,
                        parent_id=f"e{k}",
                        oco_group=f"o{k}",
                        reason="target",
                    ),
                ):
                    busy.submit(o, b.end)
                state["working"] += 3

    timed("matching + portfolio, a bracket always working", n, run_busy)
    print(f"{'':<48} {len(pf.trades)} round trips, {len(pf.equity_curve)} curve points")

    start = time.process_time()
    m = compute_metrics(pf.trades, pf.equity_curve, pf.capital)
    took = time.process_time() - start
    print(f"{'compute_metrics over that run':<48} {took:8.2f} s  ({m.trades} trades)")


if __name__ == "__main__":
    main()
