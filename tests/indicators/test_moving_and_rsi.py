"""SMA, EMA and RSI against talib's full-history output, bar by bar."""

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
)

from runner_plugins.indicators.moving import EMA, SMA
from runner_plugins.indicators.rsi import RSI

CASES = [(SMA, talib.SMA), (EMA, talib.EMA), (RSI, talib.RSI)]
SOURCES = st.sampled_from(["close", "close", "open", "high", "low", "hl2", "hlc3", "ohlc4"])


@PROPERTY
@given(data=ohlcv(), period=st.integers(2, 60), source=SOURCES)
def test_random_walks_match_talib(data, period, source):
    bars = to_bars(data)
    series = source_series(data, source)
    for cls, func in CASES:
        params = cls.Params(period=period, source=source)
        got = run(cls(params), bars)["value"]
        expected = func(series, timeperiod=period)
        assert_same(got, expected, f"{cls.name}({period}, {source})")
        assert leading_nans(got) == cls.lookback(params)


@pytest.mark.parametrize("period", [2, 5, 14, 30, 200])
@pytest.mark.parametrize(("cls", "func"), CASES, ids=[c.name for c, _ in CASES])
def test_real_gold_bars_match_talib(cls, func, period):
    data = gold()
    got = run(cls(cls.Params(period=period)), to_bars(data))["value"]
    assert_same(got, func(data["close"], timeperiod=period), f"{cls.name}({period})")


def test_rsi_of_a_flat_market_is_zero_like_talib():
    data = {k: v[:40].copy() for k, v in gold().items()}
    for col in ("open", "high", "low", "close"):
        data[col][:] = 1300.0
    got = run(RSI(RSI.Params(period=14)), to_bars(data))["value"]
    expected = talib.RSI(data["close"], 14)
    assert_same(got, expected)
    assert got[-1] == 0.0


@pytest.mark.parametrize(("cls", "func"), CASES, ids=[c.name for c, _ in CASES])
def test_bit_identical_to_talib_on_real_bars(cls, func):
    """TA-Lib's order of operations is reproduced (for RSI: multiplying by the reciprocal of
    the period), so values are equal, not merely close."""
    data = gold()
    got = run(cls(cls.Params(period=14)), to_bars(data))["value"]
    expected = func(data["close"], 14)
    warm = ~np.isnan(expected)
    assert np.array_equal(got[warm], expected[warm])


@pytest.mark.parametrize(("cls", "smallest"), [(SMA, 1), (EMA, 1), (RSI, 2)])
def test_period_outside_talib_range_is_refused(cls, smallest):
    cls.Params(period=smallest)
    with pytest.raises(ValueError, match="period"):
        cls.Params(period=smallest - 1)
    with pytest.raises(ValueError, match="period"):
        cls.Params(period=100_001)


@pytest.mark.parametrize(("cls", "func"), [(SMA, talib.SMA), (EMA, talib.EMA)])
def test_period_one_averages_match_talib(cls, func):
    data = gold()
    got = run(cls(cls.Params(period=1)), to_bars(data))["value"]
    assert_same(got, func(data["close"], timeperiod=1))
