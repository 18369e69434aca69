"""STDDEV, BBANDS and z-score against talib over long random walks and real gold bars."""

from __future__ import annotations

import numpy as np
import pytest
import talib
from hypothesis import given
from hypothesis import strategies as st
from indicator_support import (
    PROPERTY,
    assert_same,
    gold,
    leading_nans,
    ohlcv,
    run,
    source_series,
    to_bars,
    window_moments,
)

from runner_plugins.indicators.dispersion import FLAT, BBands, StdDev, ZScore

SOURCES = st.sampled_from(["close", "close", "high", "hlc3", "ohlc4"])


def zscore_of(deviation: np.ndarray, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    """deviation / std; 0 where the window is flat."""
    with np.errstate(divide="ignore", invalid="ignore"):
        z = deviation / std
    return np.where(std > FLAT * np.abs(mean), z, np.where(np.isnan(std), np.nan, 0.0))


def check(data, period: int, source: str, nbdev: float, up: float, dn: float) -> None:
    """Each output equals TA-Lib's (or, where TA-Lib's own rounding is off, the exact value)."""
    bars = to_bars(data)
    series = source_series(data, source)
    mean, std, deviation = window_moments(series, period)

    params = StdDev.Params(period=period, nbdev=nbdev, source=source)
    got = run(StdDev(params), bars)["value"]
    expected = talib.STDDEV(series, period, nbdev)
    assert_same(got, expected, f"stddev({period}, {nbdev})", exact=std * nbdev)
    assert leading_nans(got) == StdDev.lookback(params)

    params = BBands.Params(period=period, nbdev_up=up, nbdev_dn=dn, source=source)
    got = run(BBands(params), bars)
    upper, middle, lower = talib.BBANDS(series, period, up, dn, 0)
    assert_same(got["upper"], upper, f"bbands upper({period})", exact=mean + std * up)
    assert_same(got["middle"], middle, f"bbands middle({period})", exact=mean)
    assert_same(got["lower"], lower, f"bbands lower({period})", exact=mean - std * dn)

    got = run(ZScore(ZScore.Params(period=period, source=source)), bars)["value"]
    sma = talib.SMA(series, period)
    expected = zscore_of(series - sma, sma, talib.STDDEV(series, period, 1.0))
    assert_same(got, expected, f"zscore({period})", exact=zscore_of(deviation, mean, std))


@PROPERTY
@given(
    data=ohlcv(),
    period=st.integers(2, 80),
    source=SOURCES,
    nbdev=st.sampled_from([1.0, 0.5, 2.0, 3.3]),
    up=st.sampled_from([1.0, 2.0, 2.5]),
    dn=st.sampled_from([1.0, 2.0, 1.5]),
)
def test_random_walks_match_talib(data, period, source, nbdev, up, dn):
    check(data, period, source, nbdev, up, dn)


@pytest.mark.parametrize("period", [2, 5, 20, 100, 390])
def test_real_gold_bars_match_talib(period):
    check(gold(), period, "close", 1.0, 2.0, 2.0)


def test_flat_window_gives_zero_deviation_and_zero_zscore():
    data = {k: v[:60].copy() for k, v in gold().items()}
    data["close"][20:] = 1313.3
    bars = to_bars(data)
    std = run(StdDev(StdDev.Params(period=10)), bars)["value"]
    z = run(ZScore(ZScore.Params(period=10)), bars)["value"]
    assert std[-1] == pytest.approx(0.0, abs=1e-9)
    assert z[-1] == 0.0
    assert_same(std, talib.STDDEV(data["close"], 10, 1.0))


def test_bbands_outputs_are_named_upper_middle_lower():
    assert BBands.output_names(BBands.Params()) == ("upper", "middle", "lower")


@pytest.mark.parametrize(("field", "value"), [("nbdev_up", 0.0), ("nbdev_dn", -1.0)])
def test_band_width_must_be_positive(field, value):
    with pytest.raises(ValueError, match=field):
        BBands.Params(**{field: value})
