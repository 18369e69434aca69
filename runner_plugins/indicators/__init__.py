"""Built-in indicators: O(1) per bar, equal to TA-Lib's full-history values.

One module per indicator family; the ``talib`` indicator runs any other TA-Lib function
over a bounded window. Each is registered by name and its module imported when a bot uses
it, so listing or validating never pays for the others.
"""

from typing import Any

from runner.api import hookimpl
from runner.api.registry import deferred, lazy_exports

REFS = (
    deferred("indicator", "sma", "runner_plugins.indicators.moving:SMA"),
    deferred("indicator", "ema", "runner_plugins.indicators.moving:EMA"),
    deferred("indicator", "rsi", "runner_plugins.indicators.rsi:RSI"),
    deferred("indicator", "bbands", "runner_plugins.indicators.dispersion:BBands"),
    deferred("indicator", "stddev", "runner_plugins.indicators.dispersion:StdDev"),
    deferred("indicator", "zscore", "runner_plugins.indicators.dispersion:ZScore"),
    deferred("indicator", "atr", "runner_plugins.indicators.range:ATR"),
    deferred("indicator", "tr", "runner_plugins.indicators.range:TR"),
    deferred("indicator", "roc", "runner_plugins.indicators.roc:ROC"),
    deferred("indicator", "highest", "runner_plugins.indicators.extremes:Highest"),
    deferred("indicator", "lowest", "runner_plugins.indicators.extremes:Lowest"),
    deferred("indicator", "vwap", "runner_plugins.indicators.vwap:VWAP"),
    deferred("indicator", "hedge_ratio", "runner_plugins.indicators.hedge:HedgeRatio"),
    deferred("indicator", "talib", "runner_plugins.indicators.talib_function:TalibFunction"),
)
_classes = lazy_exports(REFS, __name__)


def __getattr__(name: str) -> Any:
    """The classes by name (``from runner_plugins.indicators import RSI``), and
    ``BUILTINS``, all of them; each module is imported on first use."""
    if name == "BUILTINS":
        return tuple(_classes(ref.class_name) for ref in REFS)
    return _classes(name)


@hookimpl
def register_indicators() -> list:
    return list(REFS)
