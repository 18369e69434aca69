"""The ``trailing_stop`` exit: a stop that follows the best price since entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from runner.api import Namespace, base
from runner.api.context import BotContext, InstrumentState
from runner.api.exit import Exit, ExitAction, ExitLevels
from runner.api.text import at_tick
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
from runner_plugins.exits.stop_target import stop_price


class TrailingParams(base.Params):
    ticks: int | None = Field(default=None, gt=0, le=base.MAX_TICKS)
    """Trail this many ticks behind the best price (give one of ticks, points, atr); 1 to
    100,000."""
    points: float | None = Field(default=None, gt=0, le=base.MAX_POINTS)
    """Trail this many price points behind the best price; at most 10^7."""
    atr: float | None = Field(default=None, gt=0, le=base.MAX_ATR)
    """Trail this multiple of the ATR indicator behind the best price; at most 1,000."""
    atr_indicator: str | None = None
    activation: Distance | None = None
    """Profit (from the entry to the best price) needed before the stop starts to trail;
    without it the trailing stop is placed at entry."""
    trail_on: Literal["close", "extreme"] = "close"
    """Best price from bar closes, or from highs (long) / lows (short). ``close`` never
    moves the stop above the market the bar closed at."""
    anchor: Anchor = Field(default="signal", description=ANCHOR_DOC)
    trigger: Trigger = Field(default="touch", description=TRIGGER_DOC)

    @model_validator(mode="after")
    def _one(self) -> TrailingParams:
        given = [k for k in ("ticks", "points", "atr") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of ticks, points or atr (the trailing distance)")
        require_atr_indicator(self.atr_indicator, self.distance, self.activation)
        return self

    @property
    def distance(self) -> Distance:
        return Distance(ticks=self.ticks, points=self.points, atr=self.atr)


@dataclass(slots=True)
class _Trail:
    entry_ts: int
    best: float
    stop: float | None


class TrailingStop(Exit[TrailingParams]):
    """A stop that follows the best price since entry and only ever tightens.

    The stop this exit last asked for is remembered per instrument; a ``move_stop`` is
    returned only when the new level is strictly tighter (higher for a long, lower for a
    short). Levels are rounded onto the tick grid away from the price, like every stop.
    ``anchor`` says where the first stop (without ``activation``) is measured from, the
    signal bar's close or the entry's fill; the best price always starts at the fill.
    With ``trigger: close`` nothing is placed at the broker: at each bar's close the
    position is closed at market when the close is at or through the stop in force during
    that bar, and then the stop trails on.
    """

    name: ClassVar[str] = "trailing_stop"
    Params: ClassVar[type[base.Params]] = TrailingParams

    @classmethod
    def protects(cls, params: TrailingParams) -> bool:
        return params.trigger == "touch"  # a stop checked on closes is not at the broker

    @classmethod
    def check(cls, params: TrailingParams, names: Namespace) -> list[tuple[str, str]]:
        return check_atr(params.atr_indicator, names)

    def bind(self, ctx: BotContext) -> None:
        p = self.params
        self._atr = AtrReader(ctx, p.atr_indicator)
        self._distance = p.distance
        self._placed = places_with_entry(p.anchor, p.trigger)
        self._on_close = p.trigger == "close"
        self._trails: dict[str, _Trail] = {}
        self._plans = Plans()

    def _first_stop(
        self, inst: InstrumentState, direction: int, price: float, distance: float
    ) -> float | None:
        if self.params.activation is not None or not (distance == distance and distance > 0):
            return None
        return stop_price(inst, direction, price, distance)

    def on_entry(
        self, ctx: BotContext, inst: InstrumentState, direction: int, price: float
    ) -> ExitLevels | None:
        self._trails.pop(inst.key, None)
        d = self._distance.points_for(inst.contract.tick_size, self._atr())
        self._plans.decided(inst.key, Plan(direction, price, (d,)))
        stop = self._first_stop(inst, direction, price, d)
        return ExitLevels(stop=stop, placed=self._placed) if stop is not None else None

    def on_fill(
        self, ctx: BotContext, inst: InstrumentState, direction: int, price: float
    ) -> ExitLevels | None:
        p = self.params
        if p.anchor != "fill" or p.trigger != "touch":
            return None
        plan = self._plans.pending(inst.key)
        d = (
            plan.distances[0]
            if plan is not None
            else self._distance.points_for(inst.contract.tick_size, self._atr())
        )
        stop = self._first_stop(inst, direction, price, d)
        return ExitLevels(stop=stop) if stop is not None else None

    def _start(self, inst: InstrumentState, direction: int) -> _Trail:
        """The trail of a trade first seen: its best price is the fill, its stop the one
        placed for it (or, checked on closes, the one it would have had)."""
        plan, _ = self._plans.for_trade(inst.key, inst.entry_ts)
        fill = inst.avg_price
        if plan is None or plan.direction != direction:
            if self.params.trigger == "touch":
                # opened without this bot's entry (restored, taken over): no stop of ours
                # works yet, so the first trail places one
                return _Trail(inst.entry_ts, fill, None)
            d = self._distance.points_for(inst.contract.tick_size, self._atr())
            plan = Plan(direction, fill, (d,))
        anchor = fill if self.params.anchor == "fill" else plan.signal_price
        stop = self._first_stop(inst, direction, anchor, plan.distances[0])
        return _Trail(inst.entry_ts, fill, stop)

    def on_bar(self, ctx: BotContext, inst: InstrumentState) -> ExitAction | None:
        bar = inst.bar
        pos = inst.position
        if bar is None or pos == 0:
            return None
        p = self.params
        long = pos > 0
        trail = self._trails.get(inst.key)
        if trail is None or trail.entry_ts != inst.entry_ts:
            trail = self._trails[inst.key] = self._start(inst, 1 if long else -1)
        on_close = self._on_close
        if on_close and trail.stop is not None:
            close = bar.close
            if close <= trail.stop if long else close >= trail.stop:
                return ExitAction("close", None, f"trailing stop {trail.stop:g} (close {close:g})")
        if p.trail_on == "close":
            seen = bar.close
        else:
            seen = bar.high if long else bar.low
        if (long and seen > trail.best) or (not long and seen < trail.best):
            trail.best = seen
        tick = inst.contract.tick_size
        atr = self._atr()
        if p.activation is not None:
            need = p.activation.points_for(tick, atr)
            gain = trail.best - inst.avg_price if long else inst.avg_price - trail.best
            if not gain >= need - 1e-12:  # NaN (cold ATR) never activates
                return None
        d = self._distance.points_for(tick, atr)
        if not d > 0:
            return None
        new = stop_price(inst, 1 if long else -1, trail.best, d)
        if trail.stop is not None and (new <= trail.stop if long else new >= trail.stop):
            return None
        trail.stop = new
        if on_close:
            return None  # checked at the next close, never sent
        return ExitAction(
            "move_stop", new, f"trail {at_tick(d, tick)} behind {at_tick(trail.best, tick)}"
        )
