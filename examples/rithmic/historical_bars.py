"""Print the last hours of one-minute bars (202/203) and of tick bars (206/207) from the
history plant: time bars cut the market by the clock, tick bars by its number of trades.

python examples/rithmic/historical_bars.py --hours 2               # local server
python examples/rithmic/historical_bars.py --hours 2 --ticks 100   # 100 trades a tick bar
"""

from __future__ import annotations

import time

from common import connection, maybe_local_server, parser, run

from runner.api import NS, Bar, to_datetime
from runner_plugins.rithmic.data import RithmicFeed


async def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--hours", type=float, default=1.0)
    p.add_argument("--bar-seconds", type=int, default=60)
    p.add_argument("--ticks", type=int, default=50, help="trades per tick bar (0: none)")
    args = p.parse_args()
    async with maybe_local_server(args) as server:
        feed = RithmicFeed(
            RithmicFeed.Params(**connection(args, server), exchanges={args.symbol: args.exchange})
        )
        await feed.connect()
        try:
            symbol = args.symbol
            if not any(ch.isdigit() for ch in symbol[-2:]):
                symbol = await feed.front_month(symbol, args.exchange) or symbol
                feed.params.exchanges[symbol] = args.exchange
            end = server.clock() if server is not None else time.time_ns()  # the server's now
            start = end - int(args.hours * 3600 * NS)
            bars = await feed.history(symbol, args.bar_seconds, start, end)
            print(f"{len(bars)} bars of {symbol}")
            show(bars, "%Y-%m-%d %H:%M")
            if args.ticks > 0:
                ticks = await feed.tick_bars(symbol, args.ticks, start, end)
                print(f"\n{len(ticks)} tick bars of {symbol}, {args.ticks} trades each")
                show(ticks, "%Y-%m-%d %H:%M:%S")
        finally:
            await feed.close()


def show(bars: list[Bar], when: str) -> None:
    """The last 20 bars, by the time of their start (a tick bar's first trade)."""
    print(f"{'start (UTC)':<20} {'open':>10} {'high':>10} {'low':>10} {'close':>10} {'volume':>8}")
    for b in bars[-20:]:
        print(
            f"{to_datetime(b.ts).strftime(when):<20} {b.open:>10} {b.high:>10} "
            f"{b.low:>10} {b.close:>10} {b.volume:>8.0f}"
        )


if __name__ == "__main__":
    run(main)
