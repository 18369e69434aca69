"""Moving averages: simple and exponential, with TA-Lib's seeding and arithmetic order."""

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


class SmaParams(IndicatorParams):
    period: int = period_field(30, minimum=1)
    """Bars averaged (TA-Lib SMA timeperiod, 1..100000)."""


class SMA(PriceIndicator[SmaParams]):
    """Simple moving average: the mean price of the last ``period`` bars.

    A running sum updated in TA-Lib's order (add the new price, divide, then drop the oldest),
    so each value is the one talib.SMA gives for the same history, at O(1) per bar.
    """

    name: ClassVar[str] = "sma"
    Params: ClassVar[type[SmaParams]] = SmaParams
    __slots__ = ("_period", "_sum", "_window", "value")

    def __init__(self, params: SmaParams) -> None:
        super().__init__(params)
        self._period = params.period
        self._window: deque[float] = deque()
        self._sum = 0.0
        self.value = NAN

    @classmethod
    def lookback(cls, params: SmaParams) -> int:
        return params.period - 1

    def update(self, bar: Bar) -> None:
        x = bar.close if self._on_close else self._get(bar)
        window = self._window
        window.append(x)
        total = self._sum + x
        if len(window) == self._period:
            self.value = total / self._period
            total -= window.popleft()
        self._sum = total

    def batch(self, columns: Columns) -> dict[str, np.ndarray]:
        import talib

        return {"value": talib.SMA(self.prices(columns), self._period)}


class EmaParams(IndicatorParams):
    period: int = period_field(30, minimum=1)
    """Smoothing period (1..100000); each new price weighs 2 / (period + 1)."""


class EMA(PriceIndicator[EmaParams]):
    """Exponential moving average: a moving average that weights recent prices more.

    Seeded the way TA-Lib does it (the first value is the simple average of the first
    ``period`` prices), then ``ema += (price - ema) * 2 / (period + 1)`` in TA-Lib's order.
    """

    name: ClassVar[str] = "ema"
    Params: ClassVar[type[EmaParams]] = EmaParams
    __slots__ = ("_count", "_k", "_period", "_sum", "value")

    def __init__(self, params: EmaParams) -> None:
        super().__init__(params)
        self._period = params.period
        self._k = 2.0 / (params.period + 1.0)
        self._count = 0
        self._sum = 0.0
        self.value = NAN

    @classmethod
    def lookback(cls, params: EmaParams) -> int:
        return params.period - 1

    def update(self, bar: Bar) -> None:
        x = bar.close if self._on_close else self._get(bar)
        if self._count < 0:  # warm: the hot path
            prev = self.value
            self.value = (x - prev) * self._k + prev
            return
        self._sum += x
        self._count += 1
        if self._count == self._period:
            self.value = self._sum / self._period
            self._count = -1

    def batch(self, columns: Columns) -> dict[str, np.ndarray]:
        import talib

        return {"value": talib.EMA(self.prices(columns), self._period)}
