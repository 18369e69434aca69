"""Where one feed's or broker's connection stands, channel by channel, in words.

A plugin may report the same state many times (each failed reconnect attempt says
``disconnected`` again); only a change is news. The time of a drop is taken on the
runtime's clock when the report arrives, not the plugin's stamp, so the heartbeat's
``disconnected 42s`` is measured on one clock whatever the plugin's is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from runner.api.status import ConnectionState
from runner.model import NS

UP = (ConnectionState.CONNECTED, ConnectionState.RECONNECTED, ConnectionState.RESUBSCRIBED)


@dataclass(slots=True)
class Links:
    """The channels of one feed or broker: the last state each reported, and the drops."""

    last: dict[str, ConnectionState] = field(default_factory=dict)
    down: dict[str, int] = field(default_factory=dict)
    """Channel: the runtime clock's time (ns) when it was reported lost."""

    def change(self, channel: str, state: ConnectionState, now: int) -> bool:
        """Records a report; False when it only repeats the channel's last state.

        A report without a channel speaks for the whole connection: its return brings
        every channel back with it.
        """
        if self.last.get(channel) is state:
            return False
        if state is ConnectionState.DISCONNECTED:
            self.down.setdefault(channel, now)
        elif state in UP:
            self.down.pop(channel, None)
            if not channel:
                self.down.clear()
                self.last.clear()
        self.last[channel] = state
        return True

    def since(self, concerns: Callable[[str], bool] | None = None) -> int | None:
        """When the earliest drop still open began (of the channels ``concerns`` accepts;
        a drop of the whole connection concerns everyone); None while all are up."""
        times = [t for c, t in self.down.items() if not c or concerns is None or concerns(c)]
        return min(times) if times else None


def describe(since: int | None, now: int, stale: bool = False) -> str:
    """``connected``, ``disconnected 42s`` or ``stale``, as the heartbeat shows it."""
    if since is not None:
        return f"disconnected {max(0, now - since) // NS}s"
    return "stale" if stale else "connected"
