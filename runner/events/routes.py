"""The one table saying where each event kind goes.

Per kind: the JSON log file it is written to, whether the console prints it (how severe,
in which colour), where the dashboard shows it, and which journal table holds the fact it
announces. The console, the dashboard and the JSON logs read this table and keep no list
of kinds of their own: a kind missing here is a test failure, not a silently dropped line.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from runner.events.base import Event
from runner.events.reload import (
    BotAdded,
    BotReloaded,
    BotReloadPending,
    BotReloadRejected,
    BotRemoved,
)
from runner.events.system import (
    BotDown,
    BotError,
    BotRestarted,
    BotRestarting,
    Connected,
    Connecting,
    Disconnected,
    FeedStale,
    Heartbeat,
    NewSession,
    NotFlat,
    Notice,
    OperatorAction,
    PluginLog,
    Reconnected,
    Recovered,
    Resubscribed,
    Resumed,
    Shutdown,
    StaleFeed,
    Stopped,
    Stopping,
    Subscribed,
    WarmedUp,
)
from runner.events.trading import (
    Difference,
    EntriesResumed,
    EntrySkipped,
    ExitLevelSkipped,
    ExitTriggered,
    Filled,
    FinalPrice,
    Flatten,
    LateFill,
    LegFailed,
    OrderCancelled,
    OrderExpired,
    OrderRejected,
    OrderSent,
    Reconcile,
    ReconcileUnknown,
    RiskLimit,
    Signal,
    SignalConflict,
    StopMoved,
    StopRestored,
    UnknownFill,
    UnknownOrder,
    WindowClose,
    WindowOpen,
)


class Category(enum.StrEnum):
    """The JSON log files: ``<log dir>/<category>.jsonl``."""

    CONNECTION = "connection"
    MARKET = "market"
    ORDERS = "orders"
    SIGNALS = "signals"
    SYSTEM = "system"


class Pane(enum.StrEnum):
    """Where the dashboard shows a kind."""

    FILLS = "fills"  # the "Recent fills" panel
    EVENTS = "events"  # the "Events" panel
    CONNECTIONS = "connections"  # the header's state of each feed and broker


class Table(enum.StrEnum):
    """The journal table that holds the fact an event announces (written before it)."""

    ORDERS = "orders"
    FILLS = "fills"
    BOT_STATE = "bot_state"
    RECONCILE = "reconcile"


@dataclass(frozen=True, slots=True)
class Show:
    """A kind printed on the console: its severity and the colour of its name."""

    level: int = logging.INFO
    style: str | Callable[[Any], str] = "white"

    def colour(self, event: Event) -> str:
        return self.style if isinstance(self.style, str) else self.style(event)


@dataclass(frozen=True, slots=True)
class Route:
    category: Category
    console: Show | None = None
    dashboard: Pane | None = None
    journal: Table | None = None
    when: Callable[[Any], bool] | None = None
    """On screen (console and dashboard) only when this holds; the log always has it."""

    def on_screen(self, event: Event) -> bool:
        return self.when is None or self.when(event)


def _by_side(e: Filled) -> str:
    return "green" if e.side == "BUY" else "red"


def _by_direction(e: Signal) -> str:
    return {"long": "green", "short": "red"}.get(e.direction, "yellow")


def _by_level(e: PluginLog) -> str:
    return "red" if e.levelno >= logging.ERROR else "yellow"


def _asked_for(e: OrderCancelled) -> bool:
    """A cancel we asked for (flatten, shutdown, exit) is shown; one-cancels-other
    housekeeping after every bracket exit is in orders.jsonl only."""
    return not e.reason.startswith("oco")


def _warning(e: PluginLog) -> bool:
    return e.levelno >= logging.WARNING


_INFO, _WARN = Show(), Show(logging.WARNING)
_RED, _ERROR = Show(logging.WARNING, "red"), Show(logging.ERROR, "red")
_GREEN = Show(style="green")

ROUTES: dict[type[Event], Route] = {
    # decisions
    Signal: Route(Category.SIGNALS, Show(style=_by_direction), Pane.EVENTS),
    EntrySkipped: Route(Category.SIGNALS, _INFO),
    RiskLimit: Route(Category.SYSTEM, _RED, Pane.EVENTS),
    WindowOpen: Route(Category.SYSTEM, _INFO, Pane.EVENTS),
    WindowClose: Route(Category.SYSTEM, _INFO, Pane.EVENTS),
    SignalConflict: Route(Category.SYSTEM),
    ExitLevelSkipped: Route(Category.SYSTEM),
    # orders and fills
    OrderSent: Route(Category.ORDERS, _INFO, journal=Table.ORDERS),
    OrderRejected: Route(Category.ORDERS, _RED, Pane.EVENTS, Table.ORDERS),
    OrderCancelled: Route(Category.ORDERS, _INFO, journal=Table.ORDERS, when=_asked_for),
    OrderExpired: Route(Category.ORDERS, journal=Table.ORDERS),
    UnknownOrder: Route(Category.ORDERS),
    LegFailed: Route(Category.ORDERS, _RED, Pane.EVENTS),
    ExitTriggered: Route(Category.ORDERS, _INFO),
    StopMoved: Route(Category.ORDERS, journal=Table.ORDERS),
    Flatten: Route(Category.ORDERS, _INFO, Pane.EVENTS),
    Filled: Route(Category.ORDERS, Show(style=_by_side), Pane.FILLS, Table.FILLS),
    UnknownFill: Route(Category.ORDERS),
    LateFill: Route(Category.SYSTEM),
    Reconcile: Route(Category.ORDERS, _WARN, Pane.EVENTS),
    Difference: Route(Category.ORDERS, _ERROR, Pane.EVENTS, Table.RECONCILE),
    ReconcileUnknown: Route(Category.SYSTEM, _ERROR, Pane.EVENTS, Table.RECONCILE),
    EntriesResumed: Route(Category.SYSTEM, _GREEN, Pane.EVENTS, Table.RECONCILE),
    StopRestored: Route(Category.ORDERS, _RED, Pane.EVENTS, Table.ORDERS),
    FinalPrice: Route(Category.SYSTEM),
    # the runner's life
    NewSession: Route(Category.SYSTEM),
    Recovered: Route(Category.SYSTEM, dashboard=Pane.EVENTS),
    Resumed: Route(Category.SYSTEM, _INFO, Pane.EVENTS),
    WarmedUp: Route(Category.SYSTEM),
    Heartbeat: Route(Category.SYSTEM, journal=Table.BOT_STATE),
    BotError: Route(Category.SYSTEM, _ERROR, Pane.EVENTS),
    BotDown: Route(Category.SYSTEM, _ERROR, Pane.EVENTS),
    BotRestarting: Route(Category.SYSTEM),
    BotRestarted: Route(Category.SYSTEM, _INFO, Pane.EVENTS),
    Stopping: Route(Category.SYSTEM, _WARN, Pane.EVENTS),
    OperatorAction: Route(Category.SYSTEM, _WARN, Pane.EVENTS),
    Shutdown: Route(Category.SYSTEM, dashboard=Pane.EVENTS),
    NotFlat: Route(Category.SYSTEM),
    # hot reload of bot files
    BotReloaded: Route(Category.SYSTEM, _GREEN, Pane.EVENTS),
    BotReloadPending: Route(Category.SYSTEM, _WARN, Pane.EVENTS),
    BotReloadRejected: Route(Category.SYSTEM, _ERROR, Pane.EVENTS),
    BotAdded: Route(Category.SYSTEM, _GREEN, Pane.EVENTS),
    BotRemoved: Route(Category.SYSTEM, _WARN, Pane.EVENTS),
    Stopped: Route(Category.SYSTEM),
    # market data and connections
    Subscribed: Route(Category.MARKET, dashboard=Pane.CONNECTIONS),
    StaleFeed: Route(Category.MARKET, _WARN, Pane.EVENTS),
    FeedStale: Route(Category.SYSTEM),
    Connecting: Route(Category.CONNECTION, _INFO, Pane.CONNECTIONS),
    Connected: Route(Category.CONNECTION, _INFO, Pane.CONNECTIONS),
    Disconnected: Route(Category.CONNECTION, _RED, Pane.CONNECTIONS),
    Reconnected: Route(Category.CONNECTION, _GREEN, Pane.CONNECTIONS),
    Resubscribed: Route(Category.CONNECTION, _GREEN, Pane.CONNECTIONS),
    # what plugins say
    PluginLog: Route(Category.SYSTEM, Show(logging.WARNING, _by_level), Pane.EVENTS, when=_warning),
    Notice: Route(Category.SYSTEM),
}

BY_KIND: dict[str, type[Event]] = {cls.kind: cls for cls in ROUTES if cls is not Notice}
"""Every kind by its name, for the events named only at run time (:mod:`runner.events.named`).

Notice is left out: it is what a name missing here becomes, never a name of its own."""


def route_of(event: Event) -> Route:
    return ROUTES[type(event)]


def category(kind: str) -> Category:
    """The log file of a kind given by name (a kind no class declares is a system notice)."""
    cls = BY_KIND.get(kind)
    return ROUTES[cls].category if cls is not None else Category.SYSTEM
