"""The ``rule`` filter: allow entries only while an expression holds."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from runner.api import Namespace, base
from runner.api.context import BotContext
from runner.api.filter import Filter
from runner_plugins.signals.expr import check_expression, compile_expression, namespace_of


class RuleFilterParams(base.Params):
    when: str
    """Condition under which the bot may open positions, e.g. ``atr > 0.5 and vix.close < 30``."""


class RuleFilter(Filter[RuleFilterParams]):
    """Opens positions only while a condition holds, e.g. ``atr > 0.3``.

    The condition is false while an indicator it reads is not warm. The engine asks filters
    only when a signal wants to enter, so ``cross_above`` belongs in signals, not here: a
    filter does not see every bar.
    """

    name: ClassVar[str] = "rule"
    Params: ClassVar[type[base.Params]] = RuleFilterParams

    @classmethod
    def check(cls, params: RuleFilterParams, names: Namespace) -> list[tuple[str, str]]:
        return [("when", m) for m in check_expression(params.when, names, "bool")]

    def bind(self, ctx: BotContext) -> None:
        p = self.params
        self._when: Callable[[], bool] = compile_expression(p.when, namespace_of(ctx)).bind(ctx)

    def allows(self, ctx: BotContext) -> bool:
        return bool(self._when())
