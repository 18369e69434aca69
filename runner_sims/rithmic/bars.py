"""Bars the local server builds from its own trades: tick bars (N trades each) and time bars.

A real history plant makes its bars from the exchange's trades, so the server does the same
with the trades it prints: the live replay's trades feed the streamed bars, and the history
bars, expanded into trades the way the live replay expands a bar, feed the tick-bar replay.
The two therefore agree with what a client sees on the ticker plant.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from runner.api import NS, Bar


@dataclass(slots=True)
class Print:
    """One trade as the bar builders see it; ``aggressor`` 1 = buyer, 2 = seller."""

    ts: int
    price: float
    size: int
    aggressor: int


def bar_prices(bar: Bar) -> list[float]:
    """A bar as the trades that make it: open, the extreme the close runs away from, the
    other extreme, close."""
    mid = [bar.high, bar.low] if bar.close < bar.open else [bar.low, bar.high]
    return [bar.open, *mid, bar.close]


def bar_trades(bar: Bar, per: int) -> list[tuple[float, int]]:
    """(price, size) of the trades a bar is replayed as; ``per`` < 4 keeps the first ones."""
    prices = bar_prices(bar)[: max(1, per)] if per < 4 else bar_prices(bar)
    size = max(1, int(bar.volume) // len(prices))
    return [(p, size) for p in prices]


def history_prints(bars: Sequence[Bar], per: int) -> list[Print]:
    """The trades of history bars, spread evenly over each bar's time."""
    out: list[Print] = []
    last = bars[0].open if bars else 0.0
    for bar in bars:
        trades = bar_trades(bar, per)
        step = (bar.end - bar.ts) // len(trades)
        for i, (price, size) in enumerate(trades):
            out.append(Print(bar.ts + i * step, price, size, 1 if price >= last else 2))
            last = price
    return out


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
