"""The ``crossover`` signal: one line crossing another (moving averages, MACD and signal)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Literal

from pydantic import Field

from runner.api import Namespace, base
from runner.api.context import BotContext
from runner.api.signal import Intent, Signal
from runner_plugins.signals.expr import check_expression, compile_expression, namespace_of

REF = r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$"


class CrossoverParams(base.Params):
    fast: str = Field(pattern=REF)
    """The faster line: an indicator id or ``id.output`` (or a price such as ``close``)."""
    slow: str = Field(pattern=REF)
    """The slower line."""
    direction: Literal["long", "short", "both"] = "both"
    """``long``: fast crossing above enters, crossing below exits; ``short`` the mirror;
    ``both``: always in the market once the first cross happens (reversals)."""


class CrossoverSignal(Signal[CrossoverParams]):
    """Long when ``fast`` crosses above ``slow``; short or flat when it crosses below.

    A cross needs both lines warm on two consecutive bars: the first warm bar never counts
    as a cross, so a bot started with ``fast`` already above ``slow`` waits for a real cross.
    """

    name: ClassVar[str] = "crossover"
    Params: ClassVar[type[base.Params]] = CrossoverParams

    @classmethod
    def check(cls, params: base.Params, names: Namespace) -> list[tuple[str, str]]:
        return [
            (field, m)
            for field in ("fast", "slow")
            for m in check_expression(getattr(params, field), names, "number")
        ]

    def bind(self, ctx: BotContext) -> None:
        p = self.params
        names = namespace_of(ctx)
        self._up: Callable[[], bool] = compile_expression(
            f"cross_above({p.fast}, {p.slow})", names
        ).bind(ctx)
        self._down: Callable[[], bool] = compile_expression(
            f"cross_below({p.fast}, {p.slow})", names
        ).bind(ctx)
        self._direction = p.direction

    def evaluate(self, ctx: BotContext) -> Intent | None:
        up = self._up()
        down = self._down()
        d = self._direction
        if up:
            if d == "short":
                return Intent(0, 1.0, "fast crossed above slow") if ctx.position < 0 else None
            return Intent(1, 1.0, "fast crossed above slow")
        if down:
            if d == "long":
                return Intent(0, 1.0, "fast crossed below slow") if ctx.position > 0 else None
            return Intent(-1, 1.0, "fast crossed below slow")
        return None
