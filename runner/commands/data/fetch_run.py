"""What ``runner data fetch`` does, without the command line: plan the sessions, skip the
ones the catalog holds, fetch and write each session day whole.

A day is the unit of work and of resumption: the catalog replaces a day's file whole, so a
fetch cancelled (Ctrl-C) or failed mid-way keeps every day written before it, and a re-run
asks the source only for the sessions still missing. A session that has not closed yet is
left for later: writing it would hold half a day as if it were whole.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pyarrow as pa

from runner.api.contracts import (
    DEFAULT_ROLL_BASIS,
    DEFAULT_ROLL_DAYS,
    MONTH_CODES,
    front_month,
    get_spec,
    parse_symbol,
)
from runner.api.history import TRADES, HistoryError, HistorySource, sessions_on
from runner.catalog.store import BAR_SCHEMA, TICK_SCHEMA, Catalog
from runner.contracts.roll import Basis
from runner.errors import RunnerError
from runner.model import Bar, Trade


class FetchError(RunnerError):
    """A fetch that cannot be planned (unknown product, empty range): one line."""


@dataclass(frozen=True, slots=True)
class DayJob:
    symbol: str
    day: date
    start: int  # session open, ns UTC
    end: int  # session close, ns UTC


@dataclass(slots=True)
class FetchTally:
    """What a run did, filled in as it goes (so an interrupted run can still report)."""

    planned: int = 0
    held: int = 0  # sessions the catalog already had
    not_closed: int = 0  # sessions still open (or in the future) at the time of the run
    days: int = 0  # sessions fetched and written
    empty: int = 0  # of those, sessions the source had no bars for
    bars: int = 0
    seconds: float = 0.0
    by_symbol: dict[str, int] = field(default_factory=dict)  # days written per contract

    @property
    def rate(self) -> float:
        return self.bars / self.seconds if self.seconds > 0 else 0.0


def product_root(target: str, near: date) -> tuple[str, bool]:
    """(root, is_root) of a command-line target: ``GC`` (a root) or ``GCM6`` (a contract)."""
    text = target.strip().upper()
    if get_spec(text) is not None:
        return text, True
    try:
        root, _year, month = parse_symbol(text, near)
    except ValueError:
        root, month = "", 0
    spec = get_spec(root) if root else None
    if spec is None:
        raise FetchError(
            f"{target!r} is neither a product root of the contract table nor a contract "
            "symbol of one (GC, GCM6)"
        )
    if MONTH_CODES[month - 1] not in spec.months:
        raise FetchError(
            f"{target!r}: {root} lists the months {spec.months}, and "
            f"{MONTH_CODES[month - 1]} is not one of them"
        )
    return root, False


def plan(
    target: str,
    first: date,
    last: date,
    *,
    basis: Basis = DEFAULT_ROLL_BASIS,
    days_before: int = DEFAULT_ROLL_DAYS,
) -> list[DayJob]:
    """Every session dated ``first`` to ``last`` of the contract to fetch for it: the front
    month by the bots' roll rule for a root, the contract itself for a symbol."""
    if last < first:
        raise FetchError(f"--to {last} is before --from {first}")
    root, is_root = product_root(target, first)
    spec = get_spec(root)
    assert spec is not None  # product_root checked it
    jobs: list[DayJob] = []
    for day, opens, closes in sessions_on(spec.calendar, first, last):
        if is_root:
            symbol = front_month(root, day, basis, days_before)
        else:
            symbol = target.strip().upper()
        jobs.append(DayJob(symbol, day, opens, closes))
    if not jobs:
        raise FetchError(f"no {spec.calendar} session between {first} and {last}")
    return jobs


def bars_table(bars: list[Bar]) -> pa.Table:
    return pa.table(
        {
            "ts": pa.array([b.ts for b in bars], pa.timestamp("ns", tz="UTC")),
            "open": pa.array([b.open for b in bars], pa.float64()),
            "high": pa.array([b.high for b in bars], pa.float64()),
            "low": pa.array([b.low for b in bars], pa.float64()),
            "close": pa.array([b.close for b in bars], pa.float64()),
            "volume": pa.array([b.volume for b in bars], pa.float64()),
        },
        schema=BAR_SCHEMA,
    )


def trades_table(trades: list[Trade]) -> pa.Table:
    return pa.table(
        {
            "ts": pa.array([t.ts for t in trades], pa.timestamp("ns", tz="UTC")),
            "price": pa.array([t.price for t in trades], pa.float64()),
            "size": pa.array([t.size for t in trades], pa.float64()),
        },
        schema=TICK_SCHEMA,
    )


async def fetch_table(source: HistorySource, job: DayJob, bar: str) -> pa.Table:
    """One session day of ``bar`` kind from the source, in the catalog's layout."""
    if bar != TRADES:
        return bars_table(await source.fetch(job.symbol, bar, job.start, job.end))
    fetch_trades = getattr(source, "fetch_trades", None)
    if fetch_trades is None:
        raise HistoryError(f"the {source.name} history source does not serve trades")
    return trades_table(await fetch_trades(job.symbol, job.start, job.end))


def pending(
    catalog: Catalog, jobs: list[DayJob], bar: str, now: int, tally: FetchTally
) -> list[DayJob]:
    """The jobs still to do: not held by the catalog, and whose session has closed."""
    held = {s: catalog.held_days(s, bar) for s in {j.symbol for j in jobs}}
    todo: list[DayJob] = []
    tally.planned = len(jobs)
    for job in jobs:
        if job.day in held[job.symbol]:
            tally.held += 1
        elif job.end > now:
            tally.not_closed += 1
        else:
            todo.append(job)
    return todo


async def fetch_days(
    source: HistorySource,
    catalog: Catalog,
    todo: list[DayJob],
    bar: str,
    *,
    source_name: str,
    tally: FetchTally,
    on_day: Callable[[DayJob, int], None] | None = None,
    monotonic: Callable[[], float] = time.monotonic,
) -> FetchTally:
    """Fetch and write each job's session day; cancelling keeps the days written so far."""
    began = monotonic()
    for job in todo:
        table = await fetch_table(source, job, bar)
        rows = catalog.write_day(job.symbol, bar, job.day, table, source=source_name)
        tally.days += 1
        tally.empty += rows == 0
        tally.bars += rows
        tally.by_symbol[job.symbol] = tally.by_symbol.get(job.symbol, 0) + 1
        tally.seconds = monotonic() - began
        if on_day is not None:
            on_day(job, rows)
    return tally
