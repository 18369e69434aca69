"""The ``stop_target`` exit: a protective stop and a profit target placed at entry."""

from __future__ import annotations

from typing import ClassVar

from pydantic import model_validator

from runner.api import Namespace, base
from runner.api.context import BotContext, InstrumentState
from runner.api.exit import Exit, ExitLevels
from runner_plugins.exits.distance import AtrReader, Distance, check_atr, require_atr_indicator


class StopTargetParams(base.Params):
    stop: Distance | None = None
    """Distance from entry to the protective stop, e.g. ``{atr: 2.0}`` or ``{ticks: 20}``."""
    target: Distance | None = None
    """Distance from entry to the profit target, e.g. ``{ticks: 40}``."""
    atr_indicator: str | None = None
    """Id of the ATR indicator that ``atr`` distances multiply."""

    @model_validator(mode="after")
    def _given(self) -> StopTargetParams:
        if self.stop is None and self.target is None:
            raise ValueError("give a stop, a target or both")
        require_atr_indicator(self.atr_indicator, self.stop, self.target)
        return self


def stop_price(inst: InstrumentState, direction: int, price: float, distance: float) -> float:
    """Stop ``distance`` away from ``price``, rounded away from it onto the tick grid.

    Rounding away means the stop is never closer than asked: a stop one tick too tight is
    hit by exactly the noise the trader chose to sit through.
    """
    spec = inst.contract
    if direction > 0:
        return spec.round_down(price - distance)
    return spec.round_up(price + distance)


def target_price(inst: InstrumentState, direction: int, price: float, distance: float) -> float:
    """Target ``distance`` away from ``price``, rounded toward it (never harder to reach),
    but at least one tick beyond the entry."""
    spec = inst.contract
    tick = spec.tick_size
    if direction > 0:
        target = spec.round_down(price + distance)
        return target if target > price + 1e-12 else spec.round_down(price) + tick
    target = spec.round_up(price - distance)
    return target if target < price - 1e-12 else spec.round_up(price) - tick


class StopTarget(Exit[StopTargetParams]):
    """Stop and/or target at tick, point or ATR distances, sent with the entry as a bracket.

    Both are sent with the entry as a server-side bracket where the broker supports it.
    While the ATR indicator is not warm, an ``atr`` level is left out (logged), so the
    sizer sees no stop distance and falls back to its default size.
    """

    name: ClassVar[str] = "stop_target"
    Params: ClassVar[type[base.Params]] = StopTargetParams

    @classmethod
    def protects(cls, params: StopTargetParams) -> bool:
        return params.stop is not None  # a target alone never closes a loser

    @classmethod
    def check(cls, params: StopTargetParams, names: Namespace) -> list[tuple[str, str]]:
        return check_atr(params.atr_indicator, names, params.stop, params.target)

    def bind(self, ctx: BotContext) -> None:
        p = self.params
        self._atr = AtrReader(ctx, p.atr_indicator)

    def on_entry(
        self, ctx: BotContext, inst: InstrumentState, direction: int, price: float
    ) -> ExitLevels | None:
        p = self.params
        tick = inst.contract.tick_size
        atr = self._atr()
        levels = ExitLevels()
        if p.stop is not None:
            d = p.stop.points_for(tick, atr)
            if d == d and d > 0:
                levels.stop = stop_price(inst, direction, price, d)
            else:
                ctx.log("exit_level_skipped", exit=self.name, level="stop", reason="atr not warm")
        if p.target is not None:
            d = p.target.points_for(tick, atr)
            if d == d and d > 0:
                levels.target = target_price(inst, direction, price, d)
            else:
                ctx.log("exit_level_skipped", exit=self.name, level="target", reason="atr not warm")
        return levels
