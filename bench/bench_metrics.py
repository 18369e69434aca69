"""Cost of a Prometheus scrape and of the event counters, at 8 and 200 bots.

A scrape runs the collector on the runner's event loop, so its time is time the bots wait;
the counters run on every event. Measures (one process, bots built, not running):
* scrape: ``generate_latest`` of the runtime's registry (all families, text format);
* counters: the event-sink listener on a mix of order, fill and other events.

Usage: python bench/bench_metrics.py [bots ...]
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from prometheus_client import generate_latest

from runner.config.project import load_project
from runner.events import Filled, OrderSent, Signal
from runner.plugins import registry
from runner.runtime.runtime import Runtime, StartOptions
from runner.telemetry.counters import EventCounters
from runner.telemetry.prometheus import metrics_registry

REPO = Path(__file__).resolve().parents[1]
ROOTS = ("GC", "CL", "ES", "NG", "ZN", "6E", "6J", "MGC", "MES", "MCL")
BOT = """\
schema_version: 1
name: {name}
mode: paper
instruments:
  main: {{root: {root}}}
bar_size: 1m
timezone: America/New_York
feed: replay
broker: paper
indicators:
  fast: {{use: sma, period: 3}}
  slow: {{use: sma, period: 8}}
signals:
  - use: rule
    long: "cross_above(fast, slow)"
    short: "cross_below(fast, slow)"
"""


def scrape_ms(n_bots: int, rounds: int = 50) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        shutil.copytree(REPO / "schedules", base / "schedules")
        (base / "strategies.d").mkdir()
        for i in range(n_bots):
            name = f"b{i:03d}"
            text = BOT.format(name=name, root=ROOTS[i % len(ROOTS)])
            (base / "strategies.d" / f"{name}.yaml").write_text(text)
        project = load_project([base / "strategies.d"], base=base)
        runtime = Runtime(project, StartOptions(log_dir=base / "logs", speed=0), registry())
        runtime.build()
        reg = metrics_registry(runtime)
        size = len(generate_latest(reg))
        times = []
        for _ in range(rounds):
            t = time.perf_counter()
            generate_latest(reg)
            times.append(time.perf_counter() - t)
        runtime.journal.close()
    return statistics.median(times) * 1000, size


def counter_ns(n: int = 200_000) -> float:
    counters = EventCounters()
    fill = Filled(
        bot="b", ts=1, client_id="c", symbol="GCZ3", side="BUY", qty=1, price=1.0,
        position=1, role="entry", commission=0.0,
    )  # fmt: skip
    sent = OrderSent(
        bot="b", ts=1, client_id="c", symbol="GCZ3", side="BUY", qty=1, type="MARKET",
        limit=None, stop=None, reason="r",
    )  # fmt: skip
    other = Signal(bot="b", ts=1, symbol="GCZ3", direction="long", confidence=1, reason="", price=1)
    events = [fill, sent, other, other] * (n // 4)
    t = time.perf_counter()
    for e in events:
        counters(e)
    return (time.perf_counter() - t) / len(events) * 1e9


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [8, 200]
    for n in sizes:
        ms, size = scrape_ms(n)
        print(f"scrape, {n} bots: {ms:.2f} ms median, {size / 1024:.1f} KiB of text")
    print(f"event counters: {counter_ns():.0f} ns per event")


if __name__ == "__main__":
    main()
