"""What a plugin implements: one base class per kind, and the context bots run in.

Plugins import only this package (and its submodules ``runner.api.contracts`` and
``runner.api.clock``): it re-exports the domain model of :mod:`runner.model`, so the core's
internals can change without breaking a plugin.

A plugin is a class with a ``name``, a pydantic ``Params`` model (unknown keys forbidden)
and a small runtime interface. Third-party packages subclass these and return their
classes from the hooks in :mod:`runner.hookspecs`.
"""

from runner.api.backoff import Backoff
from runner.api.base import Params, Plugin, PluginKind
from runner.api.broker import Broker, BrokerSnapshot
from runner.api.capabilities import BrokerCapabilities, FeedCapabilities
from runner.api.clocktime import ClockTime, check_clock_time, parse_clock_time
from runner.api.context import BotContext, InstrumentState
from runner.api.exit import Exit, ExitAction, ExitLevels
from runner.api.feed import Feed
from runner.api.filter import Filter
from runner.api.history import HistoryError, HistorySource, SourceOptions
from runner.api.indicator import Indicator, IndicatorParams
from runner.api.notifier import Attachment, Message, Notifier, NotifierError
from runner.api.registry import hookimpl, optional
from runner.api.signal import Intent, Signal
from runner.api.sizer import Sizer
from runner.api.status import ConnectionEvent, ConnectionState
from runner.api.zones import check_timezone, zone_name
from runner.config.refs import BAR_FIELDS, Namespace
from runner.errors import RunnerError
from runner.model import (
    MINUTE_NS,
    NS,
    Bar,
    Bracket,
    BrokerEvent,
    ContractSpec,
    Fill,
    MarketEvent,
    Order,
    OrderStatus,
    OrderType,
    OrderUpdate,
    Quote,
    Side,
    TimeInForce,
    Timer,
    Trade,
    from_datetime,
    to_datetime,
)

__all__ = [
    "BAR_FIELDS",
    "Attachment",
    "Message",
    "Notifier",
    "NotifierError",
    "Backoff",
    "MINUTE_NS",
    "NS",
    "Bar",
    "Bracket",
    "BrokerEvent",
    "ConnectionEvent",
    "ConnectionState",
    "ContractSpec",
    "Fill",
    "MarketEvent",
    "Namespace",
    "Order",
    "OrderStatus",
    "OrderType",
    "OrderUpdate",
    "Quote",
    "RunnerError",
    "Side",
    "TimeInForce",
    "Timer",
    "Trade",
    "from_datetime",
    "hookimpl",
    "optional",
    "to_datetime",
    "BotContext",
    "Broker",
    "BrokerCapabilities",
    "BrokerSnapshot",
    "ClockTime",
    "Exit",
    "ExitAction",
    "ExitLevels",
    "Feed",
    "FeedCapabilities",
    "Filter",
    "HistoryError",
    "HistorySource",
    "SourceOptions",
    "Indicator",
    "IndicatorParams",
    "InstrumentState",
    "Intent",
    "Params",
    "Plugin",
    "PluginKind",
    "Signal",
    "Sizer",
    "check_clock_time",
    "check_timezone",
    "parse_clock_time",
    "zone_name",
]
