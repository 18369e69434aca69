"""Deterministic, clearly synthetic minute bars for catalog tests: a seeded random walk."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pyarrow as pa

from runner.catalog.store import BAR_SCHEMA


def walk_day(
    day: date,
    *,
    seed: int,
    start_price: float,
    minutes: int = 60,
    first: datetime | None = None,
    step: float = 0.5,
) -> pa.Table:
    """``minutes`` one-minute bars from ``first`` (default 14:00 UTC of ``day``)."""
    rng = random.Random(seed)
    t0 = first or datetime(day.year, day.month, day.day, 14, 0, tzinfo=UTC)
    ts, o, h, lo, c, v = [], [], [], [], [], []
    price = start_price
    for i in range(minutes):
        open_ = price
        close = round(open_ + rng.choice((-2, -1, 0, 1, 2)) * step, 2)
        ts.append(t0 + timedelta(minutes=i))
        o.append(open_)
        h.append(max(open_, close) + step)
        lo.append(min(open_, close) - step)
        c.append(close)
        v.append(float(rng.randint(1, 50)))
        price = close
    return pa.Table.from_pydict(
        {"ts": ts, "open": o, "high": h, "low": lo, "close": c, "volume": v}, schema=BAR_SCHEMA
    )
