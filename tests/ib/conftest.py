"""Fixtures: the client library under test, the local TWS server in the test's event loop,
and helpers to wait for events.

Every test that takes ``server`` (or ``ib_lib`` itself) runs once per client library: the
plugins and the server must work with ib_async (server version 178) and ib_insync (176).
"""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Callable
from types import ModuleType

import pytest

from runner.engine.clock import start_clock
from runner.model import MINUTE_NS, Bar
from runner_plugins.ib.library import ENV, NAMES
from runner_sims.ib.server import TwsServer
from tests.waiting import until as wait_until

__all__ = [
    "LIBRARIES",
    "SIM_START",
    "sim_clock",
    "synthetic_bars",
    "wait_until",
]  # what the tests import

_client_ids = itertools.count(11)

# The servers of these tests live on this date, whatever the machine's clock says.
SIM_START = "2026-11-04T15:00:00Z"


def sim_clock() -> Callable[[], int]:
    """A server clock that starts at SIM_START and runs at the wall clock's pace."""
    return start_clock(SIM_START)


def synthetic_bars(symbol: str, start_price: float, n: int = 240, step: float = 0.01) -> list[Bar]:
    """A deterministic zig-zag of 1-minute bars (prices on the tick grid)."""
    bars = []
    t0 = 1_700_000_000 * 10**9 // MINUTE_NS * MINUTE_NS
    price = start_price
    for i in range(n):
        move = step * (1 if (i // 5) % 2 == 0 else -1)
        o = round(price, 2)
        c = round(price + move, 2)
        bars.append(
            Bar(
                symbol,
                t0 + i * MINUTE_NS,
                t0 + (i + 1) * MINUTE_NS,
                o,
                round(max(o, c) + step, 2),
                round(min(o, c) - step, 2),
                c,
                40.0,
            )
        )
        price = c
    return bars


LIBRARIES = NAMES
"""ib_async and ib_insync: both are installed by the dev extra."""


@pytest.fixture(params=LIBRARIES)
def ib_lib(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The client library of this run of the test: the plugins use it (through
    $RUNNER_IB_LIBRARY) and so do tests that drive the server with a client directly."""
    monkeypatch.setenv(ENV, request.param)
    return importlib.import_module(request.param)


@pytest.fixture
async def server(ib_lib: ModuleType):
    srv = TwsServer(
        {"MCL": synthetic_bars("MCL", 75.0), "USO": synthetic_bars("USO", 72.0)},
        clock=sim_clock(),
    )
    await srv.start()
    srv.push_quote("MCL", 75.00, 75.02)
    srv.push_trade("MCL", 75.01, 1)
    srv.push_quote("USO", 72.00, 72.02)
    srv.push_trade("USO", 72.01, 100)
    try:
        yield srv
    finally:
        await srv.stop()


@pytest.fixture
def client_id() -> int:
    """A fresh client id per use, so tests never collide on the server."""
    return next(_client_ids)
