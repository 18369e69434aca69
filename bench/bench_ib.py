"""IB path speed: the real ib_async client against the local TWS server on 127.0.0.1.

Measures (wall time, one process, server and client in one event loop):
* connect: TCP connect, handshake and the full startup sync of ``IB.connectAsync``;
* ticks: trades pushed by the server until the ``ib`` feed has emitted them all as events;
* order round trip: ``IBBroker.submit`` of a market order, a trade printed by the server,
  until the FILLED update (after its Fill with commission) reaches the sink.

Usage: python bench/bench_ib.py [ticks] [orders]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time

import ib_async as ib

from runner.model import Order, OrderStatus, OrderUpdate, Side, Trade
from runner_plugins.ib.data import IBFeed
from runner_plugins.ib.execution import IBBroker
from runner_sims.ib.server import TwsServer


async def bench_connect(server: TwsServer, n: int = 20) -> list[float]:
    out = []
    for i in range(n):
        c = ib.IB()
        t = time.perf_counter()
        await c.connectAsync("127.0.0.1", server.port, clientId=100 + i, timeout=5)
        out.append(time.perf_counter() - t)
        c.disconnect()
        await asyncio.sleep(0.01)
    return out


async def bench_ticks(server: TwsServer, n: int) -> float:
    feed = IBFeed(IBFeed.Params(host="127.0.0.1", port=server.port, client_id=200))
    got = 0
    done = asyncio.Event()

    def sink(event: object) -> None:
        nonlocal got
        if isinstance(event, Trade):
            got += 1
            if got >= n:
                done.set()

    feed.sink = sink
    await feed.connect()
    await feed.subscribe(["MCLZ3"])
    await asyncio.sleep(0.1)
    got = 0
    t = time.perf_counter()
    for i in range(n):
        server.push_trade("MCL", 75.0 + (i % 50) * 0.01, 1)
        if i % 200 == 199:
            await asyncio.sleep(0)  # let the client read while the server writes
    await asyncio.wait_for(done.wait(), 60)
    elapsed = time.perf_counter() - t
    await feed.close()
    return elapsed


async def bench_orders(server: TwsServer, n: int) -> list[float]:
    broker = IBBroker(IBBroker.Params(host="127.0.0.1", port=server.port, client_id=300))
    filled: dict[str, asyncio.Event] = {}

    def sink(event: object) -> None:
        if isinstance(event, OrderUpdate) and event.status is OrderStatus.FILLED:
            filled[event.client_id].set()
        if isinstance(event, OrderUpdate) and event.status is OrderStatus.ACCEPTED:
            server.push_trade("MCL", 75.0, 5)

    broker.sink = sink
    await broker.connect()
    out = []
    for i in range(n):
        cid = f"o-{i}"
        filled[cid] = asyncio.Event()
        t = time.perf_counter()
        broker.submit(Order(cid, "bench", "MCLZ3", Side.BUY if i % 2 == 0 else Side.SELL, 1))
        await asyncio.wait_for(filled[cid].wait(), 10)
        out.append(time.perf_counter() - t)
    await broker.close()
    return out


async def main(ticks: int, orders: int) -> None:
    async with TwsServer() as server:
        server.push_trade("MCL", 75.0)
        conn = await bench_connect(server)
        print(
            f"connect + startup sync: median {statistics.median(conn) * 1e3:.1f} ms, "
            f"max {max(conn) * 1e3:.1f} ms over {len(conn)} connects"
        )
        elapsed = await bench_ticks(server, ticks)
        print(
            f"ticks: {ticks} trades in {elapsed:.2f} s = {ticks / elapsed:,.0f} trades/s "
            "(server -> socket -> ib_async -> feed events)"
        )
        rt = await bench_orders(server, orders)
        print(
            f"market order round trip: median {statistics.median(rt) * 1e3:.2f} ms, "
            f"p90 {sorted(rt)[int(len(rt) * 0.9)] * 1e3:.2f} ms over {len(rt)} orders"
        )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    asyncio.run(main(args[0] if args else 20000, args[1] if len(args) > 1 else 200))
