"""Highest and lowest price over a window (TA-Lib MAX / MIN) with monotonic deques.

The deque keeps only prices that can still become the extreme: a new price evicts every
older price it beats, so each price enters and leaves once and an update is O(1) amortized
whatever the period, where rescanning the window would be O(period) per bar.
"""

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


class ExtremeParams(IndicatorParams):
    period: int = period_field(30)
    """Bars in the window, the current one included (TA-Lib MAX/MIN timeperiod, 2..100000)."""


class _Extreme(PriceIndicator[ExtremeParams]):
    __slots__ = ("_count", "_ages", "_period", "_values", "value")

    def __init__(self, params: ExtremeParams) -> None:
        super().__init__(params)
        self._period = params.period
        self._values: deque[float] = deque()  # candidates, best first
        self._ages: deque[int] = deque()  # the bar number of each candidate
        self._count = 0
        self.value = NAN

    @classmethod
    def lookback(cls, params: ExtremeParams) -> int:
        return params.period - 1


class Highest(_Extreme):
    """Highest price of the last ``period`` bars (TA-Lib MAX), e.g. for breakouts and stops.

    The current bar is included, as in TA-Lib, so ``close > highest`` (same source) can never
    be true: a breakout compares the price with the previous bar's value. A monotonic deque
    keeps the update O(1) amortized whatever the period.
    """

    name: ClassVar[str] = "highest"
    Params: ClassVar[type[ExtremeParams]] = ExtremeParams
    __slots__ = ()

    def update(self, bar: Bar) -> None:
        x = bar.close if self._on_close else self._get(bar)
        values = self._values
        ages = self._ages
        while values and values[-1] <= x:
            values.pop()
            ages.pop()
        n = self._count
        values.append(x)
        ages.append(n)
        self._count = n + 1
        if ages[0] <= n - self._period:
            values.popleft()
            ages.popleft()
        if n >= self._period - 1:
            self.value = values[0]

    def batch(self, columns: Columns) -> dict[str, np.ndarray]:
        import talib

        return {"value": talib.MAX(self.prices(columns), self._period)}


class Lowest(_Extreme):
    """Lowest price of the last ``period`` bars (TA-Lib MIN), e.g. for breakouts and stops.

    The current bar is included, as in TA-Lib; a monotonic deque keeps the update O(1)
    amortized whatever the period.
    """

    name: ClassVar[str] = "lowest"
    Params: ClassVar[type[ExtremeParams]] = ExtremeParams
    __slots__ = ()

    def update(self, bar: Bar) -> None:
        x = bar.close if self._on_close else self._get(bar)
        values = self._values
        ages = self._ages
        while values and values[-1] >= x:
            values.pop()
            ages.pop()
        n = self._count
        values.append(x)
        ages.append(n)
        self._count = n + 1
        if ages[0] <= n - self._period:
            values.popleft()
            ages.popleft()
        if n >= self._period - 1:
            self.value = values[0]

    def batch(self, columns: Columns) -> dict[str, np.ndarray]:
        import talib

        return {"value": talib.MIN(self.prices(columns), self._period)}
