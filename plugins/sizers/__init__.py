"""Built-in sizers."""

from runner.hookspecs import hookimpl


@hookimpl
def register_sizers() -> list:
    return []
