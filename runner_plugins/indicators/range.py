"""True range and average true range (Wilder), with TA-Lib's seeding."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from pydantic import model_validator

from runner.api.indicator import Indicator, IndicatorParams
from runner_plugins.indicators._common import NAN, period_field

if TYPE_CHECKING:
    import numpy as np

    from runner.api import Bar
    from runner_plugins.indicators._batch import Columns


class RangeParams(IndicatorParams):
    """Parameters of indicators that read high, low and close together."""

    @model_validator(mode="after")
    def _no_source(self) -> RangeParams:
        if "source" in self.model_fields_set:
            raise ValueError("source does not apply: this indicator reads high, low and close")
        return self


class TR(Indicator[RangeParams]):
    """True range: the bar's range, stretched to include a gap from the previous close.

    ``max(high - low, |high - prev close|, |low - prev close|)``, TA-Lib's TRANGE; the first
    bar has no previous close and gives nan.
    """

    name: ClassVar[str] = "tr"
    Params: ClassVar[type[RangeParams]] = RangeParams
    __slots__ = ("_prev", "value")

    def __init__(self, params: RangeParams) -> None:
        super().__init__(params)
        self._prev = NAN
        self.value = NAN

    @classmethod
    def lookback(cls, params: RangeParams) -> int:
        return 1

    def update(self, bar: Bar) -> None:
        high = bar.high
        low = bar.low
        prev = self._prev
        self._prev = bar.close
        if prev != prev:  # nan: the first bar
            return
        tr = high - low
        up = abs(prev - high)
        if up > tr:
            tr = up
        down = abs(prev - low)
        if down > tr:
            tr = down
        self.value = tr

    def batch(self, columns: Columns) -> dict[str, np.ndarray]:
        from runner_plugins.indicators._batch import true_range

        return {"value": true_range(columns)}


class AtrParams(RangeParams):
    period: int = period_field(14, minimum=1)
    """Wilder's smoothing period (TA-Lib ATR timeperiod, 1..100000; 1 is the true range)."""


class ATR(Indicator[AtrParams]):
    """Average true range: the typical size of a bar including gaps, in price points.

    TA-Lib's seeding: the first value (after ``period + 1`` bars) is the simple average of
    the first ``period`` true ranges, then ``atr = (atr * (period - 1) + tr) / period``.
    Agrees with talib.ATR to ~1e-15 relative (TA-Lib 0.8 rounds its smoothing step slightly
    differently from this formula).
    """

    name: ClassVar[str] = "atr"
    Params: ClassVar[type[AtrParams]] = AtrParams
    __slots__ = ("_count", "_m", "_period", "_prev", "_sum", "value")

    def __init__(self, params: AtrParams) -> None:
        super().__init__(params)
        self._period = params.period
        self._m = float(params.period - 1)
        self._count = 0
        self._sum = 0.0
        self._prev = NAN
        self.value = NAN

    @classmethod
    def lookback(cls, params: AtrParams) -> int:
        return params.period

    def update(self, bar: Bar) -> None:
        high = bar.high
        low = bar.low
        prev = self._prev
        self._prev = bar.close
        if prev != prev:  # nan: the first bar has no true range
            return
        tr = high - low
        up = abs(prev - high)
        if up > tr:
            tr = up
        down = abs(prev - low)
        if down > tr:
            tr = down
        if self._count < 0:  # warm: the hot path
            self.value = (self.value * self._m + tr) / self._period
            return
        self._sum += tr
        self._count += 1
        if self._count == self._period:
            self.value = self._sum / self._period
            self._count = -1

    def batch(self, columns: Columns) -> dict[str, np.ndarray]:
        from runner_plugins.indicators._batch import true_range, wilder_atr

        return {"value": wilder_atr(true_range(columns), self._period)}
