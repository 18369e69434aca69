"""The event sink: one call hands an event to every listener (log files, console, dashboard)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from runner.api.status import ConnectionEvent, ConnectionState
from runner.events.base import Event
from runner.events.system import (
    Connected,
    Connecting,
    ConnectionChange,
    Disconnected,
    Reconnected,
    Resubscribed,
)

Listener = Callable[[Event], None]
"""What every emitter is given and every listener is: a taker of one typed event."""


class EventSink:
    """The run's one event sink: every listener gets every event."""

    __slots__ = ("sinks",)

    def __init__(self, *sinks: Listener) -> None:
        self.sinks: list[Listener] = list(sinks)

    def __call__(self, event: Event) -> None:
        for sink in self.sinks:
            sink(event)


_STATES: dict[ConnectionState, type[ConnectionChange]] = {
    ConnectionState.CONNECTING: Connecting,
    ConnectionState.CONNECTED: Connected,
    ConnectionState.DISCONNECTED: Disconnected,
    ConnectionState.RECONNECTED: Reconnected,
    ConnectionState.RESUBSCRIBED: Resubscribed,
}


def connection_event(
    event: ConnectionEvent, role: Literal["feed", "broker"], *, name: str = "", bot: str = ""
) -> ConnectionChange:
    """The typed event of a feed's or broker's ``self.status(ConnectionEvent(...))``.

    ``name`` is the plugin's name, used when the plugin left ``source`` empty; ``bot`` is
    the bot a broker serves ("" for a feed shared by several bots).
    """
    source = event.source or name
    reason = event.reason
    if event.state is ConnectionState.DISCONNECTED and not reason:
        reason = "no reason given by the venue"
    return _STATES[event.state](
        bot=bot,
        ts=event.ts,
        feed=source if role == "feed" else None,
        broker=source if role == "broker" else None,
        channel=event.channel,
        reason=reason,
    )
