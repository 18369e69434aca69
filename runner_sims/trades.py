"""The trades of a server's history, shared by both local servers.

Neither server stores trades: a history bar is replayed as a few trades (open, the extreme
the close runs away from, the other extreme, close) spread evenly over the bar's time, the
way the live replay prints it. History of trades is therefore the history bars expanded the
same way, so the R|Protocol server's one-trade tick bars and the TWS server's historical
ticks of a contract-day are the same trades, and they add up to the minute bars both serve.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from runner.api import MINUTE_NS, NS, Bar
from runner_sims.history import ServedHistory

TRADES_PER_BAR = 4
"""Trades one history bar is replayed as (fewer keep the first ones: open, then close)."""


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


def history_trades(
    bundled: Sequence[Bar] | None,
    symbol: str,
    start: int,
    end: int,
    now: int,
    *,
    per: int = TRADES_PER_BAR,
    limit: int | None = None,
) -> list[Print]:
    """Trades of ``symbol`` with ``start <= ts < end``, oldest first (the first ``limit``).

    The minute bars are the server's history for the range (bundled, or synthetic before
    them, as :mod:`runner_sims.history` decides); only minutes that have closed by ``now``
    have traded. Generation stops once ``limit`` trades are found, so a page costs what it
    returns however long the range."""
    if bundled is None or end <= start:
        return []
    served = ServedHistory(_root(symbol), bundled)
    lo = start - start % MINUTE_NS
    hi = min(end + (-end) % MINUTE_NS, now)
    need = None if limit is None else -(-limit // max(1, min(per, 4))) + 2
    minutes = served.minutes(symbol, lo, hi, now, need)
    out = [p for p in history_prints(minutes, per) if start <= p.ts < end]
    return out if limit is None else out[:limit]


def _root(symbol: str) -> str:
    from runner_plugins.rithmic.config import root_of

    return root_of(symbol)


def second_of(ts: int) -> int:
    """The whole second a trade is stamped with by a venue that stamps seconds (IB)."""
    return ts - ts % NS
