"""Price distances written as ticks, points or a multiple of an ATR indicator."""

from __future__ import annotations

from pydantic import Field, model_validator

from runner.api import Namespace
from runner.api.base import MAX_ATR, MAX_POINTS, MAX_TICKS, Params
from runner.api.context import BotContext
from runner.api.indicator import Indicator
from runner_plugins.signals.expr import check_indicator


class Distance(Params):
    """Exactly one of ``ticks``, ``points`` or ``atr`` (a multiple of the ATR indicator)."""

    ticks: int | None = Field(default=None, gt=0, le=MAX_TICKS)
    """Ticks, 1 to 100,000."""
    points: float | None = Field(default=None, gt=0, le=MAX_POINTS)
    """Price points, more than 0 and at most 10^7."""
    atr: float | None = Field(default=None, gt=0, le=MAX_ATR)
    """Multiple of the ATR indicator, more than 0 and at most 1,000."""

    @model_validator(mode="after")
    def _one(self) -> Distance:
        given = [k for k in ("ticks", "points", "atr") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of ticks, points or atr")
        return self

    def points_for(self, tick_size: float, atr_value: float) -> float:
        """The distance in price points; NaN when it depends on an ATR that is not warm."""
        if self.ticks is not None:
            return self.ticks * tick_size
        if self.points is not None:
            return self.points
        assert self.atr is not None
        return self.atr * atr_value


def needs_atr(*distances: Distance | None) -> bool:
    return any(d is not None and d.atr is not None for d in distances)


def check_atr(
    atr_indicator: str | None, names: Namespace, *distances: Distance | None
) -> list[tuple[str, str]]:
    """validate-time: the ATR indicator a distance refers to must exist."""
    if atr_indicator is None:
        return []
    msg = check_indicator(names, atr_indicator)
    return [("atr_indicator", msg)] if msg else []


class AtrReader:
    """Reads the current value of the bot's ATR indicator (first output), or NaN."""

    __slots__ = ("indicator", "output")

    def __init__(self, ctx: BotContext, atr_indicator: str | None) -> None:
        self.indicator: Indicator | None = None
        self.output = "value"
        if atr_indicator is not None:
            self.indicator = ctx.indicators[atr_indicator]
            ind = self.indicator
            self.output = type(ind).output_names(ind.params)[0]

    def __call__(self) -> float:
        if self.indicator is None:
            return float("nan")
        return float(getattr(self.indicator, self.output))


def require_atr_indicator(atr_indicator: str | None, *distances: Distance | None) -> None:
    """Params-time: an ``atr`` distance without ``atr_indicator`` is an error."""
    if needs_atr(*distances) and atr_indicator is None:
        raise ValueError("an 'atr' distance needs 'atr_indicator' (the id of an ATR indicator)")
