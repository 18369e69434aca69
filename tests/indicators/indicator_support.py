"""Series, bars and comparisons shared by the indicator tests.

The reference for every indicator is TA-Lib (or numpy/pandas where TA-Lib has no function)
run once over the full history; the indicator under test sees the same history one bar at a
time, and both outputs must agree bar for bar.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import settings
from hypothesis import strategies as st

from runner.api.indicator import Indicator
from runner.model import MINUTE_NS, Bar

DATA = Path(__file__).resolve().parent.parent / "data"
START_NS = 1_780_000_000 * 1_000_000_000  # 2026-05-28, a Thursday

REL = 1e-9
ABS = 1e-9

PROPERTY = settings(max_examples=12, deadline=None, database=None)
"""Few but long examples (each is thousands of bars); no example database in the tree."""

Series = dict[str, np.ndarray]


def random_ohlcv(
    seed: int,
    n: int,
    tick: float | None = None,
    flat: float = 0.0,
    price: float = 1500.0,
    step_ns: int = MINUTE_NS,
    start_ns: int = START_NS,
) -> Series:
    """A random walk of valid OHLCV bars (high >= max(open, close), low <= min(open, close)).

    ``tick`` rounds prices to a grid so that exact ties and zero changes occur, as they do in
    real futures data; ``flat`` is the share of bars on which nothing moves at all.
    """
    rng = np.random.default_rng(seed)
    moves = rng.normal(0.0, 0.002, n)
    still = rng.random(n) < flat
    moves[still] = 0.0
    close = price * np.exp(np.cumsum(moves))
    open_ = np.empty(n)
    open_[0] = price
    open_[1:] = close[:-1] * (1.0 + rng.normal(0.0, 0.0003, n - 1) * ~still[1:])
    spread = np.abs(rng.normal(0.0, 0.0015, (2, n))) * price * ~still
    high = np.maximum(open_, close) + spread[0]
    low = np.minimum(open_, close) - spread[1]
    if tick:
        open_ = np.round(open_ / tick) * tick
        close = np.round(close / tick) * tick
        high = np.maximum(np.ceil(high / tick) * tick, np.maximum(open_, close))
        low = np.minimum(np.floor(low / tick) * tick, np.minimum(open_, close))
    volume = rng.integers(0, 400, n).astype(float)
    volume[rng.random(n) < 0.05] = 0.0
    ts = start_ns + np.arange(n, dtype=np.int64) * step_ns
    return {"ts": ts, "open": open_, "high": high, "low": low, "close": close, "volume": volume}


@st.composite
def ohlcv(draw: st.DrawFn, min_size: int = 2000, max_size: int = 5000) -> Series:
    """Hypothesis strategy: long random walks, sometimes on a tick grid, sometimes with flats."""
    seed = draw(st.integers(0, 2**32 - 1))
    n = draw(st.integers(min_size, max_size))
    tick = draw(st.sampled_from([None, 0.1, 0.25]))
    flat = draw(st.sampled_from([0.0, 0.0, 0.3]))
    price = draw(st.sampled_from([1.2, 85.0, 1500.0, 25_000.0]))
    return random_ohlcv(seed, n, tick=tick, flat=flat, price=price)


def load_csv(path: Path) -> Series:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt") as fh:
        frame = pd.read_csv(fh)
    ts = pd.to_datetime(frame["timestamp"], utc=True).dt.as_unit("ns").astype("int64").to_numpy()
    out: Series = {"ts": ts}
    for col in ("open", "high", "low", "close", "volume"):
        out[col] = frame[col].to_numpy(dtype=float)
    return out


def gold() -> Series:
    """Real COMEX gold 1-minute bars (see tests/data/SOURCES.md)."""
    return load_csv(DATA / "GC_1m_2013-10-07.csv")


def es() -> Series:
    """Real CME E-mini S&P 500 1-minute bars (see tests/data/SOURCES.md)."""
    return load_csv(DATA / "ES_1m_2013-10-06.csv.gz")


def to_bars(data: Series, symbol: str = "TEST") -> list[Bar]:
    ts = data["ts"].tolist()
    cols = zip(
        ts,
        data["open"].tolist(),
        data["high"].tolist(),
        data["low"].tolist(),
        data["close"].tolist(),
        data["volume"].tolist(),
        strict=True,
    )
    return [Bar(symbol, t, t + MINUTE_NS, o, h, lo, c, v) for t, o, h, lo, c, v in cols]


def source_series(data: Series, source: str) -> np.ndarray:
    """The series TA-Lib must be given to see what ``source`` makes an indicator see."""
    o, h, lo, c = data["open"], data["high"], data["low"], data["close"]
    composite = {
        "hl2": lambda: (h + lo) / 2.0,
        "hlc3": lambda: (h + lo + c) / 3.0,
        "ohlc4": lambda: (o + h + lo + c) / 4.0,
    }
    if source in composite:
        return composite[source]()
    return data[source]


def run(indicator: Indicator, bars: list[Bar]) -> dict[str, np.ndarray]:
    """Feed bars one at a time; collect every output after every bar."""
    names = indicator.output_names(indicator.params)
    out = {name: np.empty(len(bars)) for name in names}
    for i, bar in enumerate(bars):
        indicator.update(bar)
        for name in names:
            out[name][i] = getattr(indicator, name)
    return out


def _close(actual: np.ndarray, expected: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):  # inf - inf: equal infinities are compared by ==
        near = np.abs(actual - expected) <= np.maximum(REL * np.abs(expected), ABS)
    return near | (actual == expected)


def assert_same(
    actual: np.ndarray,
    expected: np.ndarray,
    label: str = "",
    exact: np.ndarray | None = None,
) -> None:
    """Same NaN positions; values within 1e-9 relative, or 1e-9 absolute near zero.

    ``exact``, when given, is a high-accuracy computation of the same quantity: a value may
    then differ from ``expected`` where ``expected`` itself is off the exact value and ours
    is not (TA-Lib's STDDEV loses ~1e-9 relative on quiet windows at high price levels).
    """
    actual = np.asarray(actual, dtype=float)
    expected = np.asarray(expected, dtype=float)
    assert actual.shape == expected.shape, label
    nan_a, nan_e = np.isnan(actual), np.isnan(expected)
    if not np.array_equal(nan_a, nan_e):
        where = np.flatnonzero(nan_a != nan_e)[:5]
        raise AssertionError(
            f"{label}: NaN positions differ at {where.tolist()}: "
            f"got {actual[where].tolist()}, expected {expected[where].tolist()}"
        )
    ok = ~nan_e
    good = _close(actual[ok], expected[ok])
    if exact is not None:
        good |= _close(actual[ok], np.asarray(exact, dtype=float)[ok])
    bad = np.flatnonzero(~good)
    if bad.size:
        idx = np.flatnonzero(ok)[bad[:5]]
        raise AssertionError(
            f"{label}: {bad.size} values differ, first at {idx.tolist()}: "
            f"got {actual[idx].tolist()}, expected {expected[idx].tolist()}"
        )


def window_moments(series: np.ndarray, period: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Accurate rolling mean, population stddev and last-minus-mean, nan-padded.

    Each window is shifted by its first value (exact for prices within a factor of two)
    before a two-pass computation, so the errors scale with the window's own deviations
    rather than with the price level.
    """
    windows = np.lib.stride_tricks.sliding_window_view(series, period)
    shifted = windows - windows[:, :1]
    centre = shifted.mean(axis=1)
    std = np.sqrt(((shifted - centre[:, None]) ** 2).mean(axis=1))
    pad = np.full(period - 1, np.nan)
    mean = windows[:, 0] + centre
    last = shifted[:, -1] - centre
    return (np.concatenate([pad, mean]), np.concatenate([pad, std]), np.concatenate([pad, last]))


def leading_nans(values: np.ndarray) -> int:
    nans = np.isnan(values)
    return int(np.argmin(nans)) if not nans.all() else len(values)
