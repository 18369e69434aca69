"""A signal that reads another plugin's indicator by the id the bot file gives it."""

from __future__ import annotations

import math
from typing import Any, ClassVar

from pydantic import Field

from runner.api import BotContext, Intent, Namespace, Params, Signal


class MidlineCross(Signal):
    """Long when the close crosses above a Donchian midline, short when it crosses below."""

    name = "midline_cross"

    class Params(Params):
        indicator: str = Field(min_length=1)
        """Id of a ``donchian_mid`` indicator of the bot."""
        allow_short: bool = True

    params: Params
    needs: ClassVar[tuple[str, ...]] = ("value", "upper", "lower")

    @classmethod
    def check(cls, params: Params, names: Namespace) -> list[tuple[str, str]]:
        outs = names.indicators.get(params.indicator)
        if outs is None:
            return [("indicator", names.unknown(params.indicator, "indicator"))]
        missing = [o for o in cls.needs if o not in outs]
        if missing:
            return [
                (
                    "indicator",
                    f"indicator {params.indicator!r} has no output {missing[0]!r}; "
                    "use a donchian_mid indicator",
                )
            ]
        return []

    def __init__(self, params: Params) -> None:
        super().__init__(params)
        self._side = 0  # which side of the midline the previous close was on
        self._ind: Any = None

    def bind(self, ctx: BotContext) -> None:
        self._ind = ctx.indicators[self.params.indicator]

    def evaluate(self, ctx: BotContext) -> Intent | None:
        bar = ctx.bar
        mid = self._ind.value
        if bar is None or math.isnan(mid):
            return None
        side = 1 if bar.close > mid else -1 if bar.close < mid else 0
        previous, self._side = self._side, side or self._side
        if side == 0 or previous == 0 or side == previous:
            return None
        if side < 0 and not self.params.allow_short:
            return Intent(0, reason="close crossed below the midline")
        where = "above" if side > 0 else "below"
        return Intent(side, reason=f"close crossed {where} the midline {mid:g}")
