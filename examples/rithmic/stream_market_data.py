"""Stream trades and best bid/offer of one contract for a few seconds.

    python examples/rithmic/stream_market_data.py                      # local server
    RITHMIC_PASSWORD=... python examples/rithmic/stream_market_data.py \
        --uri wss://rituz00100.rithmic.com:443 --ca-file rithmic_ssl_cert_auth_params \
        --user me --system "Rithmic Test" --symbol GC --exchange COMEX
"""

from __future__ import annotations

import asyncio

from common import connection, maybe_local_server, parser, run

from runner.api import Quote, Trade, to_datetime
from runner_plugins.rithmic.data import RithmicFeed


async def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=5.0)
    args = p.parse_args()
    async with maybe_local_server(args) as server:
        feed = RithmicFeed(
            RithmicFeed.Params(**connection(args, server), exchanges={args.symbol: args.exchange})
        )

        def show(event: object) -> None:
            if isinstance(event, Trade):
                print(
                    f"{to_datetime(event.ts):%H:%M:%S.%f} trade {event.symbol} "
                    f"{event.size} @ {event.price}"
                )
            elif isinstance(event, Quote):
                print(
                    f"{to_datetime(event.ts):%H:%M:%S.%f} quote {event.symbol} "
                    f"{event.bid_size} x {event.bid} / {event.ask} x {event.ask_size}"
                )

        feed.sink = show
        await feed.connect()
        try:
            symbol = args.symbol
            if not any(ch.isdigit() for ch in symbol[-2:]):
                symbol = await feed.front_month(symbol, args.exchange) or symbol
                feed.params.exchanges[symbol] = args.exchange
            tick, point = await feed.contract(symbol)
            print(f"{symbol}: tick {tick}, point value {point}")
            await feed.subscribe([symbol])
            await asyncio.sleep(args.seconds)
        finally:
            await feed.close()


if __name__ == "__main__":
    run(main)
