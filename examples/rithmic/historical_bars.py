"""Print the last hours of one-minute bars from the history plant (202/203).

python examples/rithmic/historical_bars.py --hours 2               # local server
"""

from __future__ import annotations

import time

from common import connection, maybe_local_server, parser, run

from runner.api import NS, to_datetime
from runner_plugins.rithmic.data import RithmicFeed


async def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--hours", type=float, default=1.0)
    p.add_argument("--bar-seconds", type=int, default=60)
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
            bars = await feed.history(
                symbol, args.bar_seconds, end - int(args.hours * 3600 * NS), end
            )
            print(f"{len(bars)} bars of {symbol}")
            print(
                f"{'start (UTC)':<20} {'open':>10} {'high':>10} {'low':>10} {'close':>10} "
                f"{'volume':>8}"
            )
            for b in bars[-20:]:
                print(
                    f"{to_datetime(b.ts):%Y-%m-%d %H:%M}     {b.open:>10} {b.high:>10} "
                    f"{b.low:>10} {b.close:>10} {b.volume:>8.0f}"
                )
        finally:
            await feed.close()


if __name__ == "__main__":
    run(main)
