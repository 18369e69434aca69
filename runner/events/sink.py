"""The event sink: one call hands an event to every listener (log files, console, dashboard).

Until the core's emitters construct typed events themselves, the sink (and each listener)
also takes the older call form ``emit(kind, bot, ts, **fields)``; :func:`as_event` turns it
into the typed event through the routing table. That adapter is transitional: once every
call site builds its event, the call form and the adapter go.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from runner.api.status import ConnectionEvent, ConnectionState
from runner.events.base import Event
from runner.events.routes import BY_KIND
from runner.events.system import (
    Connected,
    Connecting,
    ConnectionChange,
    Disconnected,
    Notice,
    Reconnected,
    Resubscribed,
)

Listener = Callable[[Event], None]


def as_event(
    event: Event | str, bot: str = "", ts: int = 0, fields: Mapping[str, Any] | None = None
) -> Event:
    """The typed event of either call form (transitional, see the module docstring).

    A kind the table knows must come with exactly its class's fields: a misspelt or
    missing field raises here, in the tests, instead of writing a line nobody can parse.
    A name the table does not know (a plugin's own ``ctx.log`` notice, a feed's Timer) is
    a :class:`Notice` carrying its fields as they came.
    """
    if isinstance(event, Event):
        return event
    values = dict(fields or {})
    cls = BY_KIND.get(event)
    if cls is None:
        return Notice(bot=bot, ts=ts, notice=event, data=values)
    try:
        return cls(bot=bot, ts=ts, **values)
    except TypeError as exc:
        raise TypeError(f"event {event!r} ({cls.__name__}): {exc}") from None


class EventSink:
    """The run's one event sink: every listener gets every event, typed."""

    __slots__ = ("sinks",)

    def __init__(self, *sinks: Listener) -> None:
        self.sinks: list[Listener] = list(sinks)

    def __call__(self, event: Event | str, bot: str = "", ts: int = 0, /, **fields: Any) -> None:
        typed = as_event(event, bot, ts, fields)
        for sink in self.sinks:
            sink(typed)


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
