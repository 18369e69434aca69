"""How long does the equity PNG of a long backtest take to draw?

Run: python bench/bench_report.py [--bars 5000000] [--trades 500] [--repeat 3] [--baseline]

Builds an equity curve of ``--bars`` one-minute bars laid out like a futures week (23 hours
a day, five days a week, so the curve has overnight and weekend gaps) with ``--trades``
round trips on it (all marked while at most ``MAX_MARKED``), then times
``runner.plot.equity.plot_equity``: the report's PNG with downsampled lines, trade marks,
drawdown shading and the gap-free axis.

* from arrays (times and equity as numpy arrays, as a columnar equity file gives them);
* from a ``ColumnarCurve``, as ``BotResult.equity_curve`` holds it (spilled to its
  temporary file in blocks; reading the columns back is part of the time);
* from a list of (ns, equity) pairs, as a live bot's curve is (the conversion to arrays is
  part of the time);
* ``--baseline``: plain matplotlib drawing every point against clock time, which is what
  the report did before (slow: only 1,000,000 bars of it are drawn).

matplotlib's first import (about 0.3 s) is taken before timing; each figure is the best of
``--repeat`` runs. Nothing here is asserted: the figures go to bench/README.md.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from runner.model import Side
from runner.plot.equity import plot_equity
from runner.portfolio.curve import ColumnarCurve
from runner.portfolio.trades import ClosedTrade

MIN = 60 * 1_000_000_000
T0 = 1_380_000_000 * 1_000_000_000


def futures_minutes(n: int) -> np.ndarray:
    """``n`` minute stamps: 23 trading hours a day, Monday to Friday."""
    per_day, per_week = 23 * 60, 5 * 23 * 60
    i = np.arange(n, dtype=np.int64)
    week, rest = np.divmod(i, per_week)
    day, minute = np.divmod(rest, per_day)
    return T0 + ((week * 7 + day) * 1440 + minute) * MIN


def make_run(bars: int, trades: int) -> tuple[np.ndarray, np.ndarray, list[ClosedTrade]]:
    rng = np.random.default_rng(1)
    ts = futures_minutes(bars)
    eq = 100_000.0 + np.cumsum(rng.normal(0.0, 5.0, size=bars))
    starts = np.sort(rng.choice(bars - 10, size=trades, replace=False))
    out = []
    for k, s in enumerate(starts.tolist()):
        e = min(s + 1 + int(rng.integers(1, 60)), bars - 1)
        side = Side.BUY if k % 2 else Side.SELL
        pnl = float(eq[e] - eq[s])
        out.append(
            ClosedTrade("bench", "GCZ3", side, 1, int(ts[s]), int(ts[e]), 1.0, 1.0, pnl, 0, pnl, 1)
        )
    return ts, eq, out


def best(repeat: int, fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def baseline(path: Path, ts: np.ndarray, eq: np.ndarray) -> None:
    import matplotlib.pyplot as plt

    from runner.model import to_datetime

    fig, ax = plt.subplots(figsize=(11, 7))
    ax.plot([to_datetime(int(t)) for t in ts], eq, linewidth=1)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bars", type=int, default=5_000_000)
    ap.add_argument("--trades", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline", action="store_true")
    args = ap.parse_args()

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # the one-time import is not the report's cost

    ts, eq, trades = make_run(args.bars, args.trades)
    pairs = list(zip(ts.tolist(), eq.tolist(), strict=True))
    curve = ColumnarCurve()
    for t, e in pairs:
        curve.add(t, e)
    out = Path(tempfile.mkdtemp(prefix="bench-report-"))
    png = out / "equity.png"
    by_bot = {"bench": trades}
    rows = [
        ("arrays", best(args.repeat, lambda: plot_equity(png, [("bench", (ts, eq))], by_bot))),
        (
            "ColumnarCurve (BotResult)",
            best(args.repeat, lambda: plot_equity(png, [("bench", curve)], by_bot)),
        ),
        (
            "list of (ns, equity) pairs",
            best(args.repeat, lambda: plot_equity(png, [("bench", pairs)], by_bot)),
        ),
    ]
    print(f"equity PNG, {args.bars:,} bars, {args.trades:,} trades ({png.stat().st_size:,} bytes)")
    for what, took in rows:
        print(f"  {what:<32} {took:6.2f} s")
    if args.baseline:
        n = min(args.bars, 1_000_000)
        took = best(1, lambda: baseline(out / "baseline.png", ts[:n], eq[:n]))
        print(f"  every point, clock time ({n:,} bars) {took:6.2f} s")


if __name__ == "__main__":
    main()
