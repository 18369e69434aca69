"""Both local servers, on a pinned date, holding the bundled GC week as their newest history;
and the IB client library of a test that runs once per library (``ib_lib``)."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType

import pytest
from fetch_support import gc_bars, sim_clock

from runner_plugins.ib.library import ENV, NAMES
from runner_sims.ib.server import TwsServer
from runner_sims.rithmic.server import RithmicServer

PAGE_CAP = 500  # the server's rows per replay answer: one session of minute bars needs pages


@pytest.fixture
async def rithmic(tmp_path: Path) -> AsyncIterator[RithmicServer]:
    srv = RithmicServer(
        {"GC": gc_bars()}, clock=sim_clock(), cert_dir=tmp_path / "certs", max_replay_bars=PAGE_CAP
    )
    await srv.start()
    try:
        yield srv
    finally:
        await srv.stop()


@pytest.fixture
def rithmic_params(rithmic: RithmicServer) -> dict:
    return {
        "uri": rithmic.uri,
        "ca_file": str(rithmic.ca_file),
        "user": "trader",
        "password": "s3cret-pw",
        "system_name": "Rithmic Test",
        "reconnect_min": 0.05,
        "reconnect_max": 0.3,
    }


@pytest.fixture
async def tws() -> AsyncIterator[TwsServer]:
    srv = TwsServer({"GC": gc_bars()}, clock=sim_clock())
    await srv.start()
    try:
        yield srv
    finally:
        await srv.stop()


@pytest.fixture(params=NAMES)
def ib_lib(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """ib_async (server version 178) or ib_insync (176): the IB source speaks through it."""
    monkeypatch.setenv(ENV, request.param)
    return importlib.import_module(request.param)
