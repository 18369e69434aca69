"""``runner data check``: the catalog's holdings against the bad-data rules and the calendar.

The rules are the replay feed's own (:mod:`runner_plugins.feeds.checks` through the
feed's column reader, :mod:`runner_plugins.feeds.gaps` for holes while the exchange was
open): a day the catalog holds is judged exactly as the same bars in a file would be, so
``data check`` passing means a backtest reads the data without complaint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from runner.catalog.manifest import GapRecord
from runner.catalog.store import Catalog
from runner.contracts.table import get_spec
from runner_plugins.feeds.barfile import Table, frame_to_bars, frame_to_ticks
from runner_plugins.feeds.checks import DEFAULT_JUMP_MULTIPLE, FeedDataError, ReadOptions
from runner_plugins.feeds.gaps import open_gaps
from runner_plugins.feeds.symbols import root_of

NS_PER_MINUTE = 60 * 1_000_000_000


@dataclass(slots=True)
class CheckReport:
    """What ``data check`` found in one holding."""

    symbol: str
    bar: str
    calendar: str | None
    days: int = 0
    bars: int = 0
    bad: list[str] = field(default_factory=list)
    """Rows a backtest would refuse: ``file: row N: field: message``, one per day at most."""
    warnings: list[str] = field(default_factory=list)
    gaps: list[GapRecord] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.bad or self.warnings or self.gaps)


def calendar_for(catalog: Catalog, symbol: str, bar: str) -> str | None:
    """The exchange calendar of a holding: its contract's, or its root's for a series."""
    held = catalog.manifest().get(symbol, bar)
    root = held.continuous.root if held and held.continuous else root_of(symbol)
    spec = get_spec(root)
    return spec.calendar if spec is not None else None


def bar_length_ns(bar: str) -> int:
    """Length of a time bar (``1m`` -> 60 s) in ns; 0 for trades and tick bars."""
    unit = {"s": 1, "m": 60, "h": 3600}.get(bar[-1]) if bar[:-1].isdigit() else None
    return int(bar[:-1]) * unit * 1_000_000_000 if unit else 0


def check_holding(
    catalog: Catalog,
    symbol: str,
    bar: str,
    *,
    max_gap_minutes: int = 60,
    jump_multiple: float = DEFAULT_JUMP_MULTIPLE,
) -> CheckReport:
    calendar = calendar_for(catalog, symbol, bar)
    report = CheckReport(symbol, bar, calendar)
    options = ReadOptions(jump_multiple=jump_multiple, on_jump="warn")
    stamps: list[np.ndarray] = []
    for day in sorted(catalog.held_days(symbol, bar)):
        path = catalog.day_path(symbol, bar, day)
        table = catalog.read_day(symbol, bar, day)
        report.days += 1
        report.bars += table.num_rows
        if not table.num_rows:
            continue
        frame = table.to_pandas().rename(columns={"ts": "timestamp"})
        raw = Table(frame, np.arange(1, len(frame) + 1))
        try:
            cols = (frame_to_ticks if bar == "tick" else frame_to_bars)(raw, path, options)
        except FeedDataError as exc:
            report.bad.append(str(exc))
            continue
        report.warnings.extend(cols.warnings)
        stamps.append(cols.ts)
    if calendar is not None and stamps:
        ts = np.concatenate(stamps)
        for start, end, missing, _ in open_gaps(calendar, ts, bar_length_ns(bar), max_gap_minutes):
            report.gaps.append(
                GapRecord(
                    start=_dt(start),
                    end=_dt(end),
                    note=f"{missing // NS_PER_MINUTE} open minutes without bars",
                )
            )
    return report


def _dt(ns: int) -> datetime:
    return pd.Timestamp(ns, tz="UTC").to_pydatetime().astimezone(UTC)
