"""Relative strength index with Wilder's smoothing, exactly as TA-Lib seeds and updates it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from runner.api.indicator import IndicatorParams
from runner_plugins.indicators._common import NAN, period_field
from runner_plugins.indicators._price import PriceIndicator

if TYPE_CHECKING:
    import numpy as np

    from runner.api import Bar
    from runner_plugins.indicators._batch import Columns


class RsiParams(IndicatorParams):
    period: int = period_field(14)
    """Wilder's smoothing period (TA-Lib RSI timeperiod, 2..100000)."""


class RSI(PriceIndicator[RsiParams]):
    """Relative strength index (0-100): how much of the recent movement was up-moves.

    TA-Lib's seeding: the first value averages the gains and losses of the first ``period``
    price changes; later ones smooth them as ``avg = (avg * (period - 1) + change) / period``
    (Wilder). When nothing moved at all the value is 0, as in TA-Lib.
    """

    name: ClassVar[str] = "rsi"
    Params: ClassVar[type[RsiParams]] = RsiParams
    __slots__ = ("_count", "_gain", "_inv", "_loss", "_m", "_period", "_prev", "value")

    def __init__(self, params: RsiParams) -> None:
        super().__init__(params)
        self._period = params.period
        # TA-Lib multiplies by the reciprocal of the period rather than dividing by it; doing
        # the same keeps every value bit-identical to talib.RSI, not merely close.
        self._inv = 1.0 / params.period
        self._m = float(params.period - 1)
        self._count = 0
        self._prev = NAN
        self._gain = 0.0
        self._loss = 0.0
        self.value = NAN

    @classmethod
    def lookback(cls, params: RsiParams) -> int:
        return params.period

    def update(self, bar: Bar) -> None:
        x = bar.close if self._on_close else self._get(bar)
        change = x - self._prev
        self._prev = x
        if self._count < 0:  # warm: the hot path
            m = self._m
            gain = self._gain * m
            loss = self._loss * m
            if change < 0.0:
                loss -= change
            else:
                gain += change
            gain *= self._inv
            loss *= self._inv
            self._gain = gain
            self._loss = loss
            total = gain + loss
            self.value = 100.0 * (gain / total) if total != 0.0 else 0.0
            return
        count = self._count
        self._count = count + 1
        if count == 0:  # the first price has no change
            return
        if change < 0.0:
            self._loss -= change
        else:
            self._gain += change
        if count == self._period:
            gain = self._gain * self._inv
            loss = self._loss * self._inv
            self._gain = gain
            self._loss = loss
            total = gain + loss
            self.value = 100.0 * (gain / total) if total != 0.0 else 0.0
            self._count = -1

    def batch(self, columns: Columns) -> dict[str, np.ndarray]:
        import talib

        return {"value": talib.RSI(self.prices(columns), self._period)}
