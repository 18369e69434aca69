"""Events of the runner's life, its market data and connections, and plugins' words."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from runner.events.base import Event, omitted


# ---------------------------------------------------------------- the runner's life
@dataclass(frozen=True, slots=True, kw_only=True)
class NewSession(Event):
    kind = "new_session"
    earlier_fills: int
    next_client_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Recovered(Event):
    kind = "recovered"
    positions: dict[str, int]
    working_orders: int
    fills: int
    after_crash: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Resumed(Event):
    """A crashed replay goes on from the journal's last market time (``ts``, the earliest
    of its bots'): what came before only warms indicators up."""

    kind = "resumed"
    feed: str
    bots: dict[str, str]  # bot: the market time (ISO, UTC) it traded up to
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class WarmedUp(Event):
    kind = "warmed_up"
    bars: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Heartbeat(Event):
    kind = "heartbeat"
    bots: list[dict[str, Any]]
    delay_ms: float


@dataclass(frozen=True, slots=True, kw_only=True)
class BotError(Event):
    kind = "bot_error"
    error: str
    traceback: str = omitted("")
    failures: int | None = omitted()


@dataclass(frozen=True, slots=True, kw_only=True)
class BotDown(Event):
    kind = "bot_down"
    failures: int
    window_s: float
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class BotRestarting(Event):
    kind = "bot_restarting"
    in_seconds: float
    failures: int


@dataclass(frozen=True, slots=True, kw_only=True)
class BotRestarted(Event):
    kind = "bot_restarted"
    restarts: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Stopping(Event):
    """A stop was asked for (Ctrl-C, SIGTERM, the end of a replay), said at once: the
    flatten and the saves that follow may take a while on a busy runner."""

    kind = "stopping"
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OperatorAction(Event):
    """An operator paused, resumed or flattened a bot, or pulled the kill switch (``bot``
    "" then); journaled first, with who asked and through what."""

    kind = "operator_action"
    action: str
    who: str
    via: str
    result: str
    ok: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Shutdown(Event):
    kind = "shutdown"
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NotFlat(Event):
    kind = "not_flat"
    positions: dict[str, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class Stopped(Event):
    kind = "stopped"
    reason: str


# ---------------------------------------------------------------- market data and connections
@dataclass(frozen=True, slots=True, kw_only=True)
class Subscribed(Event):
    kind = "subscribed"
    feed: str
    symbols: list[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class StaleFeed(Event):
    """No data for a symbol while a bot reading it is inside its window."""

    kind = "stale_feed"
    symbol: str
    silent_s: float


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedStale(Event):
    """The Rithmic feed's own stale notice, passed on as a market Timer when asked to."""

    kind = "feed_stale"
    symbol: str
    silent_s: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectionChange(Event):
    """A feed's or broker's connection state (``runner.api.status.ConnectionEvent``)."""

    feed: str | None = omitted()
    broker: str | None = omitted()
    channel: str = omitted("")
    reason: str = omitted("")


@dataclass(frozen=True, slots=True, kw_only=True)
class Connecting(ConnectionChange):
    kind = "connecting"


@dataclass(frozen=True, slots=True, kw_only=True)
class Connected(ConnectionChange):
    kind = "connected"


@dataclass(frozen=True, slots=True, kw_only=True)
class Disconnected(ConnectionChange):
    """Always with a reason: ``connection_event`` says so when the venue gave none."""

    kind = "disconnected"


@dataclass(frozen=True, slots=True, kw_only=True)
class Reconnected(ConnectionChange):
    kind = "reconnected"


@dataclass(frozen=True, slots=True, kw_only=True)
class Resubscribed(ConnectionChange):
    kind = "resubscribed"


# ---------------------------------------------------------------- what plugins say
@dataclass(frozen=True, slots=True, kw_only=True)
class PluginLog(Event):
    """A record a plugin logged through stdlib ``logging``, already redacted."""

    kind = "plugin_log"
    logger: str
    level: str  # the stdlib level name: INFO, WARNING, ERROR, CRITICAL
    message: str

    @property
    def levelno(self) -> int:
        number = logging.getLevelName(self.level)
        return number if isinstance(number, int) else logging.INFO


@dataclass(frozen=True, slots=True, kw_only=True)
class Notice(Event):
    """A plugin's own ``ctx.log`` or a feed's Timer that no class describes.

    Either its name has no class, or its fields do not fit the class of its name: then
    ``problem`` says why, last on the line, so the notice is kept and the run goes on.
    """

    kind = "notice"
    notice: str
    data: Mapping[str, Any]
    problem: str = ""

    @property
    def name(self) -> str:
        return self.notice

    def payload(self) -> dict[str, Any]:
        out = dict(self.data)
        if self.problem:
            out["problem"] = self.problem
        return out
