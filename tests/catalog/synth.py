"""Deterministic, clearly synthetic minute bars for catalog tests: a seeded random walk."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pyarrow as pa

from runner.catalog.store import BAR_SCHEMA, Catalog


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


def weekdays(first: date, last: date) -> list[date]:
    out = []
    d = first
    while d <= last:
        if d.weekday() < 5:
            out.append(d)
        d += timedelta(days=1)
    return out


def spot_closes(days: list[date], *, seed: int, start: float, minutes: int) -> dict[date, float]:
    """The opening price of each day of one seeded walk (so every contract shares it)."""
    rng = random.Random(seed)
    price = start
    out = {}
    for d in days:
        out[d] = price
        price = round(price + rng.choice((-3, -1, 0, 1, 3)) * 0.5, 2)
    return out


def contract_day(day: date, *, open_price: float, premium: float, minutes: int) -> pa.Table:
    """A day of one contract: the shared walk of that day plus the contract's premium.

    The walk of a day depends on the day only, so two contracts held on one day differ
    by exactly their premiums at every minute: the step at a roll is known by hand.
    """
    table = walk_day(day, seed=day.toordinal(), start_price=open_price, minutes=minutes)
    columns = []
    for name in table.column_names:
        col = table.column(name)
        if name in ("open", "high", "low", "close"):
            col = pa.array([round(v + premium, 2) for v in col.to_pylist()], pa.float64())
        columns.append(col)
    return pa.Table.from_arrays(columns, schema=BAR_SCHEMA)


def write_contracts(
    catalog: Catalog,
    contracts: dict[str, tuple[date, date, float]],
    *,
    seed: int = 7,
    start: float = 2000.0,
    minutes: int = 60,
) -> None:
    """Hold each contract from its first to its last day at its premium over the walk."""
    lo = min(a for a, _, _ in contracts.values())
    hi = max(b for _, b, _ in contracts.values())
    opens = spot_closes(weekdays(lo, hi), seed=seed, start=start, minutes=minutes)
    for symbol, (first, last, premium) in contracts.items():
        for d in weekdays(first, last):
            table = contract_day(d, open_price=opens[d], premium=premium, minutes=minutes)
            catalog.write_day(symbol, "1m", d, table, source="synthetic")
