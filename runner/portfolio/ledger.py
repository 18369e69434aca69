"""A bot's book: fills in, positions, PnL, closed trades and the equity curve out."""

from __future__ import annotations

from collections.abc import Callable

from runner.model import Fill
from runner.model.instrument import ContractSpec
from runner.portfolio.position import Position
from runner.portfolio.trades import ClosedTrade


class Portfolio:
    """Positions and PnL of one bot, in dollars through each contract's point value.

    ``on_fill`` is idempotent by ``fill_id``: brokers repeat executions after a reconnect
    or a restart, and a fill counted twice is a position that does not exist. Repeats are
    ignored and counted in ``duplicate_fills``.
    """

    def __init__(self, bot: str, capital: float, spec_for: Callable[[str], ContractSpec]) -> None:
        self.bot = bot
        self.capital = float(capital)
        self._spec_for = spec_for
        self.positions: dict[str, Position] = {}
        self.trades: list[ClosedTrade] = []
        self.equity_curve: list[tuple[int, float]] = []  # (bar close ns, equity)
        self.realized = 0.0  # gross realized dollars, all symbols
        self.commission = 0.0
        self.duplicate_fills = 0
        self.bar_count = 0  # record() calls: the clock of ClosedTrade.bars
        self._fill_ids: set[str] = set()
        self._marks: dict[str, float] = {}
        self._open: dict[str, Position] = {}  # positions that are not flat

    # ------------------------------------------------------------------ input
    def on_fill(self, fill: Fill) -> ClosedTrade | None:
        """Book a fill; returns the trade it closed, if any."""
        fid = fill.fill_id
        if fid in self._fill_ids:
            self.duplicate_fills += 1
            return None
        self._fill_ids.add(fid)
        symbol = fill.symbol
        pos = self.positions.get(symbol)
        if pos is None:
            spec = self._spec_for(symbol)
            pos = self.positions[symbol] = Position(self.bot, symbol, spec.point_value)
        realized, trade = pos.apply(fill, self.bar_count)
        self.realized += realized
        self.commission += fill.commission
        if symbol not in self._marks:
            self._marks[symbol] = fill.price
        if pos.qty:
            self._open[symbol] = pos
        else:
            self._open.pop(symbol, None)
        if trade is not None:
            self.trades.append(trade)
        return trade

    def mark(self, symbol: str, price: float) -> None:
        """The latest market price of a symbol, for unrealized PnL."""
        self._marks[symbol] = price

    def record(self, ts: int) -> None:
        """Append the equity at a bar close (a second call at the same ts replaces it)."""
        self.bar_count += 1
        equity = self.capital + self.realized - self.commission
        if self._open:  # inlined unrealized: this runs once per bar
            marks = self._marks
            for symbol, p in self._open.items():
                equity += (marks[symbol] - p.avg_price) * p.qty * p.point_value
        curve = self.equity_curve
        point = (ts, round(equity, 8))
        if curve and curve[-1][0] == ts:
            curve[-1] = point
        else:
            curve.append(point)

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
        pos = self.positions.get(symbol)
        return pos.qty if pos is not None else 0

    def open_positions(self) -> dict[str, int]:
        return {s: p.qty for s, p in self._open.items()}
