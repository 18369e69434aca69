"""The ``band_exit`` exit: close a mean-reversion trade when price is back at the mean."""

from __future__ import annotations

from typing import ClassVar

from runner.api import Namespace, base
from runner.api.context import BotContext, InstrumentState
from runner.api.exit import Exit, ExitAction
from runner_plugins.signals.expr import check_indicator


class BandExitParams(base.Params):
    band: str
    """Id of a band indicator (Bollinger bands, Keltner channel, ...)."""
    line: str = "middle"
    """Which output of it a position returns to."""


class BandExit(Exit[BandExitParams]):
    """Close when price is back at a band's middle line (Bollinger, Keltner).

    A long closes once the close is at or above the line, a short at or below it.

    A line that is NaN (indicator not warm) never closes anything.
    """

    name: ClassVar[str] = "band_exit"
    Params: ClassVar[type[base.Params]] = BandExitParams

    @classmethod
    def check(cls, params: BandExitParams, names: Namespace) -> list[tuple[str, str]]:
        msg = check_indicator(names, params.band, (params.line,))
        return [("band", msg)] if msg else []

    def bind(self, ctx: BotContext) -> None:
        p = self.params
        self._band = ctx.indicators[p.band]
        self._line = p.line

    def on_bar(self, ctx: BotContext, inst: InstrumentState) -> ExitAction | None:
        bar = inst.bar
        if bar is None:
            return None
        line = getattr(self._band, self._line)
        if inst.position > 0 and bar.close >= line:
            return ExitAction("close", None, f"close {bar.close:g} reached {self._line} {line:g}")
        if inst.position < 0 and bar.close <= line:
            return ExitAction("close", None, f"close {bar.close:g} reached {self._line} {line:g}")
        return None
