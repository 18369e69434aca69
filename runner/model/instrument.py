"""What the engine must know about a tradable contract to price, round and value it."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ContractSpec:
    """Static facts of a product (a futures root or an ETF), independent of the month.

    ``point_value`` turns one point of price into dollars per contract (GC: 100, ES: 50);
    the dollar value of one tick is ``tick_size * point_value``.
    """

    root: str
    description: str
    exchange: str
    currency: str
    tick_size: float
    point_value: float
    calendar: str  # exchange_calendars name used for sessions and holidays
    timezone: str
    sec_type: str = "FUT"  # FUT, STK (ETF), IND
    months: str = "FGHJKMNQUVXZ"  # listed contract months as month codes
    last_trade_rule: str = ""  # how the last trading day is derived (see contracts.calendar)
    first_notice_rule: str = ""  # physical delivery products only
    business_calendar: str = ""  # calendar whose sessions are business days; "" = calendar

    @property
    def tradable(self) -> bool:
        """An index (VIX) can be read but never traded."""
        return self.sec_type != "IND"

    @property
    def expiry_calendar(self) -> str:
        """Calendar that counts business days for last-trade and first-notice rules.

        CME Globex trades through some US holidays with an early halt, so its trading
        calendar lists them as sessions; they are not clearing business days.
        """
        return self.business_calendar or self.calendar

    @property
    def tick_value(self) -> float:
        return self.tick_size * self.point_value

    def round_price(self, price: float) -> float:
        """Nearest valid price on the tick grid (half away from zero)."""
        ticks = price / self.tick_size
        n = math.floor(abs(ticks) + 0.5 + 1e-9) * (1 if ticks >= 0 else -1)
        return round(n * self.tick_size, 10)

    def round_down(self, price: float) -> float:
        return round(math.floor(price / self.tick_size + 1e-9) * self.tick_size, 10)

    def round_up(self, price: float) -> float:
        return round(math.ceil(price / self.tick_size - 1e-9) * self.tick_size, 10)
