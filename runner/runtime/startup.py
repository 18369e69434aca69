"""Brokers and feeds brought up in the order a safe start needs.

Brokers connect first, because recovery asks each what it holds. Feeds open after
recovery: each is wired to the market loop, connected, used to warm the bots' indicators
on history (when it has any), and only then subscribed, so the first live bar meets warm
bots. A stop that comes while this runs leaves the remaining feeds shut.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from runner.engine.bot import BotRunner
from runner.engine.timeslice import TimeSlice
from runner.errors import RunnerError
from runner.events import Connected, Listener, Subscribed, WarmedUp
from runner.model import NS, Bar
from runner.runtime.connection import ConnectionWatch
from runner.runtime.market import MarketLoop
from runner.runtime.options import StartError

if TYPE_CHECKING:
    from runner.api import Feed
    from runner.runtime.supervision import BotSlot


class Startup:
    def __init__(
        self,
        market: MarketLoop,
        connections: ConnectionWatch,
        emit: Listener,
        clock: Callable[[], int],
        stopping: asyncio.Event,
    ) -> None:
        self.market = market
        self.connections = connections
        self.emit = emit
        self.clock = clock
        self.stopping = stopping
        self.monotonic: Callable[[], float] = time.monotonic  # for the warm-up's time slices

    async def connect_brokers(self, slots: Iterable[BotSlot]) -> None:
        """Every distinct broker connects before recovery asks it what it holds."""
        seen: set[int] = set()
        for slot in slots:
            broker = slot.runner.broker
            if id(broker) in seen:
                continue
            seen.add(id(broker))
            try:
                await broker.connect()
            except RunnerError as exc:
                raise StartError(f"bot {slot.name}: broker {broker.name}: {exc}") from None
            if not broker.capabilities.simulated and not self.connections.reported_up(broker):
                self.emit(Connected(bot=slot.name, ts=self.market.now(), broker=broker.name))

    async def open_feeds(
        self, feeds: list[tuple[Feed, list[BotRunner]]], feed_tasks: list[asyncio.Task]
    ) -> None:
        """Each feed wired, connected, used for warm-up and subscribed; a paced feed's end
        becomes a task in ``feed_tasks``."""
        market = self.market
        for feed, runners in feeds:
            if self.stopping.is_set():  # stopped before this feed was opened: it stays shut
                return
            feed.sink = market.on_market
            feed.drained = market.drained
            if feed.capabilities.stale_watch:
                feed.on_stale.append(market.stale)
            if feed.capabilities.session_check:
                feed.session_check = market.in_session
            try:
                await feed.connect()
            except RunnerError as exc:
                raise StartError(f"feed {feed.name}: {exc}") from None
            if not self.connections.reported_up(feed):  # the core says it for a quiet feed
                self.emit(Connected(bot="", ts=market.now(), feed=feed.name))
            await self._warm_up(feed, runners)
            symbols = sorted({s for r in runners for s in r.by_symbol})
            if self.stopping.is_set():
                return
            try:
                await feed.subscribe(symbols)
            except RunnerError as exc:
                raise StartError(f"feed {feed.name}: {exc}") from None
            self.emit(Subscribed(bot="", ts=market.now(), feed=feed.name, symbols=symbols))
            if feed.capabilities.paced:
                feed_tasks.append(asyncio.create_task(feed.wait()))

    async def _warm_up(self, feed: Feed, runners: list[BotRunner]) -> None:
        """Indicators start warm: history before the first live bar, where the feed has it.

        Each symbol's history is asked for once, however many bots read it, and the loop
        gets a turn whenever a time slice of warming is spent: hundreds of bots warm up in
        seconds, and the heartbeat and Ctrl-C must not wait for all of them.
        """
        if feed.capabilities.replays_history:
            return  # a replay starts at the beginning of its data
        end = self.clock()
        turns = TimeSlice(monotonic=self.monotonic)
        history: dict[tuple[str, int], list[Bar]] = {}
        for runner in runners:
            bars: list[Bar] = []
            for symbol in runner.by_symbol:
                size = self.market.trade_bar_seconds.get(symbol, 60)
                got = history.get((symbol, size))
                if got is None:
                    span = min(3 * 86400, size * 5000) * NS  # a few thousand bars at most
                    try:
                        got = await feed.history(symbol, size, end - span, end)
                    except NotImplementedError:
                        return
                    history[(symbol, size)] = got
                bars += got
            runner.warm(sorted(bars, key=lambda b: (b.end, b.symbol)))
            self.emit(WarmedUp(bot=runner.name, ts=self.market.now(), bars=len(bars)))
            if turns.due():
                await turns.pause()
