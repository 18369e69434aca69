"""Catalog read rate and memory: a year of one-minute bars of one contract.

Writes 252 session days of full COMEX sessions (about 348,000 synthetic minute bars of a
seeded walk) into a temporary catalog, then measures, each phase in a fresh process so
its peak memory is its own:

* write: ``Catalog.write_day`` per day (Parquet file + manifest update);
* batches: ``Catalog.iter_batches`` over the year (Arrow record batches, no Python objects);
* feed: the catalog feed's ``replay`` turning them into ``Bar`` objects, as a backtest does;
* table: ``Catalog.read`` of the whole year at once, for contrast with the batches.

Usage: python bench/bench_catalog.py [days]
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from runner.catalog import Catalog
from runner.catalog.store import BAR_SCHEMA
from runner.contracts.calendar import exchange_calendar

SYMBOL = "GCZ6"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write(root: Path, days: int) -> None:
    cal = exchange_calendar("COMEX")
    sessions = cal.sessions_in_range(pd.Timestamp("2025-01-02"), pd.Timestamp("2026-06-30"))[:days]
    rng = np.random.default_rng(7)
    cat = Catalog(root)
    price = 2000.0
    rows = 0
    t = time.perf_counter()
    for s in sessions:
        opens, closes = cal.session_open(s), cal.session_close(s)
        ts = pd.date_range(opens, closes, freq="1min", inclusive="left")
        steps = rng.choice([-0.2, -0.1, 0.0, 0.1, 0.2], size=len(ts))
        close = np.round(price + np.cumsum(steps), 1)
        open_ = np.r_[price, close[:-1]]
        price = float(close[-1])
        table = pa.Table.from_arrays(
            [
                pa.array(ts.as_unit("ns"), pa.timestamp("ns", tz="UTC")),
                pa.array(open_),
                pa.array(np.maximum(open_, close) + 0.1),
                pa.array(np.minimum(open_, close) - 0.1),
                pa.array(close),
                pa.array(rng.integers(1, 50, size=len(ts)).astype(float)),
            ],
            schema=BAR_SCHEMA,
        )
        rows += cat.write_day(SYMBOL, "1m", s.date(), table, source="bench")
    took = time.perf_counter() - t
    print(
        f"write   {rows:>9,} bars in {len(sessions)} days: {took:6.2f} s = "
        f"{rows / took:>10,.0f} bars/s, peak RSS {_peak_mb():.0f} MB"
    )


def phase(name: str, root: Path) -> None:
    cat = Catalog(root)
    base = _peak_mb()
    t = time.perf_counter()
    if name == "batches":
        n = sum(b.num_rows for b in cat.iter_batches(SYMBOL, "1m"))
    elif name == "feed":
        from runner_plugins.feeds.catalog import CatalogFeed, CatalogParams

        feed = CatalogFeed(CatalogParams(catalog=str(root)))
        n = 0
        for _ in feed.replay([SYMBOL], None, None):
            n += 1
    else:
        n = cat.read(SYMBOL, "1m").num_rows
    took = time.perf_counter() - t
    print(
        f"{name:<7} {n:>9,} bars: {took:6.2f} s = {n / took:>10,.0f} bars/s, "
        f"peak RSS {_peak_mb():.0f} MB ({_peak_mb() - base:+.0f} MB over the start)"
    )


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--phase":
        phase(sys.argv[2], Path(sys.argv[3]))
        return
    days = int(sys.argv[1]) if len(sys.argv) > 1 else 252
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "catalog"
        write(root, days)
        for name in ("batches", "feed", "table"):
            subprocess.run([sys.executable, __file__, "--phase", name, str(root)], check=True)


if __name__ == "__main__":
    main()
