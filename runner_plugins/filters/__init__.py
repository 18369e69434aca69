"""Built-in filters: session windows, exchange calendars, event blackouts."""

from runner.api import hookimpl
from runner.api.registry import deferred, lazy_exports

REFS = (
    deferred("filter", "session", "runner_plugins.filters.session:Session"),
    deferred("filter", "calendar", "runner_plugins.filters.exchange_hours:ExchangeCalendar"),
    deferred("filter", "blackout", "runner_plugins.filters.blackout:Blackout"),
    deferred("filter", "rule", "runner_plugins.filters.rule:RuleFilter"),
)
"""Registered by name: a module is imported when a bot uses its plugin."""

__getattr__ = lazy_exports(REFS, __name__)


@hookimpl
def register_filters() -> list:
    return list(REFS)
