"""Small plugin classes of every kind, registered only in tests.

They stand in for the built-ins so configuration tests do not depend on them, and they
exercise what the loader must handle: nested params, multi-output indicators, reference
checks, connection names, clock-time strings.
"""

from __future__ import annotations

import re
from typing import Literal

import pluggy
from pydantic import ConfigDict, Field

from runner.api import (
    Broker,
    BrokerCapabilities,
    Exit,
    Feed,
    Filter,
    Indicator,
    IndicatorParams,
    Params,
    Signal,
    Sizer,
)
from runner.api.base import Model
from runner.config.refs import Namespace
from runner.hookspecs import hookimpl
from runner.plugins import PluginRegistry, make_manager

CLOCK = r"^\d{2}:\d{2}$"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?")


class Sma(Indicator):
    """Simple moving average (test)."""

    name = "sma"

    class Params(IndicatorParams):
        period: int = Field(gt=0)


class Bands(Indicator):
    """Bands around a moving average (test)."""

    name = "bands"
    outputs = ("upper", "mid", "lower")

    class Params(IndicatorParams):
        period: int = Field(default=20, gt=0)
        width: float = Field(default=2.0, gt=0)


class Rule(Signal):
    """Long/short when an expression holds (test)."""

    name = "rule"

    class Params(Params):
        long: str | None = None
        short: str | None = None

    @classmethod
    def check(cls, params: Params, names: Namespace) -> list[tuple[str, str]]:
        out = []
        for fld in ("long", "short"):
            expr = getattr(params, fld)
            for m in _NAME.finditer(expr or ""):
                token = m.group(0)
                if token not in ("and", "or", "not") and not names.has(token):
                    out.append((fld, f"{names.unknown(token)} (column {m.start() + 1})"))
        return out


class Session(Filter):
    """Trade only between two clock times (test)."""

    name = "session"

    class Params(Params):
        start: str = Field(pattern=CLOCK)
        end: str = Field(pattern=CLOCK)


class StopSpec(Model):  # a nested model gets the plugin rules from Model
    model_config = ConfigDict(extra="forbid", frozen=True)
    atr: float | None = Field(default=None, gt=0)
    ticks: int | None = Field(default=None, gt=0)


class Stop(Exit):
    """Protective stop (test)."""

    name = "stop"

    class Params(Params):
        stop: StopSpec
        indicator: str | None = None

    @classmethod
    def check(cls, params: Params, names: Namespace) -> list[tuple[str, str]]:
        ind = params.indicator
        if ind is not None and ind not in names.indicators:
            return [("indicator", names.unknown(ind, "indicator"))]
        return []

    @classmethod
    def protects(cls, params: Params) -> bool:
        return True


class Fixed(Sizer):
    """Fixed number of contracts (test)."""

    name = "fixed"

    class Params(Params):
        contracts: int = Field(default=1, gt=0)


class Replay(Feed):
    """Replay files (test)."""

    name = "replay"

    class Params(Params):
        connection: str | None = None
        path: str | None = None


class Paper(Broker):
    """Simulated fills (test)."""

    name = "paper"
    capabilities = BrokerCapabilities(simulated=True)

    class Params(Params):
        connection: str | None = None
        slippage_ticks: int = Field(default=0, ge=0)
        api_token: str | None = None


class RithmicBroker(Broker):
    """Orders to a Rithmic account (test): a live broker, it declares nothing simulated."""

    name = "rithmic"
    connection_kind = "rithmic"

    class Params(Params):
        connection: str


class RithmicFeed(Feed):
    """R|Protocol market data (test)."""

    name = "rithmic"
    connection_kind = "rithmic"

    class Params(Params):
        connection: str
        mode: Literal["live", "history"] = "live"


@hookimpl
def register_indicators() -> list:
    return [Sma, Bands]


@hookimpl
def register_signals() -> list:
    return [Rule]


@hookimpl
def register_filters() -> list:
    return [Session]


@hookimpl
def register_exits() -> list:
    return [Stop]


@hookimpl
def register_sizers() -> list:
    return [Fixed]


@hookimpl
def register_feeds() -> list:
    return [Replay, RithmicFeed]


@hookimpl
def register_brokers() -> list:
    return [Paper, RithmicBroker]


@hookimpl
def register_connection_profiles() -> list:
    """The built-in profiles: connections.yaml files of these tests name them."""
    from runner_plugins.feeds.config import ReplayProfile
    from runner_plugins.ib.config import IBProfile
    from runner_plugins.rithmic.config import RithmicProfile

    return [IBProfile, ReplayProfile, RithmicProfile]


def make_registry(*extra: object) -> PluginRegistry:
    import sys

    pm: pluggy.PluginManager = make_manager(sys.modules[__name__], *extra, entry_points=False)
    return PluginRegistry(pm)
