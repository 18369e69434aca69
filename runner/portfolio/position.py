"""One symbol's position under average-cost accounting, and its open round trip.

A bot holds one :class:`Position` per symbol in its :class:`~runner.portfolio.book.PositionBook`:
the context its plugins read, the portfolio's PnL and the status all read that same object,
so they cannot disagree about what the bot holds.

Average cost, not FIFO: a futures position is fungible (the exchange nets it), and the
running realized PnL a risk limit reads must not depend on which lot a reducing fill is
deemed to close. Over a complete round trip both methods realize the same dollars, and
the trade record keeps the exact quantity-weighted entry and exit prices.
"""

from __future__ import annotations

from runner.model import Fill, Side
from runner.portfolio.trades import ClosedTrade


class Position:
    __slots__ = (
        "avg_price",
        "bot",
        "commission",
        "entry_bar_index",
        "entry_ts",
        "point_value",
        "qty",
        "realized",
        "symbol",
        "_entry_notional",
        "_entry_qty",
        "_entry_reason",
        "_exit_notional",
        "_trip_commission",
    )

    def __init__(self, bot: str, symbol: str, point_value: float) -> None:
        self.bot = bot
        self.symbol = symbol
        self.point_value = point_value
        self.qty = 0  # signed contracts
        self.avg_price = 0.0
        self.realized = 0.0  # gross dollars, before commission
        self.commission = 0.0
        # when the position last opened (or reversed), in ns and in recorded bars; kept
        # while flat, so exits keyed on them see the same values until the next entry
        self.entry_ts = 0
        self.entry_bar_index = 0
        self._reset_trip()

    def _reset_trip(self) -> None:
        self._entry_qty = 0
        self._entry_notional = 0.0
        self._exit_notional = 0.0
        self._trip_commission = 0.0
        self._entry_reason = ""

    def unrealized(self, mark: float) -> float:
        return (mark - self.avg_price) * self.qty * self.point_value

    def apply(self, fill: Fill, bar_count: int) -> tuple[float, ClosedTrade | None]:
        """Book one fill; returns the gross dollars it realized and the trade it closed."""
        qty = fill.qty
        price = fill.price
        signed = qty if fill.side is Side.BUY else -qty
        self.commission += fill.commission
        held = self.qty
        if held == 0 or (held > 0) == (signed > 0):
            self._open(fill, qty, price, bar_count, fill.commission)
            # from flat the average is the fill's price itself, not price * qty / qty
            self.avg_price = (
                price
                if held == 0
                else (self.avg_price * abs(held) + price * qty) / (abs(held) + qty)
            )
            self.qty = held + signed
            return 0.0, None
        closing = min(abs(held), qty)
        direction = 1 if held > 0 else -1
        realized = _money((price - self.avg_price) * closing * direction * self.point_value)
        self.realized += realized
        share = fill.commission * closing / qty
        self._exit_notional += closing * price
        self._trip_commission += share
        self.qty = held + signed
        if self.qty != 0 and (self.qty > 0) == (held > 0):
            return realized, None  # scaled out; the average cost of the rest is unchanged
        trade = self._close(fill, direction, bar_count)
        self.avg_price = 0.0
        if self.qty != 0:  # reversed: the rest of the fill opens the next trade
            self._open(fill, qty - closing, price, bar_count, fill.commission - share)
            self.avg_price = price
        return realized, trade

    def _open(self, fill: Fill, qty: int, price: float, bar_count: int, commission: float) -> None:
        if self._entry_qty == 0:
            self.entry_ts = fill.ts
            self.entry_bar_index = bar_count
            self._entry_reason = fill.reason
        self._entry_qty += qty
        self._entry_notional += qty * price
        self._trip_commission += commission

    def _close(self, fill: Fill, direction: int, bar_count: int) -> ClosedTrade:
        qty = self._entry_qty
        entry = self._entry_notional / qty
        exit_ = self._exit_notional / qty
        gross = _money((self._exit_notional - self._entry_notional) * direction * self.point_value)
        commission = _money(self._trip_commission)
        trade = ClosedTrade(
            bot=self.bot,
            symbol=self.symbol,
            side=Side.BUY if direction > 0 else Side.SELL,
            qty=qty,
            entry_ts=self.entry_ts,
            exit_ts=fill.ts,
            entry_price=round(entry, 10),
            exit_price=round(exit_, 10),
            pnl=_money(gross - commission),
            commission=commission,
            gross_pnl=gross,
            bars=bar_count - self.entry_bar_index,
            exit_reason=fill.reason,
            entry_reason=self._entry_reason,
        )
        self._reset_trip()
        return trade


def _money(x: float) -> float:
    """Dollars without binary noise: 459.99999999999 is 460 (1e-8 is far below a cent)."""
    return round(x, 8)
