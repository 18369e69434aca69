"""Built-in indicators."""

from runner.hookspecs import hookimpl


@hookimpl
def register_indicators() -> list:
    return []
