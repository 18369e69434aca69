"""ATR, TR, ROC, highest and lowest against talib."""

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

from runner_plugins.indicators.extremes import Highest, Lowest
from runner_plugins.indicators.range import ATR, TR
from runner_plugins.indicators.roc import ROC

SOURCES = st.sampled_from(["close", "close", "low", "high", "hl2", "volume"])


def check(data, period: int, source: str) -> None:
    bars = to_bars(data)
    h, lo, c = data["high"], data["low"], data["close"]
    series = source_series(data, source)

    params = ATR.Params(period=period)
    got = run(ATR(params), bars)["value"]
    assert_same(got, talib.ATR(h, lo, c, period), f"atr({period})")
    assert leading_nans(got) == ATR.lookback(params) == period

    got = run(TR(TR.Params()), bars)["value"]
    assert_same(got, talib.TRANGE(h, lo, c), "tr")

    got = run(ROC(ROC.Params(period=period, source=source)), bars)["value"]
    assert_same(got, talib.ROC(series, period), f"roc({period}, {source})")

    if period >= 2:
        for cls, func in ((Highest, talib.MAX), (Lowest, talib.MIN)):
            params = cls.Params(period=period, source=source)
            got = run(cls(params), bars)["value"]
            expected = func(series, period)
            assert_same(got, expected, f"{cls.name}({period}, {source})")
            warm = ~np.isnan(expected)
            assert np.array_equal(got[warm], expected[warm])  # a max is exact, not close
            assert leading_nans(got) == cls.lookback(params)


@PROPERTY
@given(data=ohlcv(), period=st.integers(1, 120), source=SOURCES)
def test_random_walks_match_talib(data, period, source):
    check(data, period, source)


@pytest.mark.parametrize("period", [1, 2, 14, 60, 390])
def test_real_gold_bars_match_talib(period):
    check(gold(), period, "close")


def test_highest_follows_a_falling_market_window_by_window():
    """A strictly falling series is the worst case for a monotonic deque: all kept."""
    data = {k: v[:500].copy() for k, v in gold().items()}
    data["close"] = np.linspace(1500.0, 1000.0, 500)
    got = run(Highest(Highest.Params(period=25)), to_bars(data))["value"]
    assert_same(got, talib.MAX(data["close"], 25))


def test_roc_from_a_zero_price_is_zero_like_talib():
    data = {k: v[:30].copy() for k, v in gold().items()}
    data["close"][:5] = 0.0
    got = run(ROC(ROC.Params(period=3)), to_bars(data))["value"]
    assert_same(got, talib.ROC(data["close"], 3))
    assert got[3] == 0.0


@pytest.mark.parametrize("cls", [ATR, TR])
def test_source_is_refused_where_it_would_be_ignored(cls):
    with pytest.raises(ValueError, match="source does not apply"):
        cls.Params(source="hl2")
