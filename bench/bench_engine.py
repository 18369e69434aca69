"""The gold bot's backtest beside a bare loop, and its peak memory by number of bars.

    python bench/bench_engine.py [--bars 1000000] [--memory 200000,1000000,5000000]
                                 [--repeat 3] [--incremental]

The bot is strategies.d/gold_rsi_bb.yaml without its bond filter (RSI(14) + BB(20, 2) +
ATR(14), band/stop/target exits, risk sizing, the COMEX day window). The bars are the
bundled GC week (6,687 one-minute bars of 2013-10-07) repeated back to back, each copy
shifted by whole weeks, so sessions, windows and trading days stay real; the CSV is
written once per size into a temporary folder.

From one run it prints:

* engine only (bars already in memory; best of ``--repeat``, interleaved): the runner
  (whole-history indicators, ``Engine.run``, metrics) and the plain loop of
  ``bench/plain_loop.py`` (TA-Lib, a pandas calendar, the loop), in bars per second of
  CPU time and of wall time, and their ratio (goal >= 0.25);
* whole process: ``runner backtest gold.yaml --data DIR`` and ``python
  bench/plain_loop.py GC.csv`` as child processes, CPU and wall, and their ratio;
* peak RSS (``ru_maxrss`` of a child ``runner backtest`` per size);
* whether the two trade lists are equal, or where and why they part;
* with ``--incremental``, the runner once more with bar-by-bar indicators (the live
  path), and whether its trades equal the batch path's.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import engine_only  # noqa: E402
import plain_loop  # noqa: E402

from runner.model import to_datetime  # noqa: E402
from runner_plugins.feeds import bundled  # noqa: E402
from runner_plugins.feeds.replay import load_bars  # noqa: E402
from tests.correctness.test_gold_reference import gold_without_bond_filter  # noqa: E402

START = date(2013, 10, 7)


def write_bars(n: int, folder: Path) -> Path:
    """``n`` bars: the GC week again and again, each copy a whole number of weeks later."""
    week = pd.read_csv(bundled.DATA_DIR / "GC.csv.gz")
    stamps = pd.to_datetime(week["timestamp"], utc=True)
    path = folder / "GC.csv"
    written = 0
    with path.open("w") as out:
        out.write(",".join(week.columns) + "\n")
        k = 0
        while written < n:
            copy = week.iloc[: n - written].copy()
            copy["timestamp"] = (stamps[: len(copy)] + pd.Timedelta(weeks=k)).dt.strftime(
                "%Y-%m-%dT%H:%M:%S+00:00"
            )
            copy.to_csv(out, header=False, index=False)
            written += len(copy)
            k += 1
    gold_without_bond_filter(folder)  # gold.yaml beside the data
    shutil.copytree(ROOT / "schedules", folder / "schedules", dirs_exist_ok=True)
    return path


def child(cmd: list[str], cwd: Path) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of one child process, and its output.

    Measured by ``/usr/bin/time``: a child forked from this (large) process would report
    this process's resident set as its own peak.
    """
    stats = cwd / "time.txt"
    timed = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", str(stats), *cmd]
    proc = subprocess.run(timed, cwd=cwd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stdout}\n{proc.stderr}")
    wall, user, system, kib = stats.read_text().split()[-4:]
    return float(wall), float(user) + float(system), int(kib) / 1024, proc.stdout


def interleaved(fns: list[Callable[[], Any]], repeat: int) -> list[tuple[float, float, Any]]:
    """Each function ``repeat`` times, taking turns; per function the fastest CPU and wall
    seconds and its last result."""
    out: list[tuple[float, float, Any]] = [(float("inf"), float("inf"), None) for _ in fns]
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            c0, w0 = time.process_time(), time.perf_counter()
            result = fn()
            cpu, wall = time.process_time() - c0, time.perf_counter() - w0
            out[i] = (min(out[i][0], cpu), min(out[i][1], wall), result)
    return out


def engine_section(path: Path, repeat: int, incremental: bool) -> int:
    """The engine-only table; returns the number of bars."""
    folder = path.parent
    project = engine_only.gold_bot(folder / "gold.yaml", folder)
    bars = load_bars(path, symbol=engine_only.symbol_of(project, START))
    cols = plain_loop.read_csv(str(path))
    arrays = {
        "end": cols.ts + plain_loop.MINUTE_NS,
        "open": cols.open,
        "high": cols.high,
        "low": cols.low,
        "close": cols.close,
        "volume": pd.read_csv(path, usecols=["volume"])["volume"].to_numpy(float),
    }
    n = len(bars)
    (p_cpu, p_wall, plain), (r_cpu, r_wall, run) = interleaved(
        [
            lambda: plain_loop.run(cols),
            lambda: engine_only.run_engine(project, bars, arrays, START),
        ],
        repeat,
    )
    print(f"\n## engine only, {n:,} bars in memory (best of {repeat}, interleaved)")
    print("| what | CPU bars/s | wall bars/s |\n|---|---|---|")
    print(
        f"| runner (batch indicators + Engine.run + metrics) | {n / r_cpu:,.0f} "
        f"| {n / r_wall:,.0f} |"
    )
    print(f"| of which Engine.run (the last repeat) | {n / run.run_seconds:,.0f} | - |")
    print(f"| plain loop (TA-Lib + calendar + loop) | {n / p_cpu:,.0f} | {n / p_wall:,.0f} |")
    print(
        f"| **ratio runner / plain** (goal >= 0.25) | **{p_cpu / r_cpu:.3f}** "
        f"| **{p_wall / r_wall:.3f}** |"
    )
    print(f"\ntrade lists (runner vs plain loop): {compare(run.trades, plain)}")
    if incremental:
        inc = engine_only.run_engine(project, bars, arrays, START, batch=False)
        same = [key(t) for t in inc.trades] == [key(t) for t in run.trades]
        print(
            f"incremental indicators: {n / inc.seconds:,.0f} bars/s CPU, "
            f"trades {'equal to' if same else 'DIFFERENT from'} the batch path's"
        )
    return n


def key(t: Any) -> tuple[int, int, int, float, int, float]:
    side = int(t.side)  # Side.BUY is 1 and SELL -1, as the plain loop's sides
    return (side, t.qty, t.entry_ts, t.entry_price, t.exit_ts, t.exit_price)


def compare(runner_trades: list[Any], plain_trades: list[Any]) -> str:
    a = [key(t) for t in runner_trades]
    b = [key(t) for t in plain_trades]
    if a == b:
        return f"equal: {len(a)} trades, trade by trade"
    i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    at = to_datetime(min(a[i][2] if i < len(a) else 2**62, b[i][2] if i < len(b) else 2**62))
    return (
        f"{len(a)} vs {len(b)} trades; equal up to trade {i}, which opens on "
        f"{at:%Y-%m-%d %a} (UTC) in one of them"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--bars", type=int, default=1_000_000)
    ap.add_argument("--memory", default="200000,1000000,5000000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--incremental", action="store_true")
    a = ap.parse_args()
    py = sys.executable
    print(f"python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench_engine_") as tmp:
        folder = Path(tmp) / "speed"
        folder.mkdir()
        path = write_bars(a.bars, folder)
        n = engine_section(path, a.repeat, a.incremental)

        print(f"\n## whole process, {n:,} bars from a CSV file (one run each)")
        rw, rc, rm, _ = child([py, "-m", "runner", "backtest", "gold.yaml", "--data", "."], folder)
        pw, pc, pm, _ = child([py, str(ROOT / "bench" / "plain_loop.py"), str(path)], folder)
        print("| what | CPU s | wall s | bars/s (CPU) | peak RSS MiB |\n|---|---|---|---|---|")
        print(f"| `runner backtest` | {rc:.2f} | {rw:.2f} | {n / rc:,.0f} | {rm:,.0f} |")
        print(f"| `plain_loop.py` | {pc:.2f} | {pw:.2f} | {n / pc:,.0f} | {pm:,.0f} |")
        print(
            f"| **ratio runner / plain** | **{pc / rc:.3f}** (CPU) | **{pw / rw:.3f}** (wall) | | |"
        )
        shutil.rmtree(folder)

        print("\n## peak memory of `runner backtest` by number of bars")
        print("| bars | wall s | CPU s | peak RSS MiB |\n|---|---|---|---|")
        for size in [int(s) for s in a.memory.split(",") if s]:
            sub = Path(tmp) / f"m{size}"
            sub.mkdir()
            write_bars(size, sub)
            w, c, m, _ = child([py, "-m", "runner", "backtest", "gold.yaml", "--data", "."], sub)
            print(f"| {size:,} | {w:.1f} | {c:.1f} | {m:,.0f} |", flush=True)
            shutil.rmtree(sub)
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n(this process peaked at {me:,.0f} MiB; load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
