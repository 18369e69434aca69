"""The ``zscore_pairs`` signal: mean reversion of a hedged spread (MCL against USO)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, model_validator

from runner.api import Namespace, base
from runner.api.context import BotContext
from runner.api.indicator import Indicator
from runner.api.signal import Intent, Signal
from runner.api.text import against
from runner_plugins.signals.expr import check_indicator, check_instrument


class PairsParams(base.Params):
    hedge: str
    """Id of a hedge-ratio indicator reading both legs, with outputs ``beta`` and ``zscore``."""
    y: str
    """Instrument key of the dependent leg (the one regressed, traded one unit)."""
    x: str
    """Instrument key of the hedge leg (traded ``beta`` units against one of ``y``)."""
    entry: float = Field(default=2.0, gt=0, le=100)
    """Open when the z-score is beyond plus or minus this (more than 0, at most 100)."""
    exit: float = Field(default=0.5, ge=0, le=100)
    """Close when the z-score is back inside plus or minus this (0 to 100)."""
    min_beta: float | None = Field(default=0.0, ge=-1e6, le=1e6)
    """Open only while the hedge ratio is above this (default 0: a positive hedge ratio);
    null allows any, a negative one included. Closing is never held back."""
    max_beta: float | None = Field(default=None, gt=0, le=1e6)
    """Open only while the hedge ratio is below this (null: no upper bound); a bound keeps
    a near-flat regression from sizing the hedge leg at hundreds of units."""
    beta_output: str = "beta"
    zscore_output: str = "zscore"

    @model_validator(mode="after")
    def _bands(self) -> PairsParams:
        if self.exit >= self.entry:
            raise ValueError(
                "exit must be smaller than entry (it is the band the spread returns to)"
            )
        if (
            self.min_beta is not None
            and self.max_beta is not None
            and self.min_beta >= self.max_beta
        ):
            raise ValueError("min_beta must be smaller than max_beta")
        if self.x == self.y:
            raise ValueError("x and y must be two different instruments")
        return self


class ZScorePairs(Signal[PairsParams]):
    """Mean reversion of the hedged spread ``y - beta * x``, entered and left by z-score.

    Sign conventions: the spread is ``y - beta * x`` and ``z`` is how many standard
    deviations it sits above its mean. ``z > entry`` means ``y`` is rich against ``x``:
    sell the spread, i.e. ``Intent(-1, legs={y: 1.0, x: -beta})`` which the engine turns
    into selling one unit of ``y`` and buying ``beta`` units of ``x``. ``z < -entry`` buys
    the spread (the same legs with direction +1). ``|z| < exit`` while holding gives
    ``Intent(0)`` with the same legs: close both. The legs always describe one *long*
    unit of the spread; the direction says which way to hold it. The position in ``y``
    tells which way the bot holds the spread now. A z-score beyond the opposite band
    reverses the position directly.

    What a negative hedge ratio means: over the lookback the rolling regression found the
    two legs moving *against* each other, so ``y - beta * x`` is really ``y + |beta| * x``,
    a sum and no spread. "Selling the spread" then sells both legs (``SELL 1 MCL`` and
    ``SELL 61 USO``): a bet that both fall, with no hedge at all. For two instruments on
    the same underlying (micro crude and an ETF that holds crude futures) this is a sign
    that the window is too short or the data are bad, not a trade. ``min_beta`` (default
    0) therefore refuses to *open* while the ratio is at or below it, and ``max_beta``
    can bound it from above; a position already held is still closed by the z-score.
    Set ``min_beta: null`` to trade any ratio.
    """

    name: ClassVar[str] = "zscore_pairs"
    Params: ClassVar[type[base.Params]] = PairsParams

    @classmethod
    def check(cls, params: PairsParams, names: Namespace) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        msg = check_indicator(names, params.hedge, (params.beta_output, params.zscore_output))
        if msg:
            problems.append(("hedge", msg))
        for field in ("y", "x"):
            msg = check_instrument(names, getattr(params, field))
            if msg:
                problems.append((field, msg))
        return problems

    def bind(self, ctx: BotContext) -> None:
        p = self.params
        self._hedge: Indicator = ctx.indicators[p.hedge]
        self._y = ctx.instruments[p.y]
        self._beta_attr = p.beta_output
        self._z_attr = p.zscore_output

    def evaluate(self, ctx: BotContext) -> Intent | None:
        p = self.params
        z = getattr(self._hedge, self._z_attr)
        beta = getattr(self._hedge, self._beta_attr)
        if z != z or beta != beta:  # not warm
            return None
        legs = {p.y: 1.0, p.x: -beta}
        held = self._y.position
        if held != 0 and abs(z) < p.exit:
            why = f"|z| {against(abs(z), p.exit)} < {p.exit}: spread reverted"
            return Intent(0, 1.0, why, legs)
        if not self._hedge_ok(beta):
            return None
        if z > p.entry and held >= 0:
            return Intent(-1, 1.0, f"z {against(z, p.entry)} > {p.entry}: sell the spread", legs)
        if z < -p.entry and held <= 0:
            return Intent(1, 1.0, f"z {against(z, -p.entry)} < -{p.entry}: buy the spread", legs)
        return None

    def _hedge_ok(self, beta: float) -> bool:
        """May a spread be opened (or reversed) at this hedge ratio?"""
        p = self.params
        if p.min_beta is not None and not beta > p.min_beta:
            return False
        return p.max_beta is None or beta < p.max_beta
