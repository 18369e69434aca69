"""Built-in exits."""

from runner.api import hookimpl
from runner_plugins.exits.band_exit import BandExit
from runner_plugins.exits.flatten_at import FlattenAt
from runner_plugins.exits.stop_target import StopTarget
from runner_plugins.exits.time_exit import TimeExit
from runner_plugins.exits.trailing import TrailingStop


@hookimpl
def register_exits() -> list:
    return [StopTarget, TrailingStop, TimeExit, BandExit, FlattenAt]
