"""Rolling hedge ratio of a pair: OLS of one leg on the other, with the spread's z-score."""

from __future__ import annotations

from math import sqrt
from typing import TYPE_CHECKING, ClassVar

from pydantic import Field

from runner.api.indicator import Indicator, IndicatorParams
from runner_plugins.indicators._common import MAX_PERIOD, NAN, source_getter

if TYPE_CHECKING:
    from runner.api import Bar
    from runner.api.context import BotContext, InstrumentState

DEGENERATE = 1e-13
"""x varies by less than this fraction of its size over the window: no regression possible."""
PERFECT = 1e-9
"""Residuals below this fraction of y's variation (R-squared above 1 - 1e-9) are a perfect
fit: the z-score of rounding noise would be meaningless, so it is 0."""


class HedgeRatioParams(IndicatorParams):
    x: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    """Key of the other leg among the bot's instruments (``instrument`` is the y leg)."""
    lookback: int = Field(60, ge=3, le=MAX_PERIOD)
    """Bars in the regression window and in the spread's z-score (3 or more: a line
    through two points always fits)."""


class HedgeRatio(Indicator[HedgeRatioParams]):
    """Pair hedge ratio: units of x that hedge one unit of y, and how stretched the spread is.

    Over the last ``lookback`` bars, least squares ``y = alpha + beta * x``. ``spread`` is
    this bar's residual ``y - (alpha + beta * x)``; ``zscore`` is that residual divided by
    the population standard deviation of the window's residuals under the same fit (they
    average zero by construction), so a pair trader enters at |zscore| > 2 and exits near 0.
    nan while x has no bar yet, until ``lookback`` pairs were seen, and while x is flat
    over the window (no hedge ratio exists).

    x's price is its latest bar (``ctx.instruments[x].bar``, the last known price if x has
    not traded this bar). O(1) per bar: running sums of x, y, x*x, x*y and y*y shifted by a
    pivot, re-summed around the newest pair (O(lookback), every few hundred bars) when the
    rounding they have accumulated could matter, as in the ``stddev`` kernel. Precision:
    beta, alpha and spread to ~1e-11 relative; the z-score to ~4e-14 / (1 - R^2), since a
    near-perfect fit's residuals are differences of nearly equal numbers; beyond
    R^2 = 1 - 1e-9 the fit counts as perfect and the z-score is 0.
    """

    name: ClassVar[str] = "hedge_ratio"
    Params: ClassVar[type[HedgeRatioParams]] = HedgeRatioParams
    params: HedgeRatioParams
    outputs: ClassVar[tuple[str, ...]] = ("beta", "alpha", "spread", "zscore")
    __slots__ = (
        "_get",
        "_i",
        "_kx",
        "_ky",
        "_left",
        "_limit",
        "_mass_x",
        "_mass_y",
        "_n",
        "_on_close",
        "_sx",
        "_sxx",
        "_sxy",
        "_sy",
        "_syy",
        "_xs",
        "_xstate",
        "_ys",
        "alpha",
        "beta",
        "spread",
        "zscore",
    )

    def __init__(self, params: HedgeRatioParams) -> None:
        super().__init__(params)
        self._on_close = params.source == "close"
        self._get = source_getter(params.source)
        self._n = params.lookback
        self._xs = [0.0] * params.lookback  # ring buffers of the window
        self._ys = [0.0] * params.lookback
        self._i = 0
        self._left = -params.lookback  # < 0: bars still needed to fill the first window
        self._kx = 0.0
        self._ky = 0.0
        self._sx = self._sy = self._sxx = self._sxy = self._syy = 0.0
        self._mass_x = self._mass_y = 0.0
        self._limit = 4.0 * params.lookback + 100.0
        self._xstate: InstrumentState | None = None
        self.beta = NAN
        self.alpha = NAN
        self.spread = NAN
        self.zscore = NAN

    @classmethod
    def lookback(cls, params: HedgeRatioParams) -> int:
        return params.lookback - 1

    def bind(self, ctx: BotContext) -> None:
        key = self.params.x
        state = ctx.instruments.get(key)
        if state is None:
            known = ", ".join(sorted(ctx.instruments))
            raise ValueError(
                f"hedge_ratio: x {key!r} is not an instrument of bot {ctx.bot!r} "
                f"(its instruments: {known})"
            )
        self._xstate = state

    def update(self, bar: Bar) -> None:
        xstate = self._xstate
        if xstate is None:
            raise RuntimeError("hedge_ratio: update before bind; the core binds it to its bot")
        xbar = xstate.bar
        if xbar is None:
            return
        if self._on_close:
            self.update_pair(bar.close, xbar.close)
        else:
            self.update_pair(self._get(bar), self._get(xbar))

    def update_pair(self, y: float, x: float) -> None:
        """One observation of the pair (``update`` reads it from the two legs' bars)."""
        n = self._n
        i = self._i
        xs = self._xs
        ys = self._ys
        left = self._left
        if left > 0:  # warm: slide the window through the running sums
            kx = self._kx
            ky = self._ky
            ox = xs[i] - kx
            oy = ys[i] - ky
            dx = x - kx
            dy = y - ky
            sx = self._sx + dx - ox
            sy = self._sy + dy - oy
            sxx = self._sxx + dx * dx - ox * ox
            sxy = self._sxy + dx * dy - ox * oy
            syy = self._syy + dy * dy - oy * oy
        xs[i] = x
        ys[i] = y
        i += 1
        self._i = 0 if i == n else i
        if left > 0:
            mass_x = self._mass_x + sxx
            mass_y = self._mass_y + syy
            mx = sx / n
            my = sy / n
            cxx = sxx - sx * mx
            cyy = syy - sy * my
            if mass_x > self._limit * cxx or mass_y > self._limit * cyy:
                # rounding may have eaten the variation: re-sum around the newest pair
                sx, sy, sxx, sxy, syy = self._recenter(x, y)
                mass_x = sxx
                mass_y = syy
                mx = sx / n
                my = sy / n
                cxx = sxx - sx * mx
                cyy = syy - sy * my
            else:
                self._sx = sx
                self._sy = sy
                self._sxx = sxx
                self._sxy = sxy
                self._syy = syy
        else:
            if left < 0:  # still filling the first window
                self._left = left + 1
                if left + 1 < 0:
                    return
            sx, sy, sxx, sxy, syy = self._recenter(x, y)
            mass_x = sxx
            mass_y = syy
            mx = sx / n
            my = sy / n
            cxx = sxx - sx * mx
            cyy = syy - sy * my
        self._mass_x = mass_x
        self._mass_y = mass_y
        kx = self._kx
        if cxx <= DEGENERATE * (sxx + n * kx * kx):
            self.beta = self.alpha = self.spread = self.zscore = NAN
            return
        ky = self._ky
        cxy = sxy - sx * my
        beta = cxy / cxx
        self.beta = beta
        self.alpha = (ky + my) - beta * (kx + mx)
        spread = (y - ky) - (my + beta * ((x - kx) - mx))
        self.spread = spread
        rss = cyy - beta * cxy
        self.zscore = spread / sqrt(rss / n) if rss > PERFECT * cyy else 0.0

    def _recenter(self, x: float, y: float) -> tuple[float, float, float, float, float]:
        """Pivot to the newest pair and re-sum the window: O(lookback), rarely."""
        xs = self._xs
        ys = self._ys
        sx = sy = sxx = sxy = syy = 0.0
        for j in range(self._n):
            dx = xs[j] - x
            dy = ys[j] - y
            sx += dx
            sy += dy
            sxx += dx * dx
            sxy += dx * dy
            syy += dy * dy
        self._kx = x
        self._ky = y
        self._sx = sx
        self._sy = sy
        self._sxx = sxx
        self._sxy = sxy
        self._syy = syy
        self._left = self._n
        return sx, sy, sxx, sxy, syy
