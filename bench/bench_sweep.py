"""Trials per minute of a 200-point grid sweep of the gold bot, on 1 and 2 local worker
processes and on a 2-CPU Ray cluster started here, and the scaling ratio.

    python bench/bench_sweep.py [--bars 1000000] [--trials 200] [--skip-ray]

The bars are the real GC and ZN weeks repeated back to back (each copy shifted by whole
weeks, as in bench_pipeline.py), written once to a temporary data folder that the sweep
names in ``data.dir``. The grid is 20 RSI periods x 10 stop widths = 200 points; with
``--trials`` below 200 the seeded grid sampler runs that many of them. Each executor runs
the same study from scratch into its own SQLite file; the time is the ask/run/tell loop
(the worker pool or cluster is started before the clock starts; for Ray, putting the data
into the object store is timed apart). The three runs must agree trial by trial.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from runner.sweep.local import LocalExecutor  # noqa: E402
from runner.sweep.model import load_sweep  # noqa: E402
from runner.sweep.session import SweepRun  # noqa: E402
from runner.sweep.study import run_study, total_trials  # noqa: E402
from runner_plugins.feeds import bundled  # noqa: E402

BOT = ROOT / "strategies.d" / "gold_rsi_bb.yaml"


def repeat_week(root: str, n: int, folder: Path) -> tuple[str, str]:
    week = pd.read_csv(bundled.DATA_DIR / f"{root}.csv.gz")
    ts = pd.to_datetime(week["timestamp"], utc=True)
    frames = []
    for k in range(-(-n // len(week))):
        f = week.copy()
        f["timestamp"] = (ts + pd.Timedelta(weeks=k)).dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        frames.append(f)
    bars = pd.concat(frames, ignore_index=True).iloc[:n]
    bars.to_csv(folder / f"{root}.csv", index=False)
    return bars["timestamp"].iloc[0][:10], bars["timestamp"].iloc[-1][:10]


def sweep_text(data: Path, first: str, last: str, trials: int) -> str:
    return f"""\
bot: {BOT}
parameters:
  indicators.rsi.period: {{int: [7, 26]}}
  exits[0].stop.atr: {{float: [1.0, 3.25], step: 0.25}}
method: grid
trials: {trials}
seed: 1
batch: 8
objective: {{metric: total_pnl, min_trades: 1}}
data: {{from: {first}, to: {last}, dir: {data}}}
"""


def timed(executor: Any, loaded: Any, storage: str) -> tuple[float, list[Any]]:
    run = SweepRun(loaded, storage, resume=False, overwrite=True)
    started = time.perf_counter()
    try:
        run_study(run.study, loaded, executor, run.make, lambda _: None)
    finally:
        elapsed = time.perf_counter() - started
        executor.close()
    return elapsed, [(t.number, t.params, t.value) for t in run.study.trials]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bars", type=int, default=1_000_000, help="bars per instrument")
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--skip-ray", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = folder / "data"
        data.mkdir()
        first, last = repeat_week("GC", args.bars, data)
        repeat_week("ZN", args.bars, data)
        path = folder / "bench.yaml"
        path.write_text(sweep_text(data, first, last, args.trials))
        loaded, errors = load_sweep(path)
        assert loaded is not None, errors
        n = total_trials(loaded)
        print(f"{n} trials, {args.bars:,} bars of GC and of ZN ({first} .. {last})")
        rates: dict[str, float] = {}
        results = {}
        for workers in (1, 2):
            pool = LocalExecutor(workers)
            secs, results[f"local {workers}"] = timed(
                pool, loaded, f"sqlite:///{folder}/l{workers}.db"
            )
            rates[f"local {workers}"] = n / secs * 60
            print(
                f"local, {workers} worker(s): {secs:.1f} s, {rates[f'local {workers}']:.1f} trials/min"
            )
        if not args.skip_ray:
            from runner.sweep.rayexec import RayExecutor

            run = SweepRun(loaded, f"sqlite:///{folder}/r.db", resume=False, overwrite=True)
            started = time.perf_counter()
            ray_exec = RayExecutor("local:2", run.bundle())
            put = time.perf_counter() - started
            secs, results["ray 2"] = timed(ray_exec, loaded, f"sqlite:///{folder}/r.db")
            rates["ray 2"] = n / secs * 60
            print(
                f"Ray, 2 CPUs: {secs:.1f} s, {rates['ray 2']:.1f} trials/min "
                f"(cluster start and data put: {put:.1f} s)"
            )
        base = rates["local 1"]
        for name, rate in rates.items():
            if name != "local 1":
                print(f"scaling {name} / local 1: {rate / base:.2f} (goal >= 1.6 = 0.8 x 2)")
        same = all(r == results["local 1"] for r in results.values())
        print(f"same trials and results on every executor: {same}")


if __name__ == "__main__":
    main()
