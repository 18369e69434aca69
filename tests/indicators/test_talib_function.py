"""The generic ``talib`` indicator: any TA-Lib function over a bounded window of bars."""

from __future__ import annotations

import numpy as np
import pytest
import talib
from indicator_support import assert_same, gold, random_ohlcv, run, to_bars

from runner_plugins.indicators.talib_function import TalibFunction

P = TalibFunction.Params


def full_history(data, function: str, params: dict, source: str = "close") -> list[np.ndarray]:
    """talib's own output on the whole series, through its abstract interface."""
    inputs = {k: data[k] for k in ("open", "high", "low", "close", "volume")}
    if source != "close":
        inputs["close"] = data[source]
    out = talib.abstract.Function(function, **params)(inputs)
    return [np.asarray(o, dtype=float) for o in (out if isinstance(out, list) else [out])]


@pytest.mark.parametrize(
    ("function", "params", "window"),
    [
        ("SMA", {"timeperiod": 10}, 50),
        ("WMA", {"timeperiod": 30}, 31),
        ("MAX", {"timeperiod": 20}, 64),
        ("BBANDS", {"timeperiod": 15, "nbdevup": 1.5, "nbdevdn": 2.5}, 40),
        ("CORREL", {"timeperiod": 30}, 100),
        ("WILLR", {"timeperiod": 14}, 20),
        ("AVGPRICE", {}, 1),
        ("OBV", {}, 10_000),  # cumulative: a window longer than the data is the full history
    ],
)
def test_bounded_functions_equal_talib_once_warm(function, params, window):
    data = gold() if function != "CORREL" else random_ohlcv(5, 3000, tick=0.1)
    n = min(len(data["close"]), 3000)
    data = {k: v[:n] for k, v in data.items()}
    indicator = TalibFunction(P(function=function, params=params, window=window))
    got = run(indicator, to_bars(data))
    names = TalibFunction.output_names(indicator.params)
    assert tuple(got) == names
    for name, expected in zip(names, full_history(data, function, params), strict=True):
        assert_same(got[name], expected, f"{function}.{name}")


def test_recursive_function_equals_talib_with_a_long_window():
    """EMA remembers all history; with ten times its period the seed has decayed away."""
    data = gold()
    got = run(
        TalibFunction(P(function="EMA", params={"timeperiod": 10}, window=300)), to_bars(data)
    )
    assert_same(got["real"], talib.EMA(data["close"], 10), "EMA")


def test_recursive_function_differs_with_a_short_window_as_documented():
    data = gold()
    bars = to_bars(data)
    short = run(TalibFunction(P(function="EMA", params={"timeperiod": 20}, window=25)), bars)
    expected = talib.EMA(data["close"], 20)
    assert_same(short["real"][:25], expected[:25], "EMA before the window is full")
    assert np.nanmax(np.abs(short["real"][25:] - expected[25:])) > 1e-6


def test_multiple_outputs_and_source():
    data = gold()
    params = {"fastperiod": 12, "slowperiod": 26, "signalperiod": 9}
    indicator = TalibFunction(P(function="macd", params=params, window=2000, source="high"))
    assert indicator.params.function == "MACD"
    got = run(indicator, to_bars(data))
    expected = full_history(data, "MACD", params, source="high")
    for name, values in zip(("macd", "macdsignal", "macdhist"), expected, strict=True):
        assert_same(got[name][:2000], values[:2000], name)
    assert TalibFunction.lookback(indicator.params) == 33


def test_candlestick_pattern_is_nan_until_its_lookback():
    data = gold()
    indicator = TalibFunction(P(function="CDLENGULFING", window=50))
    got = run(indicator, to_bars(data))["integer"]
    expected = talib.CDLENGULFING(data["open"], data["high"], data["low"], data["close"])
    lookback = TalibFunction.lookback(indicator.params)
    assert np.isnan(got[:lookback]).all()
    assert np.array_equal(got[lookback:], expected[lookback:].astype(float))
    assert np.abs(got[lookback:]).max() == 100.0  # the real data has engulfing bars


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"function": "KAMX"}, "unknown TA-Lib function 'KAMX'; did you mean 'KAMA'"),
        ({"function": "RSII"}, "did you mean 'RSI'"),
        ({"function": "MAVP"}, "needs the input 'periods'"),
        ({"function": "SMA", "params": {"period": 5}}, "no parameter 'period'; its parameters: "),
        ({"function": "SMA", "params": {"timeperiod": 0}}, "rejects params"),
        ({"function": "MACD", "params": {"fastperiod": 12.5}}, "rejects params"),
        ({"function": "SMA", "params": {"timeperiod": 50}, "window": 49}, "too short"),
        ({"function": "SMA", "window": 0}, "window"),
    ],
)
def test_bad_configuration_is_a_clear_validation_error(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        P(**kwargs)


def test_every_talib_function_bars_can_feed_runs_and_equals_talib():
    """With a window longer than the data, every function's output is its full history."""
    data = {k: v[:300] for k, v in gold().items()}
    bars = to_bars(data)
    reserved = set(dir(TalibFunction))
    checked = 0
    for name in talib.get_functions():
        if name == "MAVP":  # needs a 'periods' series, which bars do not have
            continue
        params = P(function=name, window=400)
        indicator = TalibFunction(params)
        names = TalibFunction.output_names(params)
        assert not reserved & set(names), name
        got = run(indicator, bars)
        lookback = TalibFunction.lookback(params)
        for output, expected in zip(names, full_history(data, name, {}), strict=True):
            expected = expected.copy()
            expected[:lookback] = np.nan  # integer outputs (patterns) show 0 there in TA-Lib
            assert_same(got[output], expected, f"{name}.{output}")
        checked += 1
    assert checked > 150
