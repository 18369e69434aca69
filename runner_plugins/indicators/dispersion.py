"""Standard deviation, Bollinger Bands and z-score over a rolling window.

All three share one numerically careful O(1) kernel. Running sums of ``x`` and ``x*x`` lose
``mean**2 / variance`` of their precision to cancellation, and the square root turns a tiny
absolute error in a near-zero variance into a visible one (1e-6 on a flat minute of a
25,000-point index, where the true value is 0). So the sums are of ``x - pivot``, and the
kernel tracks ``mass``, the sum of the ``x*x`` totals it has carried since the last re-sum
(which bounds their accumulated rounding error). When ``mass`` exceeds
``(4 * period + 1e4) * period`` variances the pivot moves to the newest price and the
window is re-summed: O(period) work, right after which the condition cannot hold again (a
window whose extremes differ by ``r`` has a variance of at least ``r**2 / (2 * period)``).
Re-sums come every few hundred bars in trending markets and at the start of flat ones,
O(1) amortized; the variance keeps a relative error below ~1e-10 (typically 1e-14), and a
flat window gives exactly 0.
"""

from __future__ import annotations

from collections import deque
from math import sqrt
from typing import TYPE_CHECKING, ClassVar

from pydantic import Field

from runner.api.indicator import IP, IndicatorParams
from runner_plugins.indicators._common import NAN, period_field
from runner_plugins.indicators._price import PriceIndicator

if TYPE_CHECKING:
    from collections.abc import Iterator

    import numpy as np

    from runner.api import Bar
    from runner_plugins.indicators._batch import Columns

FLAT = 1e-10
"""A window whose deviation is below this fraction of its mean is flat: z-score 0."""


class _Dispersion(PriceIndicator[IP]):
    """Window, pivot-shifted sums and the re-centering step shared by the three indicators.

    Each subclass repeats the same few lines of sum keeping in its own ``update`` instead
    of calling a shared method: the update runs on every bar of every bot, and a method
    call is a fifth of its cost.
    """

    __slots__ = ("_limit", "_mass", "_period", "_pivot", "_s1", "_s2", "_warm", "_window")

    def __init__(self, params: IP, period: int) -> None:
        super().__init__(params)
        self._period = period
        self._window: deque[float] = deque()
        self._pivot = 0.0
        self._s1 = 0.0
        self._s2 = 0.0
        self._mass = 0.0
        self._limit = (4.0 * period + 1e4) * period
        self._warm = False  # the first full window is summed by _recenter

    def _recenter(self) -> tuple[float, float]:
        """Move the pivot to the newest price and re-sum the full window."""
        window = self._window
        pivot = window[-1]
        s1 = 0.0
        s2 = 0.0
        for x in window:
            d = x - pivot
            s1 += d
            s2 += d * d
        self._pivot = pivot
        self._warm = True
        return s1, s2

    def _moments(
        self, columns: Columns, x: np.ndarray | None = None
    ) -> Iterator[tuple[int, np.ndarray, np.ndarray, np.ndarray]]:
        """Per block of bars: its first bar, then per bar the pivot, ``m = s1 / n`` and
        ``var = s2 / n - m * m`` exactly as ``update`` computes them
        (:func:`._batch.dispersion_blocks`)."""
        from runner_plugins.indicators._batch import dispersion_blocks

        n = self._period
        lo = 0
        for pivot, s1, s2 in dispersion_blocks(self.prices(columns) if x is None else x, n):
            m = s1 / n
            yield lo, pivot, m, s2 / n - m * m
            lo += len(pivot)

    def batch(self, columns: Columns) -> dict[str, np.ndarray]:
        """:meth:`batch_blocks` in one piece."""
        import numpy as np

        blocks = list(self.batch_blocks(columns))
        names = type(self).output_names(self.params)
        if not blocks:
            return {name: np.empty(0) for name in names}
        return {name: np.concatenate([b[name] for b in blocks]) for name in names}

    def batch_blocks(self, columns: Columns) -> Iterator[dict[str, np.ndarray]]:
        """The outputs a block of bars at a time, so that no whole-history temporaries are
        held (the runner writes each block out before asking for the next)."""
        raise NotImplementedError


class StddevParams(IndicatorParams):
    period: int = period_field(5)
    """Bars in the window (TA-Lib STDDEV timeperiod, 2..100000)."""
    nbdev: float = Field(1.0, gt=0, le=100)
    """Multiplier applied to the standard deviation (more than 0, at most 100)."""


class StdDev(_Dispersion[StddevParams]):
    """Standard deviation of price over the last ``period`` bars, times ``nbdev``.

    Population standard deviation (divides by ``period``), as TA-Lib's STDDEV.
    """

    name: ClassVar[str] = "stddev"
    Params: ClassVar[type[StddevParams]] = StddevParams
    __slots__ = ("_nbdev", "value")

    def __init__(self, params: StddevParams) -> None:
        super().__init__(params, params.period)
        self._nbdev = params.nbdev
        self.value = NAN

    @classmethod
    def lookback(cls, params: StddevParams) -> int:
        return params.period - 1

    def update(self, bar: Bar) -> None:
        x = bar.close if self._on_close else self._get(bar)
        window = self._window
        window.append(x)
        if self._warm:
            d = x - self._pivot
            s1 = self._s1 + d
            s2 = self._s2 + d * d
            mass = self._mass + s2
        elif len(window) == self._period:
            s1, s2 = self._recenter()
            mass = s2
        else:
            return
        n = self._period
        m = s1 / n
        var = s2 / n - m * m
        if mass > self._limit * var:  # rounding may have eaten the variance: re-sum
            s1, s2 = self._recenter()
            mass = s2
            m = s1 / n
            var = s2 / n - m * m
        self.value = sqrt(var) * self._nbdev if var > 0.0 else 0.0
        d = window.popleft() - self._pivot
        self._s1 = s1 - d
        self._s2 = s2 - d * d
        self._mass = mass

    def batch_blocks(self, columns: Columns) -> Iterator[dict[str, np.ndarray]]:
        for _, _, _, var in self._moments(columns):
            yield {"value": _deviation(var) * self._nbdev}


class BbandsParams(IndicatorParams):
    period: int = period_field(20)
    """Bars in the moving average and the deviation (TA-Lib BBANDS timeperiod, 2..100000)."""
    nbdev_up: float = Field(2.0, gt=0, le=100)
    """Standard deviations from the middle band to the upper band (at most 100)."""
    nbdev_dn: float = Field(2.0, gt=0, le=100)
    """Standard deviations from the middle band to the lower band (at most 100)."""


class BBands(_Dispersion[BbandsParams]):
    """Bollinger Bands: a moving average with bands a few standard deviations above and below.

    ``middle`` is the simple moving average, ``upper``/``lower`` add/subtract ``nbdev_up``/
    ``nbdev_dn`` population standard deviations: TA-Lib's BBANDS with matype SMA (the only
    average offered here; for another matype use the ``talib`` indicator).
    """

    name: ClassVar[str] = "bbands"
    Params: ClassVar[type[BbandsParams]] = BbandsParams
    outputs: ClassVar[tuple[str, ...]] = ("upper", "middle", "lower")
    __slots__ = ("_dn", "_up", "lower", "middle", "upper")

    def __init__(self, params: BbandsParams) -> None:
        super().__init__(params, params.period)
        self._up = params.nbdev_up
        self._dn = params.nbdev_dn
        self.upper = NAN
        self.middle = NAN
        self.lower = NAN

    @classmethod
    def lookback(cls, params: BbandsParams) -> int:
        return params.period - 1

    def update(self, bar: Bar) -> None:
        x = bar.close if self._on_close else self._get(bar)
        window = self._window
        window.append(x)
        if self._warm:
            d = x - self._pivot
            s1 = self._s1 + d
            s2 = self._s2 + d * d
            mass = self._mass + s2
        elif len(window) == self._period:
            s1, s2 = self._recenter()
            mass = s2
        else:
            return
        n = self._period
        m = s1 / n
        var = s2 / n - m * m
        if mass > self._limit * var:  # rounding may have eaten the variance: re-sum
            s1, s2 = self._recenter()
            mass = s2
            m = s1 / n
            var = s2 / n - m * m
        std = sqrt(var) if var > 0.0 else 0.0
        mid = self._pivot + m
        self.middle = mid
        self.upper = mid + std * self._up
        self.lower = mid - std * self._dn
        d = window.popleft() - self._pivot
        self._s1 = s1 - d
        self._s2 = s2 - d * d
        self._mass = mass

    def batch_blocks(self, columns: Columns) -> Iterator[dict[str, np.ndarray]]:
        for _, pivot, m, var in self._moments(columns):
            std = _deviation(var)
            mid = pivot + m
            yield {"upper": mid + std * self._up, "middle": mid, "lower": mid - std * self._dn}


class ZscoreParams(IndicatorParams):
    period: int = period_field(20)
    """Bars in the mean and the standard deviation (2..100000)."""


class ZScore(_Dispersion[ZscoreParams]):
    """Z-score: how many standard deviations price is above (+) or below (-) its average.

    ``(price - SMA(period)) / STDDEV(period)`` with the population standard deviation, i.e.
    talib.SMA and talib.STDDEV combined (TA-Lib has no z-score of its own). A flat window
    (deviation below 1e-10 of the mean, nothing to measure against) gives 0.
    """

    name: ClassVar[str] = "zscore"
    Params: ClassVar[type[ZscoreParams]] = ZscoreParams
    __slots__ = ("value",)

    def __init__(self, params: ZscoreParams) -> None:
        super().__init__(params, params.period)
        self.value = NAN

    @classmethod
    def lookback(cls, params: ZscoreParams) -> int:
        return params.period - 1

    def update(self, bar: Bar) -> None:
        x = bar.close if self._on_close else self._get(bar)
        window = self._window
        window.append(x)
        if self._warm:
            d = x - self._pivot
            s1 = self._s1 + d
            s2 = self._s2 + d * d
            mass = self._mass + s2
        elif len(window) == self._period:
            s1, s2 = self._recenter()
            mass = s2
        else:
            return
        n = self._period
        m = s1 / n
        var = s2 / n - m * m
        if mass > self._limit * var:  # rounding may have eaten the variance: re-sum
            s1, s2 = self._recenter()
            mass = s2
            m = s1 / n
            var = s2 / n - m * m
        pivot = self._pivot
        mean = pivot + m
        std = sqrt(var) if var > 0.0 else 0.0
        if std > FLAT * abs(mean):
            self.value = ((x - pivot) - m) / std
        else:
            self.value = 0.0
        d = window.popleft() - pivot
        self._s1 = s1 - d
        self._s2 = s2 - d * d
        self._mass = mass

    def batch_blocks(self, columns: Columns) -> Iterator[dict[str, np.ndarray]]:
        import numpy as np

        x = self.prices(columns)
        for lo, pivot, m, var in self._moments(columns, x):
            std = _deviation(var)
            mean = pivot + m
            with np.errstate(invalid="ignore", divide="ignore"):
                z = ((x[lo : lo + len(m)] - pivot) - m) / std
            zero = np.where(np.isnan(m), m, 0.0)
            yield {"value": np.where(std > FLAT * np.abs(mean), z, zero)}


def _deviation(var: np.ndarray) -> np.ndarray:
    """``sqrt(var) if var > 0.0 else 0.0`` per bar (nan stays nan)."""
    import numpy as np

    with np.errstate(invalid="ignore"):
        return np.where(
            var > 0.0, np.sqrt(np.where(var > 0.0, var, 0.0)), np.where(np.isnan(var), var, 0.0)
        )
