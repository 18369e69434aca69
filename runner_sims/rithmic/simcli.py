"""``runner sim rithmic``: the local R|Protocol server as a process, with faults on a timer.

The first line on stdout is ``URI CA_FILE`` so that a script or test can start the server
and connect to it without parsing anything else.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from runner.api.clock import AcceleratedClock, parse_instant, start_clock
from runner.api.contracts import get_spec
from runner_plugins.feeds import bundled
from runner_plugins.feeds.barfile import FeedDataError
from runner_plugins.feeds.replay import available
from runner_sims.rithmic.server import PLANT_IDS, RithmicServer
from runner_sims.rithmic.state import StateFileError


@dataclass
class SimOptions:
    host: str = "127.0.0.1"
    port: int = 0
    data: Path | None = None
    symbols: str = ""  # empty: every product with a bar file and contract facts
    cert_dir: Path | None = None
    heartbeat: float = 30.0
    rate: float = 20.0
    speed: float = 1.0  # the server clock's pace, in server seconds per wall-clock second
    user: str | None = None
    password: str | None = None
    drop_every: float = 0.0
    drop_plants: str = "ticker,order"
    delay_ms: float = 0.0
    reject_orders: int = 0
    malformed_every: float = 0.0
    unknown_every: float = 0.0
    forced_logout_after: float = 0.0
    restart_every: float = 0.0  # a gateway restart keeping the account every N seconds
    restart_down: float = 1.0  # seconds each restart keeps the gateway down
    restart_wipe: bool = False  # fault: each restart loses the account and its numbering
    state: Path | None = None  # the account is kept in this file across processes
    start: str | None = None


MAX_SPEED = 3600.0  # an hour of server time per second at most


class SimSetupError(Exception):
    """A command-line mistake: reported in one line, without a traceback."""


def _roots(opts: SimOptions) -> list[str]:
    """The products to serve: --symbols, or else every product that has a bar file (in
    --data, or the bundled data) and contract facts, so that every shipped bot finds the
    products it reads. Files named after no product (EURUSD_1h, USO_1d) are left out."""
    if opts.data is not None and not Path(opts.data).is_dir():
        raise SimSetupError(f"--data {opts.data}: not a directory")
    asked = [s.strip().upper() for s in opts.symbols.split(",") if s.strip()]
    if asked:
        return asked
    found = available(Path(opts.data) if opts.data is not None else bundled.DATA_DIR)
    return [name for name in found if get_spec(name) is not None]


def _clock(opts: SimOptions) -> Callable[[], int]:
    """The server's now: from --start (or the wall clock's now), at --speed times its pace.
    A faster clock makes minutes of bars pass in seconds, for a demo or a test of a bot."""
    if not 0 < opts.speed <= MAX_SPEED:
        raise SimSetupError(f"--speed {opts.speed}: give a number above 0, at most {MAX_SPEED}")
    try:
        if opts.speed == 1.0:
            return start_clock(opts.start)
        origin = parse_instant(opts.start) if opts.start is not None else time.time_ns()
    except ValueError as exc:
        raise SimSetupError(f"--start: {exc}") from None
    return AcceleratedClock(origin, opts.speed).now


async def _every(seconds: float, action: Callable[[], Awaitable[None]]) -> None:
    while True:
        await asyncio.sleep(seconds)
        await action()


async def serve(opts: SimOptions) -> None:
    plants = [p.strip() for p in opts.drop_plants.split(",") if p.strip()]
    for p in plants:
        if p not in PLANT_IDS:
            raise SimSetupError(f"--drop-plants: unknown plant {p!r} (use {', '.join(PLANT_IDS)})")
    users = {opts.user: opts.password or ""} if opts.user else None
    roots = _roots(opts)
    if not roots:
        raise SimSetupError(f"--data {opts.data}: no bar file is named after a product")
    unknown = [r for r in roots if get_spec(r) is None]
    if unknown:
        raise SimSetupError(f"--symbols: no contract facts for {', '.join(unknown)}")
    clock = _clock(opts)
    server = RithmicServer.from_data(
        roots,
        clock=clock,
        data_dir=opts.data,
        host=opts.host,
        port=opts.port,
        cert_dir=opts.cert_dir,
        heartbeat_interval=opts.heartbeat,
        trades_per_second=opts.rate,
        users=users,
        state_file=opts.state,
    )
    server.faults.response_delay = opts.delay_ms / 1000.0
    server.faults.reject_orders = opts.reject_orders
    # Signals are caught before the server makes its certificate folder, so that a stop at
    # any moment (Ctrl-C, kill, a closed terminal) still runs the clean-up below.
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    jobs: list[asyncio.Task] = []
    await server.start()
    try:
        sys.stdout.write(f"{server.uri} {server.ca_file}\n")
        sys.stdout.flush()
        _start_faults(opts, server, plants, jobs)
        await stop.wait()
    finally:
        for job in jobs:
            job.cancel()
        await server.stop()


def _start_faults(
    opts: SimOptions, server: RithmicServer, plants: list[str], jobs: list[asyncio.Task]
) -> None:
    async def drop() -> None:
        for p in plants:
            server.drop(p)

    async def malformed() -> None:
        for p in PLANT_IDS:
            await server.send_malformed(p)

    async def unknown() -> None:
        for p in PLANT_IDS:
            await server.send_unknown(p)

    async def forced() -> None:
        await asyncio.sleep(opts.forced_logout_after)
        for p in PLANT_IDS:
            await server.forced_logout(p)

    if opts.drop_every > 0:
        jobs.append(asyncio.create_task(_every(opts.drop_every, drop)))
    if opts.malformed_every > 0:
        jobs.append(asyncio.create_task(_every(opts.malformed_every, malformed)))
    if opts.unknown_every > 0:
        jobs.append(asyncio.create_task(_every(opts.unknown_every, unknown)))

    async def restart() -> None:
        await server.restart(opts.restart_down, wipe=opts.restart_wipe)

    if opts.forced_logout_after > 0:
        jobs.append(asyncio.create_task(forced()))
    if opts.restart_every > 0:
        jobs.append(asyncio.create_task(_every(opts.restart_every, restart)))


def main(opts: SimOptions) -> None:
    try:
        asyncio.run(serve(opts))
    except (SimSetupError, StateFileError, FeedDataError, FileNotFoundError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
