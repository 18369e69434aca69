"""What feeds and brokers report about their connections, made events and acted on.

Every feed's and broker's ``status`` gets a sink here: each ``ConnectionEvent`` becomes an
typed connection event (``Connecting``, ``Connected``, ``Disconnected``, ``Reconnected``,
``Resubscribed``) naming the feed or broker, the channel and the reason. A report that
only repeats the last state of the same feed or broker on the same channel (a plugin
saying ``disconnected`` at every failed retry) is dropped here: one event, and so one
console line, per change of state.

A broker reports per channel (a Rithmic plant, an IB client; a report without one speaks
for the whole connection); a feed reports per channel too, and a channel named after a
symbol (a contract the feed could not subscribe again) concerns only the bots reading
that symbol. While a bot's broker or one of its feed's channels is down the bot sends no
new entries: an order could be neither confirmed nor protected, nor decided on live data.
The heartbeat and the dashboard read each bot's connections here (``bot_links``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from runner.api.status import ConnectionEvent
from runner.engine.bot import BotRunner
from runner.events import EventSink, connection_event
from runner.runtime.links import UP, Links, describe
from runner.runtime.supervision import Supervisor

if TYPE_CHECKING:
    from runner.api import Feed
    from runner.api.broker import Broker

DISCONNECTED = "disconnected"
"""A running bot's state while its broker or feed is down: it sends no entries."""


class ConnectionWatch:
    def __init__(
        self, supervisor: Supervisor, emit: EventSink, clock: Callable[[], int] = time.time_ns
    ) -> None:
        self.supervisor = supervisor
        self.emit = emit
        self.clock = clock
        self._links: dict[int, Links] = {}  # id(feed or broker): its channels
        self._told_up: set[int] = set()  # id of each plugin that reported itself connected
        self._feeds_of: dict[str, list[Feed]] = {}  # bot name: the feeds it reads
        self._symbols: dict[int, set[str]] = {}  # id(feed): the symbols its bots read
        self._stale: dict[str, int] = {}  # symbol: end of its latest bar when called stale
        self._was_down: set[int] = set()  # id of each broker that reported a drop
        self.broker_back: list[Callable[[Broker], None]] = []
        """Called when a broker that was down has every channel up again (a reconnect)."""

    def watch_feed(self, feed: Feed, runners: Iterable[BotRunner] = ()) -> None:
        """Sinks the feed's reports; ``runners`` are the bots reading it."""
        feed.status = partial(self._feed_status, feed)
        feed.on_stale.append(self._feed_stale)
        symbols = self._symbols.setdefault(id(feed), set())
        for runner in runners:
            self._feeds_of.setdefault(runner.name, []).append(feed)
            symbols.update(runner.by_symbol)

    def add_reader(self, feed: Feed, runner: BotRunner) -> None:
        """A bot added while running reads a feed already watched."""
        feeds = self._feeds_of.setdefault(runner.name, [])
        if feed not in feeds:
            feeds.append(feed)
        self._symbols.setdefault(id(feed), set()).update(runner.by_symbol)

    def watch_broker(self, broker: Broker) -> None:
        broker.status = partial(self._broker_status, broker)

    def reported_up(self, plugin: Feed | Broker) -> bool:
        """The plugin said itself that it connected: the core need not say it again."""
        return id(plugin) in self._told_up

    def broker_up(self, broker: Broker) -> bool:
        """No channel of ``broker`` is down (as far as it has reported)."""
        return self._since(broker) is None

    def connected(self, runner: BotRunner) -> bool:
        """The bot's broker and every feed channel it depends on are up."""
        if not self.broker_up(runner.broker):
            return False
        return all(self._feed_since(feed, runner) is None for feed in self._feeds(runner))

    def apply(self, runner: BotRunner) -> None:
        """Tells a bot built after a report (a restart) where its connections stand."""
        runner.set_connected(self.connected(runner))

    def bot_links(self, runner: BotRunner) -> dict[str, str]:
        """The bot's feed and broker as the heartbeat shows them: ``connected``,
        ``disconnected 42s`` (on the runtime's clock) or, for a silent feed, ``stale``."""
        now = self.clock()
        drops = [self._feed_since(feed, runner) for feed in self._feeds(runner)]
        feed_since = min((t for t in drops if t is not None), default=None)
        return {
            "feed": describe(feed_since, now, self._is_stale(runner)),
            "broker": describe(self._since(runner.broker), now),
        }

    def annotate(self, statuses: list[dict[str, Any]]) -> None:
        """Adds ``feed`` and ``broker`` to each bot's status; a running bot cut off from
        either is shown ``disconnected``, not ``running``."""
        for st in statuses:
            slot = self.supervisor.slots.get(str(st.get("bot", "")))
            if slot is None:
                continue
            st.update(self.bot_links(slot.runner))
            st["state"] = shown_state(str(st.get("state", "")), self.connected(slot.runner))

    # ------------------------------------------------------------------ reports
    def _feed_status(self, feed: Feed, event: ConnectionEvent) -> None:
        if event.state in UP:
            self._told_up.add(id(feed))
        if not self._changed(feed, event):
            return
        self._apply_all()
        self.emit(connection_event(self._stamped(event), "feed", name=feed.name))

    def _broker_status(self, broker: Broker, event: ConnectionEvent) -> None:
        if event.state in UP:
            self._told_up.add(id(broker))
        if not self._changed(broker, event):
            return
        self._apply_all()
        runners = [s.runner for s in self.supervisor.slots.values() if s.runner.broker is broker]
        stamped = self._stamped(event)
        for bot in [r.name for r in runners] or [""]:
            self.emit(connection_event(stamped, "broker", name=broker.name, bot=bot))
        if not self.broker_up(broker):
            self._was_down.add(id(broker))
        elif id(broker) in self._was_down:
            self._was_down.discard(id(broker))
            for listener in self.broker_back:
                listener(broker)

    def _feed_stale(self, symbol: str, silent: float) -> None:
        """The feed's stale-market notice: stale until a newer bar of ``symbol`` arrives."""
        ends = [
            inst.bar.end
            for slot in self.supervisor.slots.values()
            if (inst := slot.runner.by_symbol.get(symbol)) is not None and inst.bar is not None
        ]
        self._stale[symbol] = max(ends, default=0)

    # ------------------------------------------------------------------ state
    def _changed(self, plugin: Feed | Broker, event: ConnectionEvent) -> bool:
        links = self._links.setdefault(id(plugin), Links())
        return links.change(event.channel, event.state, self.clock())

    def _stamped(self, event: ConnectionEvent) -> ConnectionEvent:
        """A report the plugin left without a time gets the runtime's: every line has one."""
        if event.ts:
            return event
        return ConnectionEvent(event.state, self.clock(), event.source, event.channel, event.reason)

    def _apply_all(self) -> None:
        for slot in self.supervisor.slots.values():
            self.apply(slot.runner)

    def _since(self, plugin: Feed | Broker) -> int | None:
        links = self._links.get(id(plugin))
        return links.since() if links is not None else None

    def _feeds(self, runner: BotRunner) -> list[Feed]:
        return self._feeds_of.get(runner.name, [])

    def _feed_since(self, feed: Feed, runner: BotRunner) -> int | None:
        """When the feed's drop that matters to ``runner`` began: a channel named after a
        symbol matters to the bots reading it, any other channel to every bot."""
        links = self._links.get(id(feed))
        if links is None:
            return None
        symbols = self._symbols.get(id(feed), set())
        mine = runner.by_symbol
        return links.since(lambda channel: channel not in symbols or channel in mine)

    def _is_stale(self, runner: BotRunner) -> bool:
        stale = False
        for symbol, mark in list(self._stale.items()):
            inst = runner.by_symbol.get(symbol)
            if inst is None:
                continue
            if inst.bar is not None and inst.bar.end > mark:
                del self._stale[symbol]  # data came back
            else:
                stale = True
        return stale


def shown_state(state: str, connected: bool) -> str:
    """The supervisor's state of a bot, unless it runs cut off from its broker or feed."""
    return DISCONNECTED if state == "running" and not connected else state
