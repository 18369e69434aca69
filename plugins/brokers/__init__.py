"""Built-in brokers."""

from runner.hookspecs import hookimpl


@hookimpl
def register_brokers() -> list:
    return []
