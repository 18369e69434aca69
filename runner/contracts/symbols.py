"""Futures symbols: root + month code + year digits (GCZ6, GCZ26, 6EH7, MCLF27).

Exchanges and brokers write one-digit years, which repeat every ten years; the decade
is the one that puts the contract nearest a reference date, which is what a trader
typing GCZ6 in 2026 means and what historical data from 2013 means by GCZ3.
"""

from __future__ import annotations

import re
from datetime import date

MONTH_CODES = "FGHJKMNQUVXZ"
_SYMBOL = re.compile(r"^(?P<root>[A-Z0-9]{1,5}?)(?P<code>[FGHJKMNQUVXZ])(?P<year>\d{1,2})$")


def month_code(month: int) -> str:
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month}")
    return MONTH_CODES[month - 1]


def parse_symbol(symbol: str, today: date | None = None) -> tuple[str, int, int]:
    """Split a contract symbol into (root, year, month): GCZ6 -> ("GC", 2026, 12).

    ``today`` (default: the current date) picks the decade of a one-digit year and the
    century of a two-digit year: the contract month nearest to it, a later one on a tie.
    """
    text = symbol.strip().upper() if isinstance(symbol, str) else symbol
    m = _SYMBOL.match(text) if isinstance(text, str) else None
    if m is None:
        raise ValueError(
            f"{symbol!r} is not a futures contract symbol: expected a root, a month code "
            f"({MONTH_CODES}) and a one- or two-digit year, e.g. GCZ6 or GCZ26"
        )
    month = MONTH_CODES.index(m.group("code")) + 1
    digits = m.group("year")
    ref = today or date.today()
    period = 10 ** len(digits)
    year = _nearest(int(digits), period, month, ref)
    return m.group("root"), year, month


def _nearest(value: int, period: int, month: int, ref: date) -> int:
    ref_index = ref.year * 12 + ref.month - 1
    base = ref.year - ref.year % period + value
    best = None
    for year in (base - period, base, base + period):
        distance = abs(year * 12 + month - 1 - ref_index)
        key = (distance, -year)
        if best is None or key < best[0]:
            best = (key, year)
    assert best is not None
    return best[1]


def format_symbol(root: str, year: int, month: int, digits: int = 1) -> str:
    """``format_symbol("GC", 2026, 12)`` -> ``"GCZ6"``; ``digits=2`` -> ``"GCZ26"``."""
    if digits not in (1, 2):
        raise ValueError(f"digits must be 1 or 2, got {digits}")
    if year < 0:
        raise ValueError(f"year must not be negative, got {year}")
    return f"{root}{month_code(month)}{year % 10**digits:0{digits}d}"
