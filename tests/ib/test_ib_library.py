"""Which client library the IB plugins use: ib_async when both are installed, ib_insync
when only it is, and whichever a profile, a bot or $RUNNER_IB_LIBRARY names; the choice
is reported with the connection."""

from __future__ import annotations

import re
import sys

import pytest

from runner.api import ConnectionEvent
from runner.api import ConnectionState as C
from runner.api.registry import install_hint
from runner_plugins.ib import library
from runner_plugins.ib.client import resolve_profile
from runner_plugins.ib.config import IBProfile
from runner_plugins.ib.execution import IBBroker
from runner_sims.ib.server import TwsServer


def test_ib_async_is_preferred_when_both_are_installed(monkeypatch):
    monkeypatch.delenv(library.ENV, raising=False)
    assert library.choose().__name__ == "ib_async"
    assert library.choose("auto").__name__ == "ib_async"


def test_ib_insync_is_the_fallback_when_ib_async_is_missing(monkeypatch):
    monkeypatch.delenv(library.ENV, raising=False)
    monkeypatch.setitem(sys.modules, "ib_async", None)  # import ib_async now fails
    assert library.choose().__name__ == "ib_insync"
    library.require_one()  # the plugins still register


def test_the_environment_and_the_connection_choose(monkeypatch):
    monkeypatch.setenv(library.ENV, "ib_insync")
    assert library.choose().__name__ == "ib_insync"
    assert library.choose("ib_async").__name__ == "ib_async"  # the connection's own wins


def test_a_library_that_is_missing_or_unknown_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "ib_insync", None)
    with pytest.raises(library.LibraryError, match="asks for ib_insync, which is not installed"):
        library.choose("ib_insync")
    monkeypatch.setenv(library.ENV, "ibapi")
    with pytest.raises(library.LibraryError, match=r"\$RUNNER_IB_LIBRARY is 'ibapi'"):
        library.choose()
    monkeypatch.setitem(sys.modules, "ib_async", None)
    with pytest.raises(ImportError, match=re.escape(install_hint("ib"))):
        library.require_one()


def test_inline_library_wins_over_the_profile():
    profile = IBProfile(kind="ib", port=7497, library="ib_insync")
    params = IBBroker.Params(connection="p")
    assert resolve_profile(params, profile).library == "ib_insync"
    params = IBBroker.Params(connection="p", library="ib_async")
    assert resolve_profile(params, profile).library == "ib_async"


@pytest.mark.parametrize("name", library.NAMES)
async def test_the_broker_connects_through_the_library_asked_for_and_says_so(
    server: TwsServer, client_id: int, name: str, caplog
):
    broker = IBBroker(
        IBBroker.Params(host="127.0.0.1", port=server.port, client_id=client_id, library=name)
    )
    told: list[ConnectionEvent] = []
    broker.status = told.append
    with caplog.at_level("INFO", logger="runner_plugins.ib.client"):
        await broker.connect()
    try:
        assert broker.session is not None and broker.session.lib.__name__ == name
        [connected] = [e for e in told if e.state is C.CONNECTED]
        assert connected.reason.startswith(f"through {name} ")
        version = "178" if name == "ib_async" else "176"
        assert f"through {name}" in caplog.text and f"(server version {version})" in caplog.text
    finally:
        await broker.close()
