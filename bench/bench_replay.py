"""Speed of the replay feed on 1,000,000 one-minute bars: parse, build bars, merge.

Run: python bench/bench_replay.py [bars]

Writes the same random-walk bars as CSV, gzip CSV and Parquet into a temporary directory
(one symbol with all the bars, and the same total split over four symbols for the merge),
then times, best of three: reading the file into columns (cache cleared), and a full
``replay`` that builds every Bar object.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from runner_plugins.feeds import barfile
from runner_plugins.feeds.replay import ReplayFeed, ReplayParams

T0 = pd.Timestamp("2010-01-03 23:00", tz="UTC")


def frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    close = (4000 + np.cumsum(rng.integers(-4, 5, n))) / 4
    open_ = np.concatenate(([close[0]], close[:-1]))
    ts = T0 + pd.to_timedelta(np.arange(n), unit="min")
    return pd.DataFrame(
        {
            "timestamp": ts.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
            "open": open_,
            "high": np.maximum(open_, close) + 0.25,
            "low": np.minimum(open_, close) - 0.25,
            "close": close,
            "volume": rng.integers(1, 500, n),
        }
    )


def best(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        barfile._cached.cache_clear()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for fmt in ("csv", "csv.gz", "parquet"):
            (root / fmt).mkdir()
        one = frame(n, 1)
        parts = [frame(n // 4, s) for s in range(4)]
        for fmt in ("csv", "csv.gz"):
            one.to_csv(root / fmt / f"AA.{fmt}", index=False)
            for i, part in enumerate(parts):
                part.to_csv(root / fmt / f"P{i}.{fmt}", index=False)
        aware = one.assign(timestamp=pd.to_datetime(one["timestamp"], utc=True))
        aware.to_parquet(root / "parquet" / "AA.parquet")
        for i, part in enumerate(parts):
            part.assign(timestamp=pd.to_datetime(part["timestamp"], utc=True)).to_parquet(
                root / "parquet" / f"P{i}.parquet"
            )

        print(f"{n:,} one-minute bars, best of 3")
        for fmt in ("csv", "csv.gz", "parquet"):
            feed = ReplayFeed(ReplayParams(data=str(root / fmt)))
            parse = best(lambda feed=feed: feed.columns("AA"))
            feed.columns("AA")  # warm: the rest is building and merging Bar objects
            full = best(lambda feed=feed: sum(1 for _ in feed.replay(["AA"], None, None)))
            names = [f"P{i}" for i in range(4)]
            merged = best(
                lambda feed=feed, names=names: sum(1 for _ in feed.replay(names, None, None))
            )
            print(
                f"  {fmt:8s} parse {parse:6.2f} s   parse+replay 1 symbol {full:6.2f} s "
                f"({n / full / 1e6:.2f} M bars/s)   parse+replay 4 symbols merged {merged:6.2f} s"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
