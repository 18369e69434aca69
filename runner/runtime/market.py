"""The market loop: every feed's events routed to the bots that read the symbol.

Bars go through the same engine as in a backtest; trades and quotes reach the bots'
brokers first (a simulated broker fills against them) and trades are built into bars here,
at the shortest bar size among the bots on the symbol. A bar clock closes a live bar on
time when its last seconds had no trade. Brokers of failed bots keep seeing the market
(their shutdown orders must still fill) until the bot is back.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable

from runner.api.broker import Broker
from runner.engine.bars import BarBuilder, BarGrid
from runner.engine.engine import Engine, ErrorHandler
from runner.engine.timeslice import TimeSlice
from runner.events import Listener, StaleFeed, as_event
from runner.model import Bar, Quote, Timer, Trade

RECENT_BARS = 600  # per symbol, for warming up a restarted bot


class MarketLoop:
    def __init__(
        self,
        engine: Engine,
        emit: Listener,
        clock: Callable[[], int],
        on_error: ErrorHandler,
    ) -> None:
        self.engine = engine
        self.emit = emit
        self.clock = clock
        self.on_error = on_error
        self.builders: dict[str, BarBuilder] = {}
        self.trade_bar_seconds: dict[str, int] = {}  # bar size built from a symbol's trades
        self.recent: dict[str, deque[Bar]] = {}
        self.last_bar: dict[str, Bar] = {}
        self.last_trade: dict[str, Trade] = {}  # the trade after which a shutdown order fills
        self.orphans: dict[str, list[Broker]] = {}  # brokers of failed bots still need data
        self.data_now = 0  # data time of the latest bar
        self.on_new_slice: Callable[[], None] | None = None  # market time moved on (restarts)
        self._flush_scheduled = False
        self._waiting: list[asyncio.Future[None]] = []  # feeds waiting in ``drained``
        self.turns = TimeSlice()  # how long one turn of ``_flush`` may run

    def now(self) -> int:
        """The data's time once a bar came, the clock's before."""
        return self.data_now or self.clock()

    def on_market(self, event: Bar | Trade | Quote | Timer) -> None:
        if isinstance(event, Bar):
            self.bar(event)
            return
        if isinstance(event, Timer):  # a feed's own notice (a stale instrument, ...), by name
            self.emit(as_event(event.name, "", event.ts, event.payload))
            return
        symbol = event.symbol
        for bot in self.engine.subs.get(symbol, ()):
            try:
                bot.broker.on_market(event)
                if isinstance(event, Quote):  # plugins read it as instruments[...].quote
                    bot.by_symbol[symbol].quote = event
            except Exception as exc:
                self.on_error(bot, exc)
        if isinstance(event, Trade):
            self.last_trade[symbol] = event
            builder = self.builders.get(symbol)
            if builder is None:
                size = self.trade_bar_seconds.get(symbol, 60)
                builder = self.builders[symbol] = BarBuilder(symbol, BarGrid(size))
            done = builder.add_trade(event)
            if done is not None:
                self.bar(done)

    def stale(self, symbol: str, silent: float) -> None:
        self.emit(StaleFeed(bot="", ts=self.now(), symbol=symbol, silent_s=round(silent, 1)))

    def in_session(self, symbol: str, now: int) -> bool:
        """Silence only matters while some bot reading the symbol is inside its window."""
        for bot in self.engine.subs.get(symbol, ()):
            if bot.window is None or bot.window.state(now)[0]:
                return True
        return False

    def bar(self, bar: Bar) -> None:
        if bar.end > self.data_now:
            self.data_now = bar.end
            if self.on_new_slice is not None:  # before the bar goes anywhere
                self.on_new_slice()
        self.last_bar[bar.symbol] = bar
        self.recent.setdefault(bar.symbol, deque(maxlen=RECENT_BARS)).append(bar)
        for broker in self.orphans.get(bar.symbol, ()):
            broker.on_market(bar)
        self.engine.process(bar)
        if not self._flush_scheduled:
            self._flush_scheduled = True
            asyncio.get_running_loop().call_soon(self._flush)

    def _flush(self) -> None:
        """The bots of the latest slice decide, a time slice at a time: with hundreds of
        bots one slice would otherwise hold the loop (heartbeat, Ctrl-C) for a second."""
        self.turns.restart()
        if self.engine.flush_until(self.turns.due):
            self._flush_scheduled = False
            waiting, self._waiting = self._waiting, []
            for fut in waiting:
                if not fut.done():
                    fut.set_result(None)
        else:
            asyncio.get_running_loop().call_soon(self._flush)

    async def drained(self) -> None:
        """Until the bots have decided on every bar given so far (``Feed.drained``)."""
        if self._flush_scheduled:
            fut = asyncio.get_running_loop().create_future()
            self._waiting.append(fut)
            await fut

    async def bar_clock(self, stopping: asyncio.Event) -> None:
        """Closes live bars on time even when the last seconds had no trade."""
        while not stopping.is_set():
            await asyncio.sleep(1.0)
            now = self.clock()
            for builder in list(self.builders.values()):
                done = builder.flush(now)
                if done is not None:
                    self.bar(done)
