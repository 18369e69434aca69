"""Contract facts a plugin may read: the product table, symbols, expiries and calendars.

Re-exported from the core so that a plugin (or a venue's simulator) never imports
``runner.contracts`` itself; the core may reorganise those modules freely.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from runner.contracts.calendar import (
    business_days,
    calendar_names,
    check_calendar_name,
    exchange_calendar,
    pandas_deprecation,
)
from runner.contracts.roll import (
    DEFAULT_ROLL_BASIS,
    DEFAULT_ROLL_DAYS,
    first_notice_date,
    front_month,
    last_trade_date,
    roll_date,
)
from runner.contracts.symbols import MONTH_CODES, format_symbol, month_code, parse_symbol
from runner.contracts.table import get_spec, roots, spec_for_symbol
from runner.model.instrument import ContractSpec

if TYPE_CHECKING:
    import exchange_calendars as xcals

__all__ = [
    "DEFAULT_ROLL_BASIS",
    "DEFAULT_ROLL_DAYS",
    "MONTH_CODES",
    "PANDAS_DEPRECATION",  # noqa: F822 (resolved by __getattr__ on first use)
    "ContractSpec",
    "business_day",
    "business_days",
    "calendar_names",
    "check_calendar_name",
    "exchange_calendar",
    "first_notice_date",
    "format_symbol",
    "front_month",
    "get_spec",
    "last_trade_date",
    "month_code",
    "pandas_deprecation",
    "parse_symbol",
    "roll_date",
    "roots",
    "spec_for_symbol",
]


def business_day(cal: xcals.ExchangeCalendar, dt: datetime) -> bool:
    """Is the local date of ``dt`` a session of ``cal``? (weekdays outside its range)"""
    from runner.schedule.windows import business_day as is_session  # pulls in pandas

    return is_session(cal, dt)


def __getattr__(name: str) -> Any:
    """``PANDAS_DEPRECATION`` needs pandas imported: it is resolved on first use."""
    if name == "PANDAS_DEPRECATION":
        return pandas_deprecation()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
