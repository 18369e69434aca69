"""The domain: one definition of each thing that flows between feeds, bots and brokers.

Nothing here knows about plugins, the engine or a venue; every other package builds on it,
and :mod:`runner.api` re-exports it for plugins.
"""

from runner.model.instrument import ContractSpec
from runner.model.market import Bar, MarketEvent, Quote, Timer, Trade
from runner.model.orders import (
    Bracket,
    BrokerEvent,
    Fill,
    Order,
    OrderStatus,
    OrderType,
    OrderUpdate,
    Side,
    TimeInForce,
)
from runner.model.time import MINUTE_NS, NS, from_datetime, to_datetime

__all__ = [
    "MINUTE_NS",
    "NS",
    "Bar",
    "Bracket",
    "BrokerEvent",
    "ContractSpec",
    "Fill",
    "MarketEvent",
    "Order",
    "OrderStatus",
    "OrderType",
    "OrderUpdate",
    "Quote",
    "Side",
    "TimeInForce",
    "Timer",
    "Trade",
    "from_datetime",
    "to_datetime",
]
