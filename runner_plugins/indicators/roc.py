"""Rate of change in percent, TA-Lib's ROC."""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, ClassVar

from runner.api.indicator import IndicatorParams
from runner_plugins.indicators._common import NAN, period_field
from runner_plugins.indicators._price import PriceIndicator

if TYPE_CHECKING:
    import numpy as np

    from runner.api import Bar
    from runner_plugins.indicators._batch import Columns


class RocParams(IndicatorParams):
    period: int = period_field(10, minimum=1)
    """Bars back to the price compared against (TA-Lib ROC timeperiod, 1..100000)."""


class ROC(PriceIndicator[RocParams]):
    """Rate of change: percent move of price over the last ``period`` bars.

    ``(price / price[period bars ago] - 1) * 100``, and 0 when the old price is 0, as TA-Lib.
    """

    name: ClassVar[str] = "roc"
    Params: ClassVar[type[RocParams]] = RocParams
    __slots__ = ("_period", "_window", "value")

    def __init__(self, params: RocParams) -> None:
        super().__init__(params)
        self._period = params.period
        self._window: deque[float] = deque()
        self.value = NAN

    @classmethod
    def lookback(cls, params: RocParams) -> int:
        return params.period

    def update(self, bar: Bar) -> None:
        x = bar.close if self._on_close else self._get(bar)
        window = self._window
        window.append(x)
        if len(window) > self._period:
            old = window.popleft()
            self.value = ((x / old) - 1.0) * 100.0 if old != 0.0 else 0.0

    def batch(self, columns: Columns) -> dict[str, np.ndarray]:
        import talib

        return {"value": talib.ROC(self.prices(columns), self._period)}
