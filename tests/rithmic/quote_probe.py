"""A signal that trades on the best bid/offer a plugin reads through ``runner.api``: it goes
long while the instrument's quote is there and sane, and remembers what it saw."""

from __future__ import annotations

from typing import ClassVar

from runner.api import BotContext, Intent, Params, Signal
from runner.hookspecs import hookimpl


class QuoteProbeParams(Params):
    instrument: str


class QuoteProbe(Signal[QuoteProbeParams]):
    name = "quote_probe"
    Params = QuoteProbeParams
    seen: ClassVar[list[tuple[str, int, float, float, int]]] = []
    """(symbol, bar end, bid, ask, quote time) at each decision that had a quote."""

    def evaluate(self, ctx: BotContext) -> Intent | None:
        inst = ctx.instruments[self.params.instrument]
        quote = inst.quote
        if quote is None:
            return None
        QuoteProbe.seen.append((quote.symbol, ctx.now, quote.bid, quote.ask, quote.ts))
        return (
            Intent(1, reason=f"bid {quote.bid} ask {quote.ask}") if quote.ask > quote.bid else None
        )


@hookimpl
def register_signals() -> list[type[Signal]]:
    return [QuoteProbe]
