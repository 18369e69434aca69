"""Every built-in indicator is found through the entry point and honours the Indicator API."""

from __future__ import annotations

import math

import pytest
from indicator_support import gold, to_bars

from runner.api.base import PluginKind
from runner.api.indicator import Indicator, IndicatorParams
from runner.plugins import registry
from runner_plugins.indicators import BUILTINS
from runner_plugins.indicators._common import source_getter

NAMES = {
    "sma",
    "ema",
    "rsi",
    "bbands",
    "stddev",
    "zscore",
    "atr",
    "tr",
    "roc",
    "highest",
    "lowest",
    "vwap",
    "hedge_ratio",
    "talib",
}
REQUIRED = {"hedge_ratio": {"x": "es"}, "talib": {"function": "KAMA"}}


def test_all_builtins_are_registered_through_the_entry_point():
    found = set(registry().names(PluginKind.INDICATOR))
    assert NAMES <= found
    for cls in BUILTINS:
        assert registry().get(PluginKind.INDICATOR, cls.name).cls is cls


@pytest.mark.parametrize("cls", BUILTINS, ids=[c.name for c in BUILTINS])
def test_indicator_contract(cls):
    assert issubclass(cls, Indicator)
    assert issubclass(cls.Params, IndicatorParams)
    summary = (cls.__doc__ or "").strip().splitlines()[0]
    assert summary and len(summary) <= 100
    params = cls.Params(**REQUIRED.get(cls.name, {}))
    indicator = cls(params)
    names = cls.output_names(params)
    assert names
    for name in names:
        assert math.isnan(getattr(indicator, name))
    assert cls.lookback(params) >= 0
    cls.Params.model_json_schema()  # the schema export must work for every indicator


@pytest.mark.parametrize("cls", BUILTINS, ids=[c.name for c in BUILTINS])
def test_unknown_keys_are_refused(cls):
    with pytest.raises(ValueError, match="peroid"):
        cls.Params(peroid=14, **REQUIRED.get(cls.name, {}))


@pytest.mark.parametrize(
    "source", ["open", "high", "low", "close", "volume", "hl2", "hlc3", "ohlc4"]
)
def test_source_getter_agrees_with_indicator_price(source):
    get = source_getter(source)
    for bar in to_bars({k: v[:200] for k, v in gold().items()}):
        assert get(bar) == Indicator.price(bar, source)
