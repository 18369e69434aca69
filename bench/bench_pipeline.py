"""The gold bot through the whole pipeline on 1,000,000 one-minute bars, next to the plain
reference loop (TA-Lib arrays + a Python loop, tests/correctness/reference_gold.py) on the
same bars in the same run.

    python bench/bench_pipeline.py [--bars 1000000]

The bars are the real GC week repeated back to back (each copy shifted by whole weeks, so
sessions, windows and trading days stay real). Both sides read the same CSV file; the
runner's time includes loading it, the reference's includes its TA-Lib calls. Peak memory
is the process's maximum resident set size after each side.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from runner.config.project import load_project  # noqa: E402
from runner.engine.backtest import run_backtest  # noqa: E402
from runner.plugins import registry  # noqa: E402
from runner_plugins.feeds import bundled  # noqa: E402
from tests.correctness import reference_gold  # noqa: E402
from tests.correctness.test_gold_reference import gold_without_bond_filter  # noqa: E402

WEEK_NS = 7 * 86400 * 10**9


def make_bars(n: int, folder: Path) -> Path:
    week = pd.read_csv(bundled.DATA_DIR / "GC.csv.gz")
    ts = pd.to_datetime(week["timestamp"], utc=True)
    copies = -(-n // len(week))
    frames = []
    for k in range(copies):
        f = week.copy()
        f["timestamp"] = (ts + pd.Timedelta(weeks=k)).dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        frames.append(f)
    bars = pd.concat(frames, ignore_index=True).iloc[:n]
    path = folder / "GC.csv"
    bars.to_csv(path, index=False)
    return path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bars", type=int, default=1_000_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        path = make_bars(args.bars, folder)
        print(f"wrote {args.bars:,} bars in {time.perf_counter() - t0:.1f}s")

        project = load_project([gold_without_bond_filter(folder), ROOT / "schedules"], base=folder)
        assert not project.errors, project.errors
        gc.collect()
        before = peak_mb()
        t0 = time.perf_counter()
        result = run_backtest(
            project.bots, registry(), data=folder, schedules=project.schedules, keep_events=False
        )
        runner_s = time.perf_counter() - t0
        runner_peak = peak_mb()
        trades = len(result.bots[0].trades)

        t0 = time.perf_counter()
        df = reference_gold.load(str(path))
        ref_trades = reference_gold.run(df)
        ref_s = time.perf_counter() - t0

    n = result.bars
    print(
        f"runner   : {n:,} bars in {runner_s:6.2f}s = {n / runner_s:10,.0f} bars/s, "
        f"{trades} trades, peak RSS {runner_peak:,.0f} MB (was {before:,.0f} MB)"
    )
    print(
        f"reference: {n:,} bars in {ref_s:6.2f}s = {n / ref_s:10,.0f} bars/s, "
        f"{len(ref_trades)} trades"
    )
    print(f"runner speed / reference speed = {ref_s / runner_s:.2f} (goal >= 0.25)")
    same = [(t.entry_ts, t.exit_ts) for t in result.bots[0].trades] == [
        (t.entry_ts, t.exit_ts) for t in ref_trades
    ]
    print(f"identical trade lists: {same}")


if __name__ == "__main__":
    main()
