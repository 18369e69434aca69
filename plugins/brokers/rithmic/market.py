"""The local server's market: bars replayed live as trades and quotes, and history bars.

Each one-minute bar becomes its open, high and low (in the order the close suggests) and
close as trades, each preceded by a best bid/offer one tick wide, stamped with the wall
clock so that latency and staleness measured by a client are real.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from runner_plugins.feeds.symbols import root_of

from runner.engine.events import NS, Bar, Trade

from . import framing
from .desk import now_parts
from .templates import new

if TYPE_CHECKING:
    from .server import RithmicServer

# root -> exchange, tick size, point value, currency (public contract specifications)
PRODUCTS: dict[str, tuple[str, float, float, str]] = {
    "GC": ("COMEX", 0.1, 100.0, "USD"),
    "MGC": ("COMEX", 0.1, 10.0, "USD"),
    "SI": ("COMEX", 0.005, 5000.0, "USD"),
    "ES": ("CME", 0.25, 50.0, "USD"),
    "MES": ("CME", 0.25, 5.0, "USD"),
    "NQ": ("CME", 0.25, 20.0, "USD"),
    "6E": ("CME", 0.00005, 125000.0, "USD"),
    "6J": ("CME", 0.0000005, 12500000.0, "USD"),
    "CL": ("NYMEX", 0.01, 1000.0, "USD"),
    "MCL": ("NYMEX", 0.01, 100.0, "USD"),
    "NG": ("NYMEX", 0.001, 10000.0, "USD"),
    "ZN": ("CBOT", 0.015625, 1000.0, "USD"),
}
_MONTHS = "FGHJKMNQUVXZ"


def front_month_symbol(root: str, now: float | None = None) -> str:
    """The next quarterly contract (H, M, U, Z) at least one month out, e.g. GCZ6."""
    t = time.gmtime(now if now is not None else time.time())
    month, year = t.tm_mon + 1, t.tm_year
    while _MONTHS[(month - 1) % 12] not in "HMUZ":
        month += 1
    year += (month - 1) // 12
    return f"{root}{_MONTHS[(month - 1) % 12]}{year % 10}"


class Market:
    """One product's live replay: trades and quotes made from bars, stamped with now."""

    def __init__(self, server: RithmicServer, symbol: str, bars: Sequence[Bar]) -> None:
        self.server = server
        self.symbol = symbol
        self.root = root_of(symbol)
        self.exchange, self.tick, _, _ = server.product(self.root)
        self.bars = bars
        self.index = 0
        self.last = bars[0].open if bars else 0.0
        self.volume = 0
        self.task: asyncio.Task | None = None

    def prices(self, bar: Bar) -> list[float]:
        mid = [bar.high, bar.low] if bar.close < bar.open else [bar.low, bar.high]
        return [bar.open, *mid, bar.close]

    async def run(self) -> None:
        server = self.server
        per = max(1, server.ticks_per_bar)
        pause = 1.0 / server.trades_per_second if server.trades_per_second > 0 else 0.0
        while self.bars:
            bar = self.bars[self.index % len(self.bars)]
            self.index += 1
            prices = self.prices(bar)[:per] if per < 4 else self.prices(bar)
            size = max(1, int(bar.volume) // len(prices))
            for price in prices:
                await self.trade(price, size)
                if pause:
                    await asyncio.sleep(pause)
                elif self.volume % 64 == 0:
                    await asyncio.sleep(0)
            await server.broadcast_bar(self.symbol, self.exchange, bar)

    async def trade(self, price: float, size: int) -> None:
        server = self.server
        aggressor = 1 if price >= self.last else 2
        self.last = price
        self.volume += size
        ssboe, usecs = now_parts()
        bid = price - self.tick if aggressor == 1 else price
        trade = new(
            "LastTrade",
            symbol=self.symbol,
            exchange=self.exchange,
            trade_price=price,
            trade_size=size,
            aggressor=aggressor,
            volume=self.volume,
            presence_bits=1 | 8,
            ssboe=ssboe,
            usecs=usecs,
            source_ssboe=ssboe,
            source_usecs=usecs,
        )
        bbo = new(
            "BestBidOffer",
            symbol=self.symbol,
            exchange=self.exchange,
            bid_price=round(bid, 10),
            bid_size=max(1, size // 2),
            ask_price=round(bid + self.tick, 10),
            ask_size=max(1, size // 2),
            presence_bits=3,
            ssboe=ssboe,
            usecs=usecs,
        )
        await server.broadcast_market(self.symbol, framing.encode(trade), framing.encode(bbo))
        ts = ssboe * NS + usecs * 1000
        await server.on_trade(Trade(self.symbol, ts, price, size))


def aggregate(bars: list[Bar], length: int) -> list[Bar]:
    out: list[Bar] = []
    for b in bars:
        start = b.ts - b.ts % length
        if out and out[-1].ts == start:
            last = out[-1]
            last.high, last.low = max(last.high, b.high), min(last.low, b.low)
            last.close, last.end = b.close, start + length
            last.volume += b.volume
        else:
            out.append(
                Bar(b.symbol, start, start + length, b.open, b.high, b.low, b.close, b.volume)
            )
    return out
