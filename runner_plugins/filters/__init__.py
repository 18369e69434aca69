"""Built-in filters: session windows, exchange calendars, event blackouts."""

from runner.api import hookimpl
from runner_plugins.filters.blackout import Blackout
from runner_plugins.filters.exchange_hours import ExchangeCalendar
from runner_plugins.filters.rule import RuleFilter
from runner_plugins.filters.session import Session


@hookimpl
def register_filters() -> list:
    return [
        Session,
        ExchangeCalendar,
        Blackout,
        RuleFilter,
    ]
