"""The catalog's manifest: what is held, where it came from, what is missing.

The manifest is a summary kept beside the Parquet files so ``runner data list`` answers
without opening every file; the files remain the truth, and :meth:`Catalog.record`
recomputes a holding's range and day count from them on every update.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


class GapRecord(BaseModel):
    """A stretch the exchange was open but the catalog holds no bars for."""

    model_config = ConfigDict(extra="forbid")

    start: datetime
    end: datetime
    kind: str = "gap"
    note: str = ""


class RollRecord(BaseModel):
    """One roll of a continuous series: from which contract to which, and the adjustment."""

    model_config = ConfigDict(extra="forbid")

    day: date
    from_symbol: str
    to_symbol: str
    from_close: float
    to_close: float
    difference: float
    ratio: float


class ContinuousInfo(BaseModel):
    """How a continuous series (``GC.c``) was built, so it can be rebuilt the same way."""

    model_config = ConfigDict(extra="forbid")

    root: str
    roll: str
    adjust: str
    rolls: list[RollRecord] = Field(default_factory=list)


class Holding(BaseModel):
    """One (symbol, bar) pair held in the catalog."""

    model_config = ConfigDict(extra="forbid")

    symbol: str
    bar: str
    source: str
    first: datetime | None = None
    last: datetime | None = None
    days: int = 0
    rows: int = 0
    gaps: list[GapRecord] = Field(default_factory=list)
    checked_at: datetime | None = None
    fetched_at: datetime
    continuous: ContinuousInfo | None = None

    @property
    def key(self) -> str:
        return holding_key(self.symbol, self.bar)


class Manifest(BaseModel):
    """Every holding, keyed ``SYMBOL/bar``."""

    model_config = ConfigDict(extra="forbid")

    version: int = 1
    holdings: dict[str, Holding] = Field(default_factory=dict)

    def get(self, symbol: str, bar: str) -> Holding | None:
        return self.holdings.get(holding_key(symbol, bar))


def holding_key(symbol: str, bar: str) -> str:
    return f"{symbol}/{bar}"
