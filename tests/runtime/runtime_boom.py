"""A plugin that fails on purpose: an indicator whose ``update`` raises on every bar.

Registered in-process through a plugin manager in the tests, and installed as a real
distribution (entry point group ``runner``) for the command-line tests.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from runner.api import Indicator, IndicatorParams
from runner.hookspecs import hookimpl
from runner.model import Bar


class Boom(Indicator):
    """Raises on every bar after the first ``after`` bars (a plugin with a bug).

    With ``failures`` set it raises only that many times in the whole process, whichever
    instance it is: a fault that a restart of the bot cures.
    """

    name = "boom"
    raised: ClassVar[dict[str, int]] = {}

    class Params(IndicatorParams):
        after: int = Field(default=0, ge=0)
        failures: int | None = Field(default=None, ge=1)
        tag: str = ""

    def __init__(self, params: Params) -> None:
        super().__init__(params)
        self.value = float("nan")
        self.seen = 0

    def update(self, bar: Bar) -> None:
        self.seen += 1
        p = self.params
        if self.seen > p.after:
            done = Boom.raised.get(p.tag, 0)
            if p.failures is None or done < p.failures:
                Boom.raised[p.tag] = done + 1
                raise RuntimeError(f"boom: bar {bar.symbol} at {bar.end}")
        self.value = bar.close


@hookimpl
def register_indicators() -> list[type[Indicator]]:
    return [Boom]
