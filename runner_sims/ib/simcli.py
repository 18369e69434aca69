"""``runner sim ib``: run the local TWS API server until interrupted.

The first line on stdout is ``HOST:PORT`` (flushed at once), so a script or a test can
start the server with port 0 and read where it listens.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from runner.api.clock import start_clock
from runner_sims.ib.server import TwsServer
from runner_sims.ib.state import StateFileError


@dataclass(slots=True)
class SimOptions:
    host: str
    port: int
    data: Path | None
    symbols: str
    speed: float
    accounts: str
    drop_every: float
    link_flap_every: float
    flap_loses_data: bool
    reject_orders: int
    start: str | None = None
    state: Path | None = None


async def _every(seconds: float, action: Callable[[], Awaitable[None]]) -> None:
    while True:
        await asyncio.sleep(seconds)
        await action()


async def run(opts: SimOptions, ready: asyncio.Event | None = None) -> None:
    roots = [s.strip().upper() for s in opts.symbols.split(",") if s.strip()] or None
    try:
        clock = start_clock(opts.start)
    except ValueError as exc:
        print(f"error: --start: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(2) from None
    try:
        server = TwsServer.from_data(
            opts.data,
            roots,
            host=opts.host,
            port=opts.port,
            speed=opts.speed,
            clock=clock,
            accounts=tuple(a.strip() for a in opts.accounts.split(",") if a.strip()),
            state=opts.state,
        )
    except StateFileError as exc:
        print(f"error: --state: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(2) from None
    server.book.faults.reject_count = opts.reject_orders
    host, port = await server.start()
    print(f"{host}:{port}", flush=True)
    print(
        f"serving {', '.join(sorted(server.market.series)) or 'no bar data'}; "
        f"accounts {opts.accounts}"
        + (f"; state in {opts.state}" if opts.state is not None else "")
        + "; Ctrl-C stops",
        file=sys.stderr,
        flush=True,
    )
    tasks = []

    async def drop() -> None:
        server.drop()

    async def flap() -> None:
        server.connectivity_lost()
        await asyncio.sleep(min(2.0, opts.link_flap_every / 2))
        server.connectivity_restored(data_lost=opts.flap_loses_data)

    if opts.drop_every > 0:
        tasks.append(asyncio.create_task(_every(opts.drop_every, drop)))
    if opts.link_flap_every > 0:
        tasks.append(asyncio.create_task(_every(opts.link_flap_every, flap)))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    if ready is not None:
        ready.set()
    try:
        await stop.wait()
    finally:
        for t in tasks:
            t.cancel()
        await server.stop()


def main(opts: SimOptions) -> None:
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run(opts))
