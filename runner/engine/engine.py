"""Routing market data to brokers and bots, one time slice at a time.

A slice is every bar that closes at the same instant. Within a slice each bar first reaches
the bot's broker (a simulated broker fills the orders sent at the previous close), then the
bot's indicators; only when the whole slice is in does a bot decide, so a pair bot sees
both legs of the same minute and the ES bot sees the VIX bar of the same minute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from runner.engine.bot import BotRunner
from runner.model import Bar

ErrorHandler = Callable[[BotRunner, BaseException], None]


def _raise(bot: BotRunner, exc: BaseException) -> None:
    raise exc


class Engine:
    """``on_error`` isolates bots: an exception in one bot's plugin reaches the handler
    (the supervisor) with the bot, and the other bots carry on with the same bar.

    A bot resumed after a crash (``BotRunner.resume_at``) sees the bars up to its resume
    point as warm-up only: its indicators take them, its broker and its decisions do not."""

    __slots__ = ("_end", "_pending", "bots", "on_error", "rerouted", "subs")

    def __init__(self, bots: list[BotRunner], on_error: ErrorHandler = _raise) -> None:
        self.bots: list[BotRunner] = []
        self.subs: dict[str, list[BotRunner]] = {}
        self.on_error = on_error
        self._end = -1
        self._pending: list[BotRunner] = []
        # Set when the bots' symbols may change during the run (a backtest across rolls):
        # the loop of a lone bot holds its one symbol and route, so it is not used then.
        self.rerouted = False
        for bot in bots:
            self.attach(bot)

    # Subscription lists are replaced, never mutated, so a bot can be detached from inside
    # the loop that is delivering a bar to it.
    def attach(self, bot: BotRunner) -> None:
        self.bots = [*self.bots, bot]
        for symbol in bot.by_symbol:
            self.subs[symbol] = [*self.subs.get(symbol, ()), bot]

    def detach(self, bot: BotRunner) -> None:
        """Stop routing data to a bot (it failed, or is being replaced by a restart)."""
        self.bots = [b for b in self.bots if b is not bot]
        for symbol, subs in self.subs.items():
            if bot in subs:
                self.subs[symbol] = [b for b in subs if b is not bot]
        self._pending = [b for b in self._pending if b is not bot]

    @property
    def symbols(self) -> list[str]:
        return sorted(self.subs)

    def process(self, bar: Bar) -> None:
        if bar.end != self._end:
            self.flush()
            self._end = bar.end
        for bot in self.subs.get(bar.symbol, ()):
            try:
                if bar.end > bot.resume_at:  # a bar a resumed bot already traded fills nothing
                    bot.broker.on_market(bar)
                if bot.on_bar(bar):
                    self._pending.append(bot)
            except Exception as exc:
                self.on_error(bot, exc)

    def flush(self) -> None:
        """End of a slice: every bot that got a bar updates its indicators and decides."""
        pending = self._pending
        if pending:
            self._pending = []
            for bot in pending:
                if bot.failed:
                    continue
                try:
                    if self._end > bot.resume_at:
                        bot.settle()
                    else:  # history a resumed bot already traded: its signals only see it
                        bot.settle(False, True)
                except Exception as exc:
                    self.on_error(bot, exc)

    def _alone(self) -> BotRunner | None:
        """The bot, when one bot reads one instrument's source bars from the start and an
        error ends the run: its intake then runs the loop itself (``run_alone``)."""
        if len(self.bots) != 1 or self._pending or self.rerouted or self.on_error is not _raise:
            return None
        bot = self.bots[0]
        intake = bot.intake
        if (
            bot.failed
            or bot.resume_at
            or bot.on_bar != intake.on_bar
            or bot.settle != intake.settle
            or list(self.subs) != [intake.alone()]
        ):
            return None
        return bot

    def flush_until(self, spent: Callable[[], bool]) -> bool:
        """Part of ``flush``: bots settle in the same order until ``spent()``; True once
        every bot of the slice has. The runtime spreads a slice of hundreds of bots over
        several turns of the event loop; ``process`` still finishes it before the next
        slice begins, so what each bot decides does not depend on where the cuts fall."""
        pending = self._pending
        self._pending = []
        i = 0
        while i < len(pending):
            bot = pending[i]
            i += 1
            if not bot.failed:
                try:
                    bot.settle()
                except Exception as exc:
                    self.on_error(bot, exc)
            if spent():
                break
        if i < len(pending):  # the rest, ahead of any bot that got a bar since
            self._pending = [b for b in pending[i:] if not b.failed] + self._pending
        return not self._pending

    def run(self, bars: Iterable[Bar]) -> int:
        """Process every bar in time order; returns how many there were.

        ``process`` inlined: a backtest spends most of its time in this loop."""
        alone = self._alone()
        if alone is not None:
            n, self._end = alone.intake.run_alone(bars, alone.broker.on_market, self._end)
            return n
        subs = self.subs
        empty: tuple[BotRunner, ...] = ()
        n = 0
        for bar in bars:
            n += 1
            end = bar.end
            if end != self._end:
                if self._pending:  # flush, inlined for the usual slice of one bot
                    pending = self._pending
                    if (
                        len(pending) == 1
                        and not pending[0].failed
                        and self._end > pending[0].resume_at
                    ):
                        self._pending = []
                        bot = pending[0]
                        try:
                            bot.settle()
                        except Exception as exc:
                            self.on_error(bot, exc)
                    else:
                        self.flush()
                self._end = end
            for bot in subs.get(bar.symbol, empty):
                try:
                    if end > bot.resume_at:
                        bot.broker.on_market(bar)
                    if bot.on_bar(bar):
                        self._pending.append(bot)
                except Exception as exc:
                    self.on_error(bot, exc)
        self.flush()
        return n
