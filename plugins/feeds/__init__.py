"""Built-in feeds."""

from runner.hookspecs import hookimpl


@hookimpl
def register_feeds() -> list:
    return []
