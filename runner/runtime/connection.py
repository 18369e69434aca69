"""What feeds and brokers report about their connections, made events and acted on.

Every feed's and broker's ``status`` gets a sink here: each ``ConnectionEvent`` becomes an
typed connection event (``Connecting``, ``Connected``, ``Disconnected``, ``Reconnected``,
``Resubscribed``) naming the feed or broker, the channel and the reason. A broker reports per channel (a
Rithmic plant, an IB client; a report without one speaks for the whole connection); while
any channel of a bot's broker is down the bot sends no new entries, since an order it sent
could be neither confirmed nor protected.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from runner.api.status import ConnectionEvent, ConnectionState
from runner.engine.bot import BotRunner
from runner.events import EventSink, connection_event
from runner.runtime.supervision import Supervisor

if TYPE_CHECKING:
    from runner.api import Feed
    from runner.api.broker import Broker

_UP = (ConnectionState.CONNECTED, ConnectionState.RECONNECTED, ConnectionState.RESUBSCRIBED)


class ConnectionWatch:
    def __init__(self, supervisor: Supervisor, emit: EventSink) -> None:
        self.supervisor = supervisor
        self.emit = emit
        self._down: dict[int, set[str]] = {}  # id(broker): its channels reported down
        self._told_up: set[int] = set()  # id of each plugin that reported itself connected

    def watch_feed(self, feed: Feed) -> None:
        feed.status = partial(self._feed_status, feed)

    def watch_broker(self, broker: Broker) -> None:
        broker.status = partial(self._broker_status, broker)

    def reported_up(self, plugin: Feed | Broker) -> bool:
        """The plugin said itself that it connected: the core need not say it again."""
        return id(plugin) in self._told_up

    def broker_up(self, broker: Broker) -> bool:
        """No channel of ``broker`` is down (as far as it has reported)."""
        return not self._down.get(id(broker))

    def apply(self, runner: BotRunner) -> None:
        """Tells a bot built after a report (a restart) where its broker stands."""
        runner.set_broker_connected(self.broker_up(runner.broker))

    def _feed_status(self, feed: Feed, event: ConnectionEvent) -> None:
        if event.state in _UP:
            self._told_up.add(id(feed))
        self.emit(connection_event(event, "feed", name=feed.name))

    def _broker_status(self, broker: Broker, event: ConnectionEvent) -> None:
        if event.state in _UP:
            self._told_up.add(id(broker))
        down = self._down.setdefault(id(broker), set())
        was_up = not down
        if event.state is ConnectionState.DISCONNECTED:
            down.add(event.channel)
        elif event.state in _UP:
            down.discard(event.channel)
            if not event.channel:  # the whole connection is back: every channel with it
                down.clear()
        runners = [s.runner for s in self.supervisor.slots.values() if s.runner.broker is broker]
        if was_up != (not down):
            for runner in runners:
                runner.set_broker_connected(not down)
        for bot in [r.name for r in runners] or [""]:
            self.emit(connection_event(event, "broker", name=broker.name, bot=bot))
