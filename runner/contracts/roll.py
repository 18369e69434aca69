"""Last trade, first notice and the front month of a futures root.

A bot names a root (GC) instead of a contract (GCH6) so that it never trades an expired
contract: the contract is chosen from the exchange's expiry rules on each trading day.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Literal

from runner.contracts.calendar import business_days
from runner.contracts.rules import DateRule, add_months, parse_rule
from runner.contracts.symbols import MONTH_CODES, format_symbol
from runner.contracts.table import get_spec, roots
from runner.model.instrument import ContractSpec

Basis = Literal["last_trade", "first_notice"]
_HORIZON_MONTHS = 36
# The roll a bot gets when it names none; a simulator names the same front month.
DEFAULT_ROLL_BASIS: Basis = "last_trade"
DEFAULT_ROLL_DAYS = 5


def _spec(root: str) -> ContractSpec:
    spec = get_spec(root)
    if spec is None:
        raise ValueError(f"no contract facts for root {root!r}; known roots: {', '.join(roots())}")
    return spec


@functools.cache
def _rule(text: str) -> DateRule:
    return parse_rule(text)


def _future(root: str, year: int, month: int) -> ContractSpec:
    spec = _spec(root)
    if spec.sec_type != "FUT":
        raise ValueError(f"{root} is not a future ({spec.sec_type}); it has no expiry")
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month}")
    return spec


@functools.cache
def last_trade_date(root: str, year: int, month: int) -> date:
    """Last trading day of the ``root`` contract for ``month`` of ``year``."""
    spec = _future(root, year, month)
    bd = business_days(spec.expiry_calendar)
    return _rule(spec.last_trade_rule).resolve(year, month, bd)


@functools.cache
def first_notice_date(root: str, year: int, month: int) -> date | None:
    """First notice day of a physically delivered contract; None for cash-settled ones."""
    spec = _future(root, year, month)
    if not spec.first_notice_rule:
        return None
    bd = business_days(spec.expiry_calendar)
    return _rule(spec.first_notice_rule).resolve(year, month, bd)


def roll_date(
    root: str,
    year: int,
    month: int,
    basis: Basis = DEFAULT_ROLL_BASIS,
    days_before: int = DEFAULT_ROLL_DAYS,
) -> date:
    """The day a bot moves out of this contract: ``days_before`` business days before
    the basis date (first notice falls back to last trade for cash-settled products)."""
    if basis not in ("last_trade", "first_notice"):
        raise ValueError(f"roll basis must be 'last_trade' or 'first_notice', got {basis!r}")
    if days_before < 0:
        raise ValueError(f"days_before must not be negative, got {days_before}")
    anchor = first_notice_date(root, year, month) if basis == "first_notice" else None
    if anchor is None:
        anchor = last_trade_date(root, year, month)
    return business_days(_spec(root).expiry_calendar).before(anchor, days_before)


def front_month(
    root: str, on: date, basis: Basis = DEFAULT_ROLL_BASIS, days_before: int = DEFAULT_ROLL_DAYS
) -> str:
    """The contract to trade on ``on``: the first listed contract whose roll date is
    after ``on`` (GC on 2026-11-02 -> "GCZ6"). ETFs and indices return the root."""
    spec = _spec(root)
    if spec.sec_type != "FUT":
        return root
    if isinstance(on, datetime):
        on = on.date()
    listed = {MONTH_CODES.index(c) + 1 for c in spec.months}
    for k in range(_HORIZON_MONTHS):
        year, month = add_months(on.year, on.month, k)
        if month in listed and roll_date(root, year, month, basis, days_before) > on:
            return format_symbol(root, year, month)
    raise ValueError(f"no listed {root} contract within {_HORIZON_MONTHS} months of {on}")
