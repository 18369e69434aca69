"""The local server's market: bars replayed live as trades and quotes.

Each one-minute bar becomes its open, high and low (in the order the close suggests) and
close as trades, each preceded by a best bid/offer one tick wide, stamped with the server's
clock (the wall clock unless a test pins it) so that latency and staleness a client
measures are real.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING

from runner.api import NS, Bar, Trade
from runner_plugins.rithmic.config import root_of
from runner_plugins.rithmic.protocol import framing
from runner_plugins.rithmic.protocol.templates import new
from runner_sims.rithmic.bars import Print, bar_trades

if TYPE_CHECKING:
    from runner_sims.rithmic.server import RithmicServer


class Market:
    """One product's live replay: trades and quotes made from bars, stamped with now."""

    def __init__(self, server: RithmicServer, symbol: str, bars: Sequence[Bar]) -> None:
        self.server = server
        self.symbol = symbol
        self.root = root_of(symbol)
        spec = server.spec_for(symbol)
        self.exchange, self.tick = spec.exchange, spec.tick_size
        self.bars = bars
        self.index = 0
        self.last = bars[0].open if bars else 0.0
        self.volume = 0
        self.task: asyncio.Task | None = None

    async def run(self) -> None:
        server = self.server
        per = max(1, server.ticks_per_bar)
        pause = 1.0 / server.trades_per_second if server.trades_per_second > 0 else 0.0
        while self.bars:
            bar = self.bars[self.index % len(self.bars)]
            self.index += 1
            for price, size in bar_trades(bar, per):
                await self.trade(price, size)
                if pause:
                    await asyncio.sleep(pause)
                elif self.volume % 64 == 0:
                    await asyncio.sleep(0)

    async def trade(self, price: float, size: int) -> None:
        server = self.server
        aggressor = 1 if price >= self.last else 2
        self.last = price
        self.volume += size
        ssboe, usecs = server.now_parts()
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
        await server.bar_streams.on_trade(self.symbol, Print(ts, price, size, aggressor))
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
