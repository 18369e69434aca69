"""The catalog feed: history from the local Parquet catalog (``runner data``).

Backtests use it by default for every symbol the catalog holds. It reads a day file at a
time in record batches (:meth:`runner.api.catalog.Catalog.iter_batches`), so a year of
minute bars replays in flat memory. A bare root (GC) replays the front month of each
day, contract by contract, by the roll rule of its settings: real contracts, real
prices, each bar under its contract's symbol.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date, datetime
from itertools import chain, repeat
from pathlib import Path
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field

from runner.api import NS, Bar, Trade
from runner.api.base import Params
from runner.api.capabilities import FeedCapabilities
from runner.api.catalog import Catalog, CatalogError, roll_segments
from runner.api.contracts import DEFAULT_ROLL_BASIS, DEFAULT_ROLL_DAYS, get_spec
from runner.api.feed import Feed
from runner_plugins.feeds.checks import FeedDataError
from runner_plugins.feeds.replay import merge
from runner_plugins.feeds.symbols import root_of

Event = Bar | Trade
_TIME_BAR = {"s": 1, "m": 60, "h": 3600}


class CatalogParams(Params):
    catalog: str | None = Field(
        default=None,
        description="Catalog folder; default: catalog/ in the project folder (where "
        "strategies.d/ is).",
    )
    bar: str = Field(
        default="1m",
        pattern=r"^(?:[1-9][0-9]*[smh]|tick)$",
        description="Which bars of the catalog to replay: 1m, 1s, ... or tick (trades).",
    )
    roll_basis: Literal["last_trade", "first_notice"] = DEFAULT_ROLL_BASIS
    """For a root replayed alone (GC): the roll rule that picks each day's contract."""
    roll_days: int = Field(default=DEFAULT_ROLL_DAYS, ge=0, le=60)
    start: date | datetime | None = None
    end: date | datetime | None = None


class CatalogFeed(Feed[CatalogParams]):
    """Replays bars (or trades) of contracts held in the local catalog."""

    name: ClassVar[str] = "catalog"
    capabilities = FeedCapabilities(streams=False, replays_history=True)
    Params: ClassVar[type[Params]] = CatalogParams

    def __init__(self, params: CatalogParams, connection: Any = None) -> None:
        super().__init__(params, connection)
        chosen = self.params.catalog
        self.catalog = Catalog(Path(chosen).expanduser() if chosen else Path("catalog"))
        bar = self.params.bar
        self.length = int(bar[:-1]) * _TIME_BAR[bar[-1]] * NS if bar != "tick" else 0

    # ---- what is held

    def holds(self, symbol: str) -> bool:
        return bool(self.catalog.held_days(symbol, self.params.bar))

    def contracts_of(self, root: str) -> list[str]:
        return [
            s for s in self.catalog.symbols(self.params.bar) if s != root and root_of(s) == root
        ]

    def source_of(self, symbol: str) -> str | None:
        if self.holds(symbol):
            return str(self.catalog.symbol_dir(symbol, self.params.bar))
        return None

    def source_id(self, symbols: list[str]) -> str:
        """Each symbol's held days with their file sizes: changes when a day is refetched."""
        digest = hashlib.sha256()
        for symbol in sorted(set(symbols)):
            for day in sorted(self.catalog.held_days(symbol, self.params.bar)):
                path = self.catalog.day_path(symbol, self.params.bar, day)
                digest.update(f"{symbol}{day}{path.stat().st_size}".encode())
        return json.dumps({"catalog": str(self.catalog.root), "days": digest.hexdigest()})

    # ---- history

    def replay(
        self, symbols: list[str], start: int | None, end: int | None
    ) -> Iterator[Bar | Trade]:
        names = list(dict.fromkeys(symbols))
        return merge([self.events(s, start, end) for s in names], bars_only=self.length > 0)

    def events(self, symbol: str, start: int | None, end: int | None) -> Iterator[Event]:
        """Events of one held symbol, or of a root's front months, in the window."""
        if self.holds(symbol):
            return self._held(symbol, start, end)
        contracts = self.contracts_of(symbol)
        if contracts and get_spec(symbol) is not None:
            return self._front_months(symbol, contracts, start, end)
        held = self.catalog.symbols(self.params.bar)
        listing = f"; it holds {', '.join(held)}" if held else "; it holds nothing"
        raise FeedDataError(
            f"no {self.params.bar} data for {symbol!r} in the catalog {self.catalog.root}"
            f"{listing} (runner data fetch {root_of(symbol)} fills it)"
        )

    def _front_months(
        self, root: str, contracts: list[str], start: int | None, end: int | None
    ) -> Iterator[Event]:
        bar = self.params.bar
        days = sorted(set().union(*(self.catalog.held_days(c, bar) for c in contracts)))
        p = self.params
        parts = []
        for seg in roll_segments(root, days[0], days[-1], p.roll_basis, p.roll_days):
            lo = _later(start, seg.start)
            hi = _earlier(end, seg.end)
            if (lo is None or hi is None or lo < hi) and seg.symbol in contracts:
                parts.append(self._held(seg.symbol, lo, hi))
        return chain.from_iterable(parts)

    def _held(self, symbol: str, start: int | None, end: int | None) -> Iterator[Event]:
        """Bars that start at or after ``start`` and are complete by ``end``."""
        lo = _dt(start)
        # datetimes hold microseconds: 1 us past the last start that is complete by ``end``
        hi = _dt(end - self.length + 1_000) if end is not None else None
        try:
            batches = self.catalog.iter_batches(symbol, self.params.bar, lo, hi)
            for batch in batches:
                ts = batch.column(0).cast("int64").to_numpy()
                if self.length == 0:
                    yield from map(
                        Trade,
                        repeat(symbol),
                        ts.tolist(),
                        batch.column(1).to_pylist(),
                        np.rint(batch.column(2).to_numpy()).astype(np.int64).tolist(),
                    )
                    continue
                yield from map(
                    Bar,
                    repeat(symbol),
                    ts.tolist(),
                    (ts + self.length).tolist(),
                    batch.column(1).to_pylist(),
                    batch.column(2).to_pylist(),
                    batch.column(3).to_pylist(),
                    batch.column(4).to_pylist(),
                    batch.column(5).to_pylist(),
                )
        except CatalogError as exc:
            raise FeedDataError(str(exc)) from None


def _dt(ns: int | None) -> datetime | None:
    if ns is None:
        return None
    import pandas as pd

    return pd.Timestamp(ns, tz="UTC").to_pydatetime()


def _later(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _earlier(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)
