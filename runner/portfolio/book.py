"""The one record of what a bot holds, symbol by symbol.

A position used to be kept three times (the plugins' context, the PnL ledger and the bot's
own bookkeeping), each updated by its own code from the same fill. Here it is kept once:
the order manager applies every fill to this book, and the context, the portfolio and the
status all read the same :class:`Position` objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from runner.model import Fill
from runner.portfolio.position import Position
from runner.portfolio.trades import ClosedTrade


class PositionBook:
    """Positions of one bot by symbol; ``open`` holds only those that are not flat."""

    __slots__ = ("bot", "open", "positions", "_point_value")

    def __init__(self, bot: str, point_value: Callable[[str], float]) -> None:
        self.bot = bot
        self._point_value = point_value
        self.positions: dict[str, Position] = {}
        self.open: dict[str, Position] = {}  # read once per bar for unrealized PnL

    def get(self, symbol: str) -> Position:
        """The symbol's position, created flat on first use."""
        pos = self.positions.get(symbol)
        if pos is None:
            pos = self.positions[symbol] = Position(self.bot, symbol, self._point_value(symbol))
        return pos

    def apply(self, fill: Fill, bar_count: int) -> tuple[float, ClosedTrade | None]:
        """Book one execution; returns the gross dollars it realized and the trade it closed.

        Callers deduplicate first: a fill applied twice is a position that does not exist.
        """
        symbol = fill.symbol
        pos = self.get(symbol)
        result = pos.apply(fill, bar_count)
        if pos.qty:
            self.open[symbol] = pos
        else:
            self.open.pop(symbol, None)
        return result

    def qty(self, symbol: str) -> int:
        pos = self.positions.get(symbol)
        return pos.qty if pos is not None else 0

    @property
    def flat(self) -> bool:
        return not self.open

    def holdings(self) -> dict[str, int]:
        """Signed contracts of every symbol that is not flat."""
        return {s: p.qty for s, p in self.open.items()}

    def __iter__(self) -> Iterator[Position]:
        return iter(self.positions.values())
