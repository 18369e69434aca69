"""The ``stop_target`` exit: a protective stop and a profit target placed at entry."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, model_validator

from runner.api import Namespace, base
from runner.api.context import BotContext, InstrumentState
from runner.api.exit import Exit, ExitAction, ExitLevels
from runner_plugins.exits.anchoring import (
    ANCHOR_DOC,
    TRIGGER_DOC,
    Anchor,
    Plan,
    Plans,
    Trigger,
    places_with_entry,
)
from runner_plugins.exits.distance import AtrReader, Distance, check_atr, require_atr_indicator


class StopTargetParams(base.Params):
    stop: Distance | None = None
    """Distance from entry to the protective stop, e.g. ``{atr: 2.0}`` or ``{ticks: 20}``."""
    target: Distance | None = None
    """Distance from entry to the profit target, e.g. ``{ticks: 40}``."""
    atr_indicator: str | None = None
    """Id of the ATR indicator that ``atr`` distances multiply."""
    anchor: Anchor = Field(default="signal", description=ANCHOR_DOC)
    trigger: Trigger = Field(default="touch", description=TRIGGER_DOC)

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
    """Stop and/or target at tick, point or ATR distances from the entry.

    By default (``anchor: signal``, ``trigger: touch``) both are measured from the signal
    bar's close and sent with the entry as a server-side bracket where the broker supports
    it (OCO emulated otherwise). ``anchor: fill`` measures them from the entry's actual
    fill and sends them once it has filled; ``trigger: close`` places nothing and exits at
    market when a bar closes at or through a level. While the ATR indicator is not warm, an
    ``atr`` level is left out (logged), so the sizer sees no stop distance and falls back
    to its default size.
    """

    name: ClassVar[str] = "stop_target"
    Params: ClassVar[type[base.Params]] = StopTargetParams

    @classmethod
    def protects(cls, params: StopTargetParams) -> bool:
        # a target alone never closes a loser; a stop checked on closes is not at the broker
        return params.stop is not None and params.trigger == "touch"

    @classmethod
    def check(cls, params: StopTargetParams, names: Namespace) -> list[tuple[str, str]]:
        return check_atr(params.atr_indicator, names, params.stop, params.target)

    def bind(self, ctx: BotContext) -> None:
        p = self.params
        self._atr = AtrReader(ctx, p.atr_indicator)
        self._placed = places_with_entry(p.anchor, p.trigger)
        self._on_close = p.trigger == "close"
        self._single = sum(1 for i in ctx.instruments.values() if i.tradable) == 1
        self._plans = Plans()
        self._closing: dict[str, tuple[int, float | None, float | None]] = {}

    def _distances(self, inst: InstrumentState) -> tuple[float, float]:
        p = self.params
        tick = inst.contract.tick_size
        atr = self._atr()
        nan = float("nan")
        stop = p.stop.points_for(tick, atr) if p.stop is not None else nan
        target = p.target.points_for(tick, atr) if p.target is not None else nan
        return stop, target

    def _levels(
        self,
        ctx: BotContext,
        inst: InstrumentState,
        direction: int,
        price: float,
        distances: tuple[float, ...],
    ) -> ExitLevels:
        p = self.params
        levels = ExitLevels(placed=self._placed)
        d_stop, d_target = distances
        if p.stop is not None:
            if d_stop == d_stop and d_stop > 0:
                levels.stop = stop_price(inst, direction, price, d_stop)
            else:
                ctx.log("exit_level_skipped", exit=self.name, level="stop", reason="atr not warm")
        if p.target is not None:
            if d_target == d_target and d_target > 0:
                levels.target = target_price(inst, direction, price, d_target)
            else:
                ctx.log("exit_level_skipped", exit=self.name, level="target", reason="atr not warm")
        return levels

    def on_entry(
        self, ctx: BotContext, inst: InstrumentState, direction: int, price: float
    ) -> ExitLevels | None:
        distances = self._distances(inst)
        self._plans.decided(inst.key, Plan(direction, price, distances))
        return self._levels(ctx, inst, direction, price, distances)

    def on_fill(
        self, ctx: BotContext, inst: InstrumentState, direction: int, price: float
    ) -> ExitLevels | None:
        p = self.params
        if p.anchor != "fill" or p.trigger != "touch":
            return None
        plan = self._plans.pending(inst.key)
        distances = plan.distances if plan is not None else self._distances(inst)
        levels = self._levels(ctx, inst, direction, price, distances)
        levels.placed = True
        return levels

    def on_bar(self, ctx: BotContext, inst: InstrumentState) -> ExitAction | None:
        if not self._on_close:
            return None
        bar = inst.bar
        pos = inst.position
        if bar is None or pos == 0:
            return None
        key = inst.key
        cached = self._closing.get(key)
        if cached is None or cached[0] != inst.entry_ts:
            cached = (inst.entry_ts, *self._close_levels(ctx, inst, 1 if pos > 0 else -1))
            self._closing[key] = cached
        _, stop, target = cached
        close = bar.close
        if stop is not None and (close <= stop if pos > 0 else close >= stop):
            return ExitAction("close", None, f"stop {stop:g} (close {close:g})")
        if target is not None and (close >= target if pos > 0 else close <= target):
            return ExitAction("close", None, f"target {target:g} (close {close:g})")
        return None

    def _close_levels(
        self, ctx: BotContext, inst: InstrumentState, direction: int
    ) -> tuple[float | None, float | None]:
        """The levels of the trade now open, worked out once at its first close.

        A trade opened without an entry decision of this bot (restored after a restart,
        taken over from the broker) is measured from its average price with the ATR now;
        a leg of a multi-instrument trade gets no levels, as it gets no bracket.
        """
        plan, _ = self._plans.for_trade(inst.key, inst.entry_ts)
        if plan is None or plan.direction != direction:
            if not self._single:
                return None, None
            plan = Plan(direction, inst.avg_price, self._distances(inst))
        price = inst.avg_price if self.params.anchor == "fill" else plan.signal_price
        levels = self._levels(ctx, inst, direction, price, plan.distances)
        return levels.stop, levels.target
