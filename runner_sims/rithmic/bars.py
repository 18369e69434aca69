"""Bars the local server builds from its own trades: tick bars (N trades each) and time bars.

A real history plant makes its bars from the exchange's trades, so the server does the same
with the trades it prints: the live replay's trades feed the streamed bars, and the history
bars, expanded into trades the way the live replay expands a bar, feed the tick-bar replay.
The two therefore agree with what a client sees on the ticker plant.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from runner.api import NS, Bar
from runner_sims.trades import Print, bar_prices, bar_trades, history_prints

__all__ = [
    "Print",
    "TickBar",
    "TickBarBuilder",
    "TimeBarBuilder",
    "bar_prices",
    "bar_trades",
    "history_prints",
    "tick_bars",
]


@dataclass(slots=True)
class TickBar:
    """A bar of a fixed number of trades, with the times of its first and last trade."""

    first_ts: int
    last_ts: int
    open: float
    high: float
    low: float
    close: float
    trades: int = 0
    volume: int = 0
    bid_volume: int = 0  # traded by sellers hitting the bid
    ask_volume: int = 0  # traded by buyers lifting the offer

    @classmethod
    def start(cls, p: Print) -> TickBar:
        bar = cls(p.ts, p.ts, p.price, p.price, p.price, p.price)
        bar.add(p)
        return bar

    def add(self, p: Print) -> None:
        self.trades += 1
        self.last_ts = p.ts
        self.high, self.low, self.close = max(self.high, p.price), min(self.low, p.price), p.price
        self.volume += p.size
        if p.aggressor == 1:
            self.ask_volume += p.size
        else:
            self.bid_volume += p.size


class TickBarBuilder:
    """Counts trades into bars of ``ticks`` trades; a bar is done with its last trade."""

    __slots__ = ("current", "ticks")

    def __init__(self, ticks: int) -> None:
        if ticks < 1:
            raise ValueError(f"a tick bar needs at least one trade, not {ticks}")
        self.ticks = ticks
        self.current: TickBar | None = None

    def add(self, p: Print) -> TickBar | None:
        if self.current is None:
            self.current = TickBar.start(p)
        else:
            self.current.add(p)
        if self.current.trades >= self.ticks:
            done, self.current = self.current, None
            return done
        return None


def tick_bars(prints: Iterable[Print], ticks: int) -> list[TickBar]:
    """The complete tick bars of a trade sequence (a trailing partial bar is left out)."""
    builder = TickBarBuilder(ticks)
    return [bar for p in prints if (bar := builder.add(p)) is not None]


class TimeBarBuilder:
    """Time bars of ``length`` ns on the epoch grid from trades in time order. A bar is done
    when the first trade of a later bar arrives (the server's replay never pauses)."""

    __slots__ = ("current", "length", "trades")

    def __init__(self, length: int) -> None:
        if length < NS:
            raise ValueError(f"a time bar lasts at least a second, not {length} ns")
        self.length = length
        self.current: Bar | None = None
        self.trades = 0

    def add(self, symbol: str, p: Print) -> tuple[Bar, int] | None:
        """The bar this trade closed, with its number of trades."""
        start = p.ts - p.ts % self.length
        done = None
        if self.current is not None and start >= self.current.end:
            done = (self.current, self.trades)
            self.current = None
        if self.current is None:
            self.current = Bar(
                symbol, start, start + self.length, p.price, p.price, p.price, p.price, 0.0
            )
            self.trades = 0
        bar = self.current
        bar.high, bar.low, bar.close = max(bar.high, p.price), min(bar.low, p.price), p.price
        bar.volume += p.size
        self.trades += 1
        return done
