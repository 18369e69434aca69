"""Built-in exits."""

from runner.api import hookimpl
from runner.api.registry import deferred, lazy_exports

REFS = (
    deferred("exit", "stop_target", "runner_plugins.exits.stop_target:StopTarget"),
    deferred("exit", "trailing_stop", "runner_plugins.exits.trailing:TrailingStop"),
    deferred("exit", "time_exit", "runner_plugins.exits.time_exit:TimeExit"),
    deferred("exit", "band_exit", "runner_plugins.exits.band_exit:BandExit"),
    deferred("exit", "flatten_at", "runner_plugins.exits.flatten_at:FlattenAt"),
)
"""Registered by name: a module is imported when a bot uses its plugin."""

__getattr__ = lazy_exports(REFS, __name__)


@hookimpl
def register_exits() -> list:
    return list(REFS)
