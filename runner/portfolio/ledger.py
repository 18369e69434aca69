"""A bot's book: fills in, positions, PnL, closed trades and the equity curve out."""

from __future__ import annotations

from collections.abc import Callable

from runner.model import Fill
from runner.model.instrument import ContractSpec
from runner.portfolio.book import PositionBook
from runner.portfolio.curve import ColumnarCurve
from runner.portfolio.position import Position
from runner.portfolio.trades import ClosedTrade


class Portfolio:
    """PnL of one bot's positions, in dollars through each contract's point value.

    The positions themselves are the bot's :class:`PositionBook` (given, or a book of its
    own when the portfolio is used alone, as ``runner report`` does). ``on_fill`` books
    every fill it is given: deduplication is the order manager's, which sees a fill first.
    """

    def __init__(
        self,
        bot: str,
        capital: float,
        spec_for: Callable[[str], ContractSpec],
        book: PositionBook | None = None,
    ) -> None:
        self.bot = bot
        self.capital = float(capital)
        self.book = book if book is not None else PositionBook(bot, _point_value(spec_for))
        self.positions: dict[str, Position] = self.book.positions
        self.trades: list[ClosedTrade] = []
        self.equity_curve: list[tuple[int, float]] = []  # (bar close ns, equity)
        self._columns: ColumnarCurve | None = None
        self.realized = 0.0  # gross realized dollars, all symbols
        self.commission = 0.0
        self.bar_count = 0  # record() calls: the clock of ClosedTrade.bars
        self._marks: dict[str, float] = {}
        self._open: dict[str, Position] = self.book.open  # positions that are not flat
        self._raw = float("nan")  # the last equity recorded, and its rounded value
        self._rounded = float("nan")

    # ------------------------------------------------------------------ input
    def on_fill(self, fill: Fill) -> ClosedTrade | None:
        """Book a fill; returns the trade it closed, if any."""
        realized, trade = self.book.apply(fill, self.bar_count)
        self.realized += realized
        self.commission += fill.commission
        if fill.symbol not in self._marks:
            self._marks[fill.symbol] = fill.price
        if trade is not None:
            self.trades.append(trade)
        return trade

    def mark(self, symbol: str, price: float) -> None:
        """The latest market price of a symbol, for unrealized PnL."""
        self._marks[symbol] = price

    def record(self, ts: int) -> float:
        """Append the equity at a bar close (a second call at the same ts replaces it) and
        return it, rounded to 1e-8 dollars as the curve holds it."""
        self.bar_count += 1
        equity = self.capital + self.realized - self.commission
        if self._open:  # inlined unrealized: this runs once per bar
            marks = self._marks
            for symbol, p in self._open.items():
                equity += (marks[symbol] - p.avg_price) * p.qty * p.point_value
        if equity != self._raw:  # round once per change: a flat book repeats its equity
            self._raw = equity
            self._rounded = round(equity, 8)
        value = self._rounded
        columns = self._columns
        if columns is None:
            curve = self.equity_curve
            point = (ts, value)
            if curve and curve[-1][0] == ts:
                curve[-1] = point
            else:
                curve.append(point)
        else:
            columns.add(ts, value)
        return value

    def keep_columns(self) -> ColumnarCurve:
        """Keep the equity curve as columns spilled to disk (a backtest: 16 bytes a bar
        and flat memory) instead of the list a live run trims and journals."""
        self._columns = ColumnarCurve()
        self.equity_curve = self._columns  # type: ignore[assignment]  # a read-only Sequence
        return self._columns

    # ------------------------------------------------------------------ output
    @property
    def unrealized(self) -> float:
        marks = self._marks
        return sum(p.unrealized(marks[s]) for s, p in self._open.items())

    @property
    def equity(self) -> float:
        if not self._open:
            return self.capital + self.realized - self.commission
        return self.capital + self.realized - self.commission + self.unrealized

    @property
    def net_realized(self) -> float:
        return self.realized - self.commission

    def position(self, symbol: str) -> int:
        return self.book.qty(symbol)

    def open_positions(self) -> dict[str, int]:
        return self.book.holdings()


def _point_value(spec_for: Callable[[str], ContractSpec]) -> Callable[[str], float]:
    return lambda symbol: spec_for(symbol).point_value
