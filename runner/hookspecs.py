"""The hooks a plugin package implements.

One hook per plugin kind. Each returns the plugin *classes* a package contributes; the
core instantiates them with validated parameters. Keeping the hooks to plain
"give me your classes" calls means a third-party package needs nothing but an entry
point in the group ``runner`` and a module with ``@hookimpl`` functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import typer

    from runner.api import Broker, Exit, Feed, Filter, Indicator, Notifier, Signal, Sizer
    from runner.api.connection import ConnectionProfile

PROJECT = "runner"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_indicators() -> list[type[Indicator]]:
    """Indicator classes: O(1) updates per bar, outputs readable by signals and exits."""


@hookspec
def register_signals() -> list[type[Signal]]:
    """Signal classes: turn indicator state into entry and exit intents."""


@hookspec
def register_filters() -> list[type[Filter]]:
    """Filter classes: decide whether a bot may open positions at this moment."""


@hookspec
def register_exits() -> list[type[Exit]]:
    """Exit classes: stops, targets and managed exits of an open position."""


@hookspec
def register_sizers() -> list[type[Sizer]]:
    """Sizer classes: turn an intent into a number of contracts."""


@hookspec
def register_feeds() -> list[type[Feed]]:
    """Feed classes: market data (a file replay, a venue's live data, ...)."""


@hookspec
def register_brokers() -> list[type[Broker]]:
    """Broker classes: where orders go (paper, a venue's order routing, ...)."""


@hookspec
def register_notifiers() -> list[type[Notifier]]:
    """Notifier classes: where ``notifications.yaml`` sends fills, rejects, halts and the
    daily report (a webhook, e-mail, ...)."""


@hookspec
def register_connection_profiles() -> list[type[ConnectionProfile]]:
    """Connection profile models (subclasses of ``runner.api.connection.ConnectionProfile``),
    one per ``kind`` a bot's connections.yaml may name: how to reach a venue."""


@hookspec
def register_commands(cli: typer.Typer) -> None:
    """Add sub-commands to the ``runner`` command line (for example ``runner sim ...``)."""
