"""The ``rule`` signal: entries and exits written as expressions in the bot file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from pydantic import Field, field_validator, model_validator

from runner.api import Namespace, base
from runner.api.context import BotContext
from runner.api.signal import Intent, Signal
from runner_plugins.signals.expr import check_expression, compile_expression, namespace_of

CONDITIONS = ("long", "short", "exit_long", "exit_short")


class RuleParams(base.Params):
    long: str | None = None
    """Condition to be long, e.g. ``rsi < 30 and close < bb.lower``."""
    short: str | None = None
    """Condition to be short."""
    exit_long: str | None = None
    """Condition to close a long position (flat intent); it may read the open trade, e.g.
    ``close < entry_price - 2 * at_entry(atr)``."""
    exit_short: str | None = None
    """Condition to close a short position (flat intent), e.g. ``close > entry_price + 2 *
    at_entry(atr)``."""
    confidence: float | str = Field(default=1.0)
    """A number in [0, 1], or an expression giving one (clamped), used by sizers."""

    @field_validator("confidence")
    @classmethod
    def _confidence(cls, v: float | str) -> float | str:
        if isinstance(v, float | int) and not 0.0 <= v <= 1.0:
            raise ValueError("confidence must be between 0 and 1")
        return v

    @model_validator(mode="after")
    def _something(self) -> RuleParams:
        if not any(getattr(self, f) for f in CONDITIONS):
            raise ValueError("give at least one of long, short, exit_long, exit_short")
        return self


class RuleSignal(Signal[RuleParams]):
    """Entries and exits written as conditions in the bot file (``long: rsi < 30``).

    On each bar: in a long position, ``short`` true reverses and ``exit_long`` true goes
    flat; in a short position the mirror; when flat, ``long`` or ``short`` opens. ``long``
    and ``short`` both true is a contradiction and gives no intent. Every condition is
    evaluated on every bar so that ``cross_above`` sees consecutive bars.
    """

    name: ClassVar[str] = "rule"
    Params: ClassVar[type[base.Params]] = RuleParams

    @classmethod
    def check(cls, params: RuleParams, names: Namespace) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        for field in CONDITIONS:
            text = getattr(params, field)
            if text:
                problems += [(field, m) for m in check_expression(text, names, "bool")]
        if isinstance(params.confidence, str):
            problems += [
                ("confidence", m) for m in check_expression(params.confidence, names, "number")
            ]
        return problems

    def __init__(self, params: RuleParams) -> None:
        super().__init__(params)
        self._long: Callable[[], Any] | None = None
        self._short: Callable[[], Any] | None = None
        self._exit_long: Callable[[], Any] | None = None
        self._exit_short: Callable[[], Any] | None = None
        self._confidence: Callable[[], Any] | None = None
        self._crosses = False

    def bind(self, ctx: BotContext) -> None:
        p = self.params
        names = namespace_of(ctx)
        for field in CONDITIONS:
            text = getattr(p, field)
            if text:
                compiled = compile_expression(text, names, "bool")
                self._crosses = self._crosses or bool(compiled.crosses)
                setattr(self, f"_{field}", compiled.bind(ctx))
        if isinstance(p.confidence, str):
            compiled = compile_expression(p.confidence, names, "number")
            self._crosses = self._crosses or bool(compiled.crosses)
            self._confidence = compiled.bind(ctx, 0.0)
        self._fixed_confidence = p.confidence if isinstance(p.confidence, float) else 1.0
        # the reason names the rule that fired: it ends up in the journal and the trade list
        self._why = {f: f"{f}: {' '.join(str(getattr(p, f)).split())}" for f in CONDITIONS}

    def stateless(self) -> bool:
        """A ``cross_above``/``cross_below`` remembers the previous bar; nothing else does.
        A skipped bar also reports no long/short conflict (a flat bot outside its window
        could not have acted on either)."""
        return not self._crosses

    def evaluate(self, ctx: BotContext) -> Intent | None:
        # every given condition runs on every bar, so cross_above sees consecutive bars
        want_long = self._long is not None and bool(self._long())
        want_short = self._short is not None and bool(self._short())
        exit_long = self._exit_long is not None and bool(self._exit_long())
        exit_short = self._exit_short is not None and bool(self._exit_short())
        if want_long and want_short:
            ctx.log("signal_conflict", signal=self.name, reason="long and short both true")
            return None
        pos = ctx.primary.position
        if pos > 0:
            if want_short:
                return Intent(-1, self._conf(), self._why["short"])
            if exit_long:
                return Intent(0, 1.0, self._why["exit_long"])
            return None
        if pos < 0:
            if want_long:
                return Intent(1, self._conf(), self._why["long"])
            if exit_short:
                return Intent(0, 1.0, self._why["exit_short"])
            return None
        if want_long:
            return Intent(1, self._conf(), self._why["long"])
        if want_short:
            return Intent(-1, self._conf(), self._why["short"])
        return None

    def _conf(self) -> float:
        if self._confidence is None:
            return self._fixed_confidence
        value = self._confidence()
        if value != value:
            return 0.0
        return min(1.0, max(0.0, float(value)))
