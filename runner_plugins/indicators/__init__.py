"""Built-in indicators: O(1) per bar, equal to TA-Lib's full-history values.

One module per indicator family; the ``talib`` indicator runs any other TA-Lib function
over a bounded window.
"""

from runner.api import hookimpl
from runner_plugins.indicators.dispersion import BBands, StdDev, ZScore
from runner_plugins.indicators.extremes import Highest, Lowest
from runner_plugins.indicators.hedge import HedgeRatio
from runner_plugins.indicators.moving import EMA, SMA
from runner_plugins.indicators.range import ATR, TR
from runner_plugins.indicators.roc import ROC
from runner_plugins.indicators.rsi import RSI
from runner_plugins.indicators.talib_function import TalibFunction
from runner_plugins.indicators.vwap import VWAP

BUILTINS = (
    SMA,
    EMA,
    RSI,
    BBands,
    StdDev,
    ZScore,
    ATR,
    TR,
    ROC,
    Highest,
    Lowest,
    VWAP,
    HedgeRatio,
    TalibFunction,
)


@hookimpl
def register_indicators() -> list:
    return list(BUILTINS)
