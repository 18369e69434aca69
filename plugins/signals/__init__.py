"""Built-in signals."""

from runner.hookspecs import hookimpl


@hookimpl
def register_signals() -> list:
    return []
