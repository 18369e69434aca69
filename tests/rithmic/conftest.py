"""A local R|Protocol server over real TLS on 127.0.0.1, started in the test's event loop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from rithmic_support import conn, gc_bars, sim_clock

from runner_plugins.rithmic.data import RithmicFeed
from runner_plugins.rithmic.execution import RithmicBroker
from runner_sims.rithmic.server import RithmicServer


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[RithmicServer]:
    srv = RithmicServer(
        {"GC": gc_bars()}, clock=sim_clock(), cert_dir=tmp_path / "certs", trades_per_second=400
    )
    await srv.start()
    try:
        yield srv
    finally:
        await srv.stop()


@pytest.fixture
async def broker(server: RithmicServer) -> AsyncIterator[tuple[RithmicBroker, list]]:
    b = RithmicBroker(RithmicBroker.Params(**conn(server)))
    events: list = []
    b.sink = events.append
    await b.connect()
    try:
        yield b, events
    finally:
        await b.close()


@pytest.fixture
async def feed(server: RithmicServer) -> AsyncIterator[tuple[RithmicFeed, list]]:
    f = RithmicFeed(RithmicFeed.Params(**conn(server)))
    events: list = []
    f.sink = events.append
    await f.connect()
    try:
        yield f, events
    finally:
        await f.close()
