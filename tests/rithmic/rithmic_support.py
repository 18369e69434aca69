"""Helpers of the Rithmic tests: bundled bars, connection values, waiting on the loop."""

from __future__ import annotations

from collections.abc import Callable

from runner.engine.clock import start_clock
from runner_plugins.feeds.replay import load_bars
from runner_plugins.rithmic.client import Settings
from runner_sims.rithmic.server import RithmicServer
from tests.waiting import until as until  # the tests import it from here

_BARS: dict[str, list] = {}

# The servers of these tests live on this date, whatever the machine's clock says: a
# Wednesday when GCZ6 is the front month by runner's default roll rule.
SIM_START = "2026-11-04T15:00:00Z"
SYMBOL = "GCZ6"


def sim_clock() -> Callable[[], int]:
    """A server clock that starts at SIM_START and runs at the wall clock's pace."""
    return start_clock(SIM_START)


def gc_bars() -> list:
    """600 real GC one-minute bars from the bundled data (loaded once per session)."""
    if "GC" not in _BARS:
        _BARS["GC"] = load_bars("GC", symbol="GC")[:600]
    return _BARS["GC"]


def conn(server: RithmicServer, **kw: object) -> dict:
    base: dict = {
        "uri": server.uri,
        "ca_file": str(server.ca_file),
        "user": "trader",
        "password": "s3cret-pw",
        "system_name": "Rithmic Test",
        "reconnect_min": 0.05,
        "reconnect_max": 0.3,
    }
    base.update(kw)
    return base


def settings(server: RithmicServer, **kw: object) -> Settings:
    return Settings(**conn(server, **kw))
