"""Contract facts a plugin may read: the product table, symbols, expiries and calendars.

Re-exported from the core so that a plugin (or a venue's simulator) never imports
``runner.contracts`` itself; the core may reorganise those modules freely.
"""

from runner.contracts.calendar import (
    PANDAS_DEPRECATION,
    business_days,
    check_calendar_name,
    exchange_calendar,
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
from runner.schedule.windows import business_day

__all__ = [
    "DEFAULT_ROLL_BASIS",
    "DEFAULT_ROLL_DAYS",
    "MONTH_CODES",
    "PANDAS_DEPRECATION",
    "ContractSpec",
    "business_day",
    "business_days",
    "check_calendar_name",
    "exchange_calendar",
    "first_notice_date",
    "format_symbol",
    "front_month",
    "get_spec",
    "last_trade_date",
    "month_code",
    "parse_symbol",
    "roll_date",
    "roots",
    "spec_for_symbol",
]
