"""Place one order, follow its notifications until it fills or is cancelled, show the position.

    python examples/rithmic/place_order.py --side buy --qty 1                   # local server
    python examples/rithmic/place_order.py --type limit --price 1300 --cancel-after 2
Against a real system add --uri/--ca-file/--user/--system and --really (it is a real order).
"""

from __future__ import annotations

import asyncio
import uuid

from common import connection, maybe_local_server, parser, run

from runner.api import Fill, Order, OrderType, OrderUpdate, Side
from runner_plugins.rithmic.client import Plant
from runner_plugins.rithmic.execution import RithmicBroker
from runner_plugins.rithmic.protocol.templates import new


async def final_position(broker: RithmicBroker, symbol: str, expected: int) -> int:
    """The position after our fills: the P&L plant reports it a moment after the fill, so
    ask again (for a few seconds at most) until it has caught up."""
    position = 0
    for _ in range(25):
        position = (await broker.snapshot()).positions.get(symbol, 0)
        if position == expected:
            break
        await asyncio.sleep(0.2)
    return position


async def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--side", choices=["buy", "sell"], default="buy")
    p.add_argument("--qty", type=int, default=1)
    p.add_argument("--type", choices=["market", "limit", "stop"], default="market")
    p.add_argument("--price", type=float, help="limit price, or stop trigger price")
    p.add_argument("--cancel-after", type=float, help="cancel if still working after N s")
    p.add_argument("--account", help="account id when the login has several")
    p.add_argument("--wait", type=float, default=10.0, help="seconds to wait for a market fill")
    p.add_argument("--really", action="store_true", help="required for a non-local system")
    args = p.parse_args()
    if args.uri and not args.really:
        p.error("this sends a real order to a Rithmic system; add --really to confirm")
    if args.type != "market" and args.price is None:
        p.error(f"a {args.type} order needs --price")
    async with maybe_local_server(args) as server:
        broker = RithmicBroker(
            RithmicBroker.Params(
                **connection(args, server),
                account_id=args.account,
                exchanges={args.symbol: args.exchange},
            )
        )
        # Only this run's order is shown: at login the broker replays the account's earlier
        # executions and orders (an earlier run, another symbol) and those are not news here.
        client_id = f"example-{uuid.uuid4().hex[:12]}"
        done = asyncio.Event()
        filled = 0

        def show(event: object) -> None:
            nonlocal filled
            if getattr(event, "client_id", None) != client_id:
                return
            if isinstance(event, Fill):
                filled += event.qty
                print(f"fill {event.fill_id}: {event.side.name} {event.qty} @ {event.price}")
            elif isinstance(event, OrderUpdate):
                print(
                    f"order {event.client_id} [{event.broker_id}] {event.status.value} "
                    f"filled {event.filled_qty} left {event.remaining_qty} {event.reason}".rstrip()
                )
                if event.status.is_done:
                    done.set()

        broker.sink = show
        await broker.connect()
        try:
            symbol = args.symbol
            if not any(ch.isdigit() for ch in symbol[-2:]):  # a root: ask for the front month
                front = await broker.client[Plant.TICKER].request(
                    new("RequestFrontMonthContract", symbol=symbol, exchange=args.exchange)
                )
                symbol = front.trading_symbol or front.symbol_name
                broker.params.exchanges[symbol] = args.exchange
            kind = OrderType(args.type)
            order = Order(
                client_id=client_id,
                bot="example",
                symbol=symbol,
                side=Side.BUY if args.side == "buy" else Side.SELL,
                qty=args.qty,
                type=kind,
                limit_price=args.price if kind is OrderType.LIMIT else None,
                stop_price=args.price if kind is OrderType.STOP else None,
            )
            before = (await broker.snapshot()).positions.get(symbol, 0)
            print(
                f"account {broker.account_id}: position {symbol} {before}; sending "
                f"{order.side.name} {order.qty} {symbol} {kind.value}"
            )
            broker.submit(order)
            wait = args.cancel_after or (args.wait if kind is OrderType.MARKET else 30)
            try:
                await asyncio.wait_for(done.wait(), wait)
            except TimeoutError:
                print(f"not done after {wait:g} s; cancelling")
                broker.cancel(order.client_id)
                try:
                    await asyncio.wait_for(done.wait(), 10)
                except TimeoutError:
                    print("no answer to the cancel; the order may still be working")
            sign = 1 if order.side is Side.BUY else -1
            expected = before + sign * filled
            print(f"position {symbol}: {await final_position(broker, symbol, expected)}")
        finally:
            await broker.close()


if __name__ == "__main__":
    run(main)
