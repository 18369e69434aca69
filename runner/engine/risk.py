"""Risk limits that sit between a bot's wishes and the broker.

Limits are enforced in the engine, not in plugins, so a third-party signal or sizer
can never trade past them. Every limit that trips becomes an event in the log.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from runner.config.bot import RiskConfig
from runner.model import MINUTE_NS, NS


class TradingDay:
    """Which trading day a timestamp belongs to; futures days roll at 17:00 New York time.

    CME Globex sessions open in the evening and count toward the next calendar day, so a
    daily loss limit must reset at the session roll, not at midnight.
    """

    __slots__ = ("_next_roll", "roll", "tz")

    def __init__(self, tz: str = "America/New_York", roll: time = time(17, 0)) -> None:
        self.tz = ZoneInfo(tz)
        self.roll = roll
        self._next_roll = 0

    def rolled(self, ts: int) -> bool:
        """True when ``ts`` is past the roll that followed the previous call's day."""
        if ts < self._next_roll:
            return False
        local = datetime.fromtimestamp(ts / NS, tz=self.tz)
        nxt = datetime.combine(local.date(), self.roll, tzinfo=self.tz)
        if nxt <= local:
            nxt = datetime.combine(local.date() + timedelta(days=1), self.roll, tzinfo=self.tz)
        self._next_roll = int(nxt.timestamp()) * NS
        return True


class RiskGuard:
    """Position cap, daily loss halt and order-rate limit of one bot."""

    __slots__ = ("_orders", "config", "day", "day_start_equity", "halted", "halt_reason")

    def __init__(self, config: RiskConfig, tz: str) -> None:
        self.config = config
        self.day = TradingDay(tz)
        self.day_start_equity = 0.0
        self.halted = False
        self.halt_reason = ""
        self._orders: deque[int] = deque()

    def new_bar(self, ts: int, equity: float) -> str | None:
        """Returns a reason when the daily loss limit has just been reached."""
        day = self.day
        if ts >= day._next_roll and day.rolled(ts):  # the roll test inlined: once per bar
            self.day_start_equity = equity
            if self.halted and self.halt_reason == "max_daily_loss":
                self.halted = False
                self.halt_reason = ""
        limit = self.config.max_daily_loss
        if limit is not None and not self.halted and self.day_start_equity - equity >= limit:
            self.halted = True
            self.halt_reason = "max_daily_loss"
            return self.halt_reason
        return None

    def cap(self, position: int, side: int, qty: int) -> int:
        """Largest part of ``qty`` that keeps |position| within max_position."""
        if position * side < 0:  # closing is always allowed, then up to the cap beyond
            room = abs(position) + self.config.max_position
        else:
            room = self.config.max_position - abs(position)
        return max(0, min(qty, room))

    def allow_order(self, ts: int) -> bool:
        """Order-rate limit over a sliding minute; a refused order is not counted."""
        q = self._orders
        while q and q[0] <= ts - MINUTE_NS:
            q.popleft()
        if len(q) >= self.config.max_orders_per_minute:
            return False
        q.append(ts)
        return True
