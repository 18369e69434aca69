"""Routing market data to brokers and bots, one time slice at a time.

A slice is every bar that closes at the same instant. Within a slice each bar first reaches
the bot's broker (a simulated broker fills the orders sent at the previous close), then the
bot's indicators; only when the whole slice is in does a bot decide, so a pair bot sees
both legs of the same minute and the ES bot sees the VIX bar of the same minute.
"""

from __future__ import annotations

from collections.abc import Iterable

from runner.engine.bot import BotRunner
from runner.engine.events import Bar


class Engine:
    __slots__ = ("_end", "_pending", "bots", "subs")

    def __init__(self, bots: list[BotRunner]) -> None:
        self.bots = bots
        self.subs: dict[str, list[BotRunner]] = {}
        for bot in bots:
            for symbol in bot.by_symbol:
                self.subs.setdefault(symbol, []).append(bot)
        self._end = -1
        self._pending: list[BotRunner] = []

    @property
    def symbols(self) -> list[str]:
        return sorted(self.subs)

    def process(self, bar: Bar) -> None:
        if bar.end != self._end:
            self.flush()
            self._end = bar.end
        pending = self._pending
        for bot in self.subs.get(bar.symbol, ()):
            bot.broker.on_market(bar)
            if bot.on_bar(bar):
                pending.append(bot)

    def flush(self) -> None:
        """Let every bot whose primary bar closed in the current slice decide."""
        pending = self._pending
        if pending:
            for bot in pending:
                bot.decide()
            pending.clear()

    def run(self, bars: Iterable[Bar]) -> None:
        process = self.process
        for bar in bars:
            process(bar)
        self.flush()
