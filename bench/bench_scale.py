"""100 bots in one ``runner start`` on the bundled replay: throughput, memory, heartbeat.

Run: python bench/bench_scale.py [--bots 100] [--paced-seconds 30]

Generates the bot files in a temporary folder (ten instruments, ten bots each, with
crossover, RSI/Bollinger and EMA rules of varying periods and brackets of varying width),
then runs the real Runtime (journal, JSON-lines logs, supervision, heartbeat, paper
brokers) three times, each in a fresh process:

* ``throughput``: the replay as fast as the engine takes it (speed 0); bars per second
  through the engine, counted per bot, and whether every bot processed every bar of its
  instruments (a starved or failed bot would show fewer);
* ``paced``: a replay paced at 1500 market seconds per second, as a live feed would be but
  busier, for ``--paced-seconds``; the status heartbeat's delay (``Runtime.heartbeat_delays``);
* ``one bot``: the same run with a single bot, so that memory per bot is the RSS growth of
  the 100-bot run over the 1-bot run, divided by 99 (fixed costs such as the replay data
  and the imported libraries cancel out).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
ROOTS = ("GC", "CL", "ES", "NG", "ZN", "6E", "6J", "MGC", "MES", "MCL")
PACED_SPEED = 1500.0


def bot_document(i: int) -> str:
    """Bot number ``i``: its instrument, rule and bracket vary with ``i``."""
    root = ROOTS[i % len(ROOTS)]
    style = (i // len(ROOTS)) % 3
    stop, target = 8 + 2 * (i % 7), 16 + 3 * (i % 5)
    if style == 0:
        fast, slow = 3 + i % 6, 12 + i % 17
        indicators = [f"fast: {{use: sma, period: {fast}}}", f"slow: {{use: sma, period: {slow}}}"]
        long, short = "cross_above(fast, slow)", "cross_below(fast, slow)"
    elif style == 1:
        period = 10 + i % 9
        indicators = [
            f"rsi: {{use: rsi, period: {period}}}",
            f"bb: {{use: bbands, period: {15 + i % 11}, nbdev_up: 2.0, nbdev_dn: 2.0}}",
        ]
        long, short = "rsi < 35 and close < bb.lower", "rsi > 65 and close > bb.upper"
    else:
        fast, slow = 5 + i % 4, 20 + i % 13
        indicators = [f"fast: {{use: ema, period: {fast}}}", f"slow: {{use: ema, period: {slow}}}"]
        long, short = "cross_above(fast, slow)", "cross_below(fast, slow)"
    ind = "\n".join(f"  {line}" for line in indicators)
    return f"""schema_version: 1
name: bot{i:03d}_{root.lower()}
mode: paper
instruments:
  main: {{root: {root}}}
bar_size: 1m
timezone: America/New_York
feed: replay
broker: paper
indicators:
{ind}
signals:
  - use: rule
    long: "{long}"
    short: "{short}"
exits:
  - {{use: stop_target, stop: {{ticks: {stop}}}, target: {{ticks: {target}}}}}
sizing: {{use: fixed, contracts: 1}}
risk:
  max_position: 2
  max_daily_loss: 1000000
  max_orders_per_minute: 30
capital: 100000
on_stop: flatten
"""


def child(bots: int, speed: float, seconds: float, interval: float) -> dict[str, Any]:
    """One runner with ``bots`` bots in this process; returns the measurements."""
    import psutil

    from runner.config.project import load_project
    from runner.plugins import registry
    from runner.runtime.runtime import Runtime, StartOptions

    proc = psutil.Process()
    work = Path(tempfile.mkdtemp(prefix="bench_scale_"))
    try:
        shutil.copytree(REPO / "schedules", work / "schedules")
        folder = work / "strategies.d"
        folder.mkdir()
        for i in range(bots):
            (folder / f"bot{i:03d}.yaml").write_text(bot_document(i))
        reg = registry()
        import runner_plugins.feeds.replay  # noqa: F401  (imports counted as fixed cost)

        rss_start = proc.memory_info().rss
        project = load_project([folder, work / "schedules"], registry=reg, base=work)
        if project.errors:
            raise SystemExit("\n".join(str(e) for e in project.errors))
        peak = [proc.memory_info().rss]
        feed_bars: Counter[str] = Counter()
        bot_bars: Counter[str] = Counter()
        clock = {"first": 0.0, "last": 0.0}

        class Measured(Runtime):
            def _attach(self) -> None:
                super()._attach()
                for slot in self.supervisor.slots.values():
                    runner = slot.runner
                    take = runner.on_bar

                    def counted(bar: Any, _take: Any = take, _name: str = runner.name) -> bool:
                        bot_bars[_name] += 1
                        return _take(bar)

                    runner.on_bar = counted  # type: ignore[method-assign]
                bar = self.market.bar

                def timed(event: Any) -> None:
                    now = time.perf_counter()
                    if not clock["first"]:
                        clock["first"] = now
                    clock["last"] = now
                    feed_bars[event.symbol] += 1
                    bar(event)

                self.market.bar = timed  # type: ignore[method-assign]

        opts = StartOptions(log_dir=work / "logs", speed=speed, check_interval=interval, quiet=True)
        rt = Measured(project, opts, reg)
        rt.status_listeners.append(lambda _st: peak.append(proc.memory_info().rss))

        async def main() -> None:
            task = asyncio.create_task(rt.run())
            if seconds:
                done, _ = await asyncio.wait({task}, timeout=seconds)
                if not done:
                    rt.request_stop("benchmark time is up")
            await task

        wall = time.perf_counter()
        asyncio.run(main())
        wall = time.perf_counter() - wall
        peak.append(proc.memory_info().rss)

        slots = rt.supervisor.slots.values()
        starved = []
        for slot in slots:
            want = sum(feed_bars[s] for s in slot.runner.by_symbol)
            got = bot_bars[slot.runner.name]
            if got != want or slot.state not in ("running", "stopped"):
                starved.append((slot.runner.name, got, want, slot.state))
        delays = sorted(rt.heartbeat_delays)
        span = clock["last"] - clock["first"]
        fills = rt.journal.db.execute("SELECT COUNT(*) FROM fills").fetchone()[0]
        orders = rt.journal.db.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
        return {
            "bots": bots,
            "speed": speed,
            "wall_s": wall,
            "bar_span_s": span,
            "feed_bars": sum(feed_bars.values()),
            "bot_bars": sum(bot_bars.values()),
            "bot_bars_per_s": sum(bot_bars.values()) / span if span else 0.0,
            "feed_bars_per_s": sum(feed_bars.values()) / span if span else 0.0,
            "orders": orders,
            "fills": fills,
            "starved": starved,
            "rss_start": rss_start,
            "rss_peak": max(peak),
            "heartbeats": len(delays),
            "delay_p50_ms": 1000 * statistics.median(delays) if delays else None,
            "delay_p99_ms": 1000 * delays[int(0.99 * (len(delays) - 1))] if delays else None,
            "delay_max_ms": 1000 * delays[-1] if delays else None,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_child(bots: int, speed: float, seconds: float, interval: float) -> dict[str, Any]:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            "--bots",
            str(bots),
            "--speed",
            str(speed),
            "--seconds",
            str(seconds),
            "--interval",
            str(interval),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bots", type=int, default=100)
    ap.add_argument("--paced-seconds", type=float, default=30.0)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--speed", type=float, default=0.0, help=argparse.SUPPRESS)
    ap.add_argument("--seconds", type=float, default=0.0, help=argparse.SUPPRESS)
    ap.add_argument("--interval", type=float, default=1.0, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(a.bots, a.speed, a.seconds, a.interval)))
        return

    mb = 1024 * 1024
    fast = run_child(a.bots, 0.0, 0.0, 1.0)
    print(f"throughput: {a.bots} bots, replay at full speed (speed 0)")
    print(
        f"  {fast['feed_bars']:,} market bars in {fast['bar_span_s']:.1f} s = "
        f"{fast['feed_bars_per_s']:,.0f} market bars/s; {fast['bot_bars']:,} bot-bars = "
        f"{fast['bot_bars_per_s']:,.0f} bars/s through the engine"
    )
    print(f"  {fast['orders']:,} orders, {fast['fills']:,} fills journaled")
    print(
        f"  heartbeat (1 s) with the loop saturated: p50 {fast['delay_p50_ms']:.1f} ms, "
        f"max {fast['delay_max_ms']:.1f} ms over {fast['heartbeats']} beats"
    )
    starved = fast["starved"]
    print(
        "  every bot processed every bar of its instruments"
        if not starved
        else f"  STARVED or failed: {starved}"
    )

    paced = run_child(a.bots, PACED_SPEED, a.paced_seconds, 0.5)
    print(f"paced: {a.bots} bots, replay at {PACED_SPEED:.0f}x for {a.paced_seconds:.0f} s")
    print(
        f"  {paced['feed_bars_per_s']:,.0f} market bars/s, {paced['bot_bars_per_s']:,.0f} "
        f"bot-bars/s; heartbeat (0.5 s) delay p50 {paced['delay_p50_ms']:.1f} ms, "
        f"p99 {paced['delay_p99_ms']:.1f} ms, max {paced['delay_max_ms']:.1f} ms "
        f"over {paced['heartbeats']} beats"
    )
    print("  " + ("no bot starved" if not paced["starved"] else f"STARVED: {paced['starved']}"))

    one = run_child(1, 0.0, 0.0, 1.0)
    grow_many = fast["rss_peak"] - fast["rss_start"]
    grow_one = one["rss_peak"] - one["rss_start"]
    per_bot = (fast["rss_peak"] - one["rss_peak"]) / max(1, a.bots - 1)
    print("memory (RSS)")
    print(
        f"  1 bot: peak {one['rss_peak'] / mb:.0f} MiB (+{grow_one / mb:.0f} MiB over imports); "
        f"{a.bots} bots: peak {fast['rss_peak'] / mb:.0f} MiB (+{grow_many / mb:.0f} MiB)"
    )
    print(f"  per bot: {per_bot / mb:.2f} MiB ((peak {a.bots} - peak 1) / {a.bots - 1})")


if __name__ == "__main__":
    main()
