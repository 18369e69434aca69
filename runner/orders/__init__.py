"""The order manager: one bot's orders, fills and position book, between pipeline and broker."""

from runner.orders.fills import FillKey, FillLedger
from runner.orders.manager import OrderManager
from runner.orders.records import OrderRecord, TradeState

__all__ = ["FillKey", "FillLedger", "OrderManager", "OrderRecord", "TradeState"]
