"""Continuous contracts: the front month of a root, day by day, by the bots' roll rule.

The contract held on each session day is :func:`runner.contracts.roll.front_month`, the
very function that picks the contract a bot trades, so a continuous series and a
backtest across rolls agree on every roll date.

Naming: the series of root ``GC`` is stored as symbol ``GC.c`` (prices as traded, no
adjustment), ``GC.c.back`` (back-adjusted: earlier contracts shifted by the price
difference at each roll, so the latest prices are real) or ``GC.c.ratio`` (earlier
contracts scaled by the price ratio at each roll). The manifest keeps the roll rule and
the table of rolls beside each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from runner.catalog.manifest import ContinuousInfo, RollRecord
from runner.catalog.store import Catalog, CatalogError
from runner.contracts import roll
from runner.contracts.calendar import exchange_calendar
from runner.contracts.symbols import parse_symbol
from runner.contracts.table import get_spec

Adjust = Literal["none", "back", "ratio"]
ADJUSTMENTS: tuple[Adjust, ...] = ("none", "back", "ratio")
SUFFIX = ".c"


def continuous_symbol(root: str, adjust: Adjust = "none") -> str:
    """``GC`` -> ``GC.c`` (as traded), ``GC.c.back``, ``GC.c.ratio``."""
    if adjust not in ADJUSTMENTS:
        raise CatalogError(f"adjust must be one of {', '.join(ADJUSTMENTS)}, got {adjust!r}")
    return root + SUFFIX if adjust == "none" else f"{root}{SUFFIX}.{adjust}"


def parse_roll(text: str) -> tuple[roll.Basis, int]:
    """``first_notice:2`` -> ("first_notice", 2); a basis alone takes the default days."""
    basis, _, days = text.partition(":")
    if basis not in ("first_notice", "last_trade"):
        raise CatalogError(
            f"--roll {text!r}: the basis must be first_notice or last_trade "
            "(e.g. first_notice:2, last_trade:5)"
        )
    if not days:
        return basis, roll.DEFAULT_ROLL_DAYS  # type: ignore[return-value]
    if not days.isdigit() or int(days) > 60:
        raise CatalogError(f"--roll {text!r}: days before must be a whole number 0..60")
    return basis, int(days)  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class RollSegment:
    """One contract's stretch as front month: session days ``first`` to ``last``, and
    the moments (ns UTC) its data is read between: ``start`` inclusive, ``end`` exclusive
    (None: open-ended)."""

    symbol: str
    first: date
    last: date
    start: int | None
    end: int | None


def session_start_ns(calendar: str | None, day: date) -> int:
    """When the session of ``day`` opens (the evening before, for CME products)."""
    if calendar is not None:
        cal = exchange_calendar(calendar)
        stamp = pd.Timestamp(day)
        if cal.is_session(stamp):
            return int(cal.session_open(stamp).value)
    return int(pd.Timestamp(day, tz="UTC").value)


def roll_segments(
    root: str, first: date, last: date, basis: roll.Basis, days_before: int
) -> list[RollSegment]:
    """The contracts that are front month between two days, each with its stretch."""
    spec = get_spec(root)
    if spec is None:
        raise CatalogError(f"no contract facts for root {root!r}")
    if last < first:
        raise CatalogError(f"the last day {last} is before the first {first}")
    days: list[tuple[str, date, date]] = []
    d = first
    while d <= last:
        symbol = roll.front_month(root, d, basis, days_before)
        if days and days[-1][0] == symbol:
            days[-1] = (symbol, days[-1][1], d)
        else:
            days.append((symbol, d, d))
        d += timedelta(days=1)
    out = []
    for i, (symbol, a, b) in enumerate(days):
        start = session_start_ns(spec.calendar, a) if i else None
        end = session_start_ns(spec.calendar, days[i + 1][1]) if i + 1 < len(days) else None
        out.append(RollSegment(symbol, a, b, start, end))
    return out


def contracts_held(catalog: Catalog, root: str, bar: str) -> list[str]:
    """The contract symbols of ``root`` held at ``bar`` size."""
    out = []
    for symbol in catalog.symbols(bar):
        try:
            got_root = parse_symbol(symbol)[0]
        except ValueError:
            continue
        if got_root == root:
            out.append(symbol)
    return out


@dataclass(slots=True)
class Plan:
    """What a continuous series is made of: the contract of each day and the rolls."""

    days: list[tuple[date, str]]
    rolls: list[RollRecord]
    missing: list[tuple[date, str]]


def plan(
    catalog: Catalog,
    root: str,
    bar: str,
    basis: roll.Basis,
    days_before: int,
    first: date | None = None,
    last: date | None = None,
) -> Plan:
    held = {s: catalog.held_days(s, bar) for s in contracts_held(catalog, root, bar)}
    all_days = sorted(set().union(*held.values())) if held else []
    if not all_days:
        raise CatalogError(f"the catalog holds no {bar} bars of any {root} contract")
    lo = first or all_days[0]
    hi = last or all_days[-1]
    days: list[tuple[date, str]] = []
    missing: list[tuple[date, str]] = []
    for seg in roll_segments(root, lo, hi, basis, days_before):
        have = held.get(seg.symbol, set())
        for d in all_days:
            if seg.first <= d <= seg.last:
                (days if d in have else missing).append((d, seg.symbol))
    rolls = []
    for (d0, a), (d1, b) in zip(days, days[1:], strict=False):
        if a != b:
            rolls.append(_measure(catalog, bar, d0, a, d1, b, held))
    return Plan(days, rolls, missing)


def _measure(
    catalog: Catalog, bar: str, d0: date, a: str, d1: date, b: str, held: dict[str, set[date]]
) -> RollRecord:
    """The price step between the two contracts at the roll.

    Best: both contracts on the old contract's last day, compared at its last bar; then
    both on the roll day, at the new contract's first bar; else the old contract's last
    close against the new one's first open (which includes the move between them).
    """
    for d, at_end in ((d0, True), (d1, False)):
        if d in held.get(a, set()) and d in held.get(b, set()):
            ta, tb = _day(catalog, a, bar, d), _day(catalog, b, bar, d)
            pair = _same_moment(ta, tb, at_end)
            if pair is not None:
                return _record(d1, a, b, *pair)
    ta, tb = _day(catalog, a, bar, d0), _day(catalog, b, bar, d1)
    if ta.num_rows == 0 or tb.num_rows == 0:
        raise CatalogError(f"no bars to measure the roll from {a} to {b} on {d1}")
    return _record(d1, a, b, ta.column("close")[-1].as_py(), tb.column("open")[0].as_py())


def _same_moment(ta: pa.Table, tb: pa.Table, at_end: bool) -> tuple[float, float] | None:
    common = set(ta.column("ts").to_pylist()) & set(tb.column("ts").to_pylist())
    if not common:
        return None
    moment = max(common) if at_end else min(common)
    ca = _close_at(ta, moment)
    cb = _close_at(tb, moment)
    return ca, cb


def _close_at(table: pa.Table, moment: datetime) -> float:
    mask = pc.equal(table.column("ts"), pa.scalar(moment, table.schema.field("ts").type))
    return float(table.filter(mask).column("close")[0].as_py())


def _record(day: date, a: str, b: str, old: float, new: float) -> RollRecord:
    if old <= 0 or new <= 0:
        raise CatalogError(f"roll from {a} to {b} on {day}: prices {old}, {new} are not above 0")
    return RollRecord(
        day=day,
        from_symbol=a,
        to_symbol=b,
        from_close=old,
        to_close=new,
        difference=round(new - old, 10),
        ratio=new / old,
    )


def _day(catalog: Catalog, symbol: str, bar: str, d: date) -> pa.Table:
    return catalog.read_day(symbol, bar, d)


def build(
    catalog: Catalog,
    root: str,
    bar: str,
    roll_text: str,
    adjust: Adjust,
    first: date | None = None,
    last: date | None = None,
) -> tuple[str, Plan]:
    """Write the continuous series of ``root`` into the catalog; returns its symbol."""
    if bar == "tick":
        raise CatalogError("a continuous series is built from bars, not from trades")
    if get_spec(root) is None:
        raise CatalogError(f"no contract facts for root {root!r}")
    basis, days_before = parse_roll(roll_text)
    p = plan(catalog, root, bar, basis, days_before, first, last)
    name = continuous_symbol(root, adjust)
    catalog.remove(name, bar)
    offset = sum(r.difference for r in p.rolls)
    factor = 1.0
    for r in p.rolls:
        factor *= r.ratio
    upcoming = list(p.rolls)
    for d, symbol in p.days:
        while upcoming and upcoming[0].day <= d:  # past a roll: less adjustment is left
            done = upcoming.pop(0)
            offset -= done.difference
            factor /= done.ratio
        table = _day(catalog, symbol, bar, d)
        catalog.write_day(name, bar, d, _adjusted(table, adjust, offset, factor), source=symbol)
    info = ContinuousInfo(root=root, roll=f"{basis}:{days_before}", adjust=adjust, rolls=p.rolls)
    catalog.record(
        name, bar, f"continuous of {root}", continuous=info, fetched_at=datetime.now(UTC)
    )
    return name, p


def _adjusted(table: pa.Table, adjust: Adjust, offset: float, factor: float) -> pa.Table:
    if (
        adjust == "none"
        or (adjust == "back" and offset == 0)
        or (adjust == "ratio" and factor == 1)
    ):
        return table
    columns = []
    for field in table.schema:
        col = table.column(field.name)
        if field.name in ("open", "high", "low", "close"):
            col = pc.add(col, offset) if adjust == "back" else pc.multiply(col, factor)
        columns.append(col)
    return pa.Table.from_arrays(columns, schema=table.schema)
