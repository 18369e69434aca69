"""Built-in filters."""

from runner.hookspecs import hookimpl


@hookimpl
def register_filters() -> list:
    return []
