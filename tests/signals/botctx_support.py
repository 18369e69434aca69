"""Contexts, bars and settable indicators for the signal, filter, exit and sizer tests.

``Outputs`` is a real :class:`Indicator` subclass whose outputs the test sets directly:
signals and exits only read indicator attributes, so a test can put each bar's values
exactly where it wants them. ``Replay`` is one whose outputs come from a full-history
TA-Lib computation, advanced one bar per ``update``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from runner.api.context import BotContext, InstrumentState
from runner.api.indicator import Indicator, IndicatorParams
from runner.config.refs import Namespace
from runner.model import MINUTE_NS, NS, Bar
from runner.model.instrument import ContractSpec

DATA = Path(__file__).resolve().parent.parent / "data"
NY = ZoneInfo("America/New_York")

GC = ContractSpec("GC", "Gold", "COMEX", "USD", 0.1, 100.0, "COMEX", "America/New_York")
ES = ContractSpec("ES", "E-mini S&P 500", "CME", "USD", 0.25, 50.0, "CMES", "America/New_York")
MCL = ContractSpec("MCL", "Micro crude", "NYMEX", "USD", 0.01, 100.0, "NYMEX", "America/New_York")
USO = ContractSpec(
    "USO", "US Oil Fund", "ARCA", "USD", 0.01, 1.0, "NYSE", "America/New_York", "STK"
)
VIX = ContractSpec("VIX", "CBOE VIX", "CBOE", "USD", 0.01, 1.0, "XCBF", "America/Chicago", "IND")


class Outputs(Indicator):
    """An indicator whose outputs are plain values set by the test."""

    name: ClassVar[str] = "outputs"

    def __init__(self, **values: float) -> None:
        super().__init__(IndicatorParams())
        for key, value in values.items():
            setattr(self, key, value)

    def update(self, bar: Bar) -> None:
        return None


def outputs(*names: str, **values: float) -> Outputs:
    """An ``Outputs`` indicator declaring ``names`` (first = bare reference), all NaN unless given."""
    cls = type("Outputs_" + "_".join(names), (Outputs,), {"outputs": tuple(names)})
    ind = cls(**{n: values.get(n, math.nan) for n in names})
    return ind


class Replay(Indicator):
    """Outputs precomputed over the full history (TA-Lib), revealed one bar per update."""

    name: ClassVar[str] = "replay"

    def __init__(self, series: dict[str, np.ndarray]) -> None:
        super().__init__(IndicatorParams())
        self._series = series
        self._i = -1
        for key in series:
            setattr(self, key, math.nan)

    def update(self, bar: Bar) -> None:
        self._i += 1
        for key, values in self._series.items():
            setattr(self, key, float(values[self._i]))


def replay(series: dict[str, np.ndarray]) -> Replay:
    cls = type("Replay_" + "_".join(series), (Replay,), {"outputs": tuple(series)})
    return cls(series)


def make_ctx(
    instruments: dict[str, ContractSpec] | None = None,
    indicators: dict[str, Indicator] | None = None,
    *,
    timezone: str = "America/New_York",
    capital: float = 100_000.0,
    trade: Sequence[str] | None = None,
) -> BotContext:
    instruments = instruments or {"gc": GC}
    states = {
        key: InstrumentState(key, spec.root + "Z3", spec, trade is None or key in trade)
        for key, spec in instruments.items()
    }
    return BotContext("test", states, dict(indicators or {}), capital, timezone)


def names_of(ctx: BotContext) -> Namespace:
    return Namespace(
        instruments=tuple(ctx.instruments),
        indicators={k: type(i).output_names(i.params) for k, i in ctx.indicators.items()},
    )


def ns_at(local: str, tz: ZoneInfo = NY) -> int:
    """ns UTC of a local wall time, ``"2013-10-07 09:30"``."""
    dt = datetime.strptime(local, "%Y-%m-%d %H:%M").replace(tzinfo=tz)
    return int(dt.timestamp()) * NS


def bar_at(
    start: int,
    o: float,
    h: float,
    low: float,
    c: float,
    minutes: int = 1,
    symbol: str = "GCZ3",
) -> Bar:
    return Bar(symbol, start, start + minutes * MINUTE_NS, o, h, low, c, 1.0)


def step(ctx: BotContext, bar: Bar, key: str | None = None, **values: Any) -> None:
    """What the engine does for a primary bar: set it, set indicator values, advance time."""
    inst = ctx.instruments[key] if key else ctx.primary
    inst.bar = bar
    for ref, value in values.items():
        ind_id, _, out = ref.partition("__")
        ind = ctx.indicators[ind_id]
        setattr(ind, out or type(ind).output_names(ind.params)[0], value)
    if inst is ctx.primary:
        ctx.now = bar.end
        ctx.bar_index += 1


def flat_bar(start: int, price: float, minutes: int = 1, symbol: str = "GCZ3") -> Bar:
    return bar_at(start, price, price, price, price, minutes, symbol)


def load_bars(name: str, symbol: str) -> list[Bar]:
    frame = pd.read_csv(DATA / name)
    ts = pd.to_datetime(frame["timestamp"], utc=True).astype("datetime64[ns, UTC]").astype("int64")
    bars = []
    for t, o, h, low, c, v in zip(
        ts, frame["open"], frame["high"], frame["low"], frame["close"], frame["volume"], strict=True
    ):
        bars.append(Bar(symbol, int(t), int(t) + MINUTE_NS, o, h, low, c, float(v)))
    return bars


def position(inst: InstrumentState, qty: int, price: float, ctx: BotContext) -> None:
    """Open a position as the engine records it after a fill."""
    inst.position = qty
    inst.avg_price = price
    inst.entry_ts = ctx.now
    inst.entry_bar_index = ctx.bar_index
