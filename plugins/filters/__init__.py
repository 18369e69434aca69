"""Built-in filters."""

from runner.hookspecs import hookimpl
from runner_plugins.filters.rule import RuleFilter


@hookimpl
def register_filters() -> list:
    return [RuleFilter]
