"""Built-in exits."""

from runner.hookspecs import hookimpl


@hookimpl
def register_exits() -> list:
    return []
