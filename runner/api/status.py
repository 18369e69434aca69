"""How a feed or broker reports the state of its connection to the core.

A plugin calls ``self.status(ConnectionEvent(...))``; the core turns it into a typed event
for the console, dashboard and logs, and acts on it (a bot whose broker is disconnected
sends nothing). Nothing a plugin reports this way is ever only logged.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar


class ConnectionState(enum.StrEnum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    RECONNECTED = "reconnected"
    RESUBSCRIBED = "resubscribed"


@dataclass(frozen=True, slots=True)
class ConnectionEvent:
    state: ConnectionState
    ts: int
    """Nanoseconds since the epoch, UTC, on the plugin's clock."""
    source: str = ""
    """The plugin's name (``rithmic``); the core fills it in when left empty."""
    channel: str = ""
    """Which connection of several: a Rithmic plant (``ticker``, ``order``), an IB client id."""
    reason: str = ""
    """Why it was lost, in the venue's words (no secrets: the core redacts again anyway)."""


def drop_status(event: ConnectionEvent) -> None:
    """The sink until the core installs its own."""
    return None


class ReportsStatus:
    """What a feed and a broker share for telling the core about their connections."""

    name: ClassVar[str]
    status: Callable[[ConnectionEvent], None]

    def report(self, state: ConnectionState, channel: str = "", reason: str = "") -> None:
        """Tell the core about a connection (``channel``: which of several) through
        ``status``; ``reason`` says why it was lost, in the venue's words."""
        self.status(ConnectionEvent(state, time.time_ns(), self.name, channel, reason))
