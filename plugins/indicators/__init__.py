"""Built-in indicators: O(1) per bar, equal to TA-Lib's full-history values."""

from runner_plugins.indicators.moving import EMA, SMA
from runner_plugins.indicators.rsi import RSI

from runner.hookspecs import hookimpl


@hookimpl
def register_indicators() -> list:
    return [SMA, EMA, RSI]
