"""What a plugin implements: one base class per kind, and the context bots run in.

A plugin is a class with a ``name``, a pydantic ``Params`` model (unknown keys forbidden)
and a small runtime interface. Third-party packages subclass these and return their
classes from the hooks in :mod:`runner.hookspecs`.
"""

from runner.api.base import Params, Plugin, PluginKind
from runner.api.broker import Broker, BrokerSnapshot
from runner.api.context import BotContext, InstrumentState
from runner.api.exit import Exit, ExitAction, ExitLevels
from runner.api.feed import Feed
from runner.api.filter import Filter
from runner.api.indicator import Indicator, IndicatorParams
from runner.api.signal import Intent, Signal
from runner.api.sizer import Sizer
from runner.api.zones import check_timezone, zone_name

__all__ = [
    "BotContext",
    "Broker",
    "BrokerSnapshot",
    "Exit",
    "ExitAction",
    "ExitLevels",
    "Feed",
    "Filter",
    "Indicator",
    "IndicatorParams",
    "InstrumentState",
    "Intent",
    "Params",
    "Plugin",
    "PluginKind",
    "Signal",
    "Sizer",
    "check_timezone",
    "zone_name",
]
