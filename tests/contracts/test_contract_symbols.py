"""Contract symbols: parsing, decade resolution, formatting."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runner.contracts.symbols import MONTH_CODES, format_symbol, month_code, parse_symbol

NOV_2026 = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("symbol", "today", "expected"),
    [
        ("GCZ6", NOV_2026, ("GC", 2026, 12)),
        ("GCZ26", NOV_2026, ("GC", 2026, 12)),
        ("GCG7", NOV_2026, ("GC", 2027, 2)),
        ("ESH6", NOV_2026, ("ES", 2026, 3)),
        ("6EH7", NOV_2026, ("6E", 2027, 3)),
        ("6JZ26", NOV_2026, ("6J", 2026, 12)),
        ("MCLF27", NOV_2026, ("MCL", 2027, 1)),
        ("MGCQ7", NOV_2026, ("MGC", 2027, 8)),
        ("vxx6", NOV_2026, ("VX", 2026, 11)),
        # historical data: the sample bars of October 2013 trade GCZ3 / ESZ3
        ("GCZ3", date(2013, 10, 7), ("GC", 2013, 12)),
        ("ESZ3", date(2013, 10, 7), ("ES", 2013, 12)),
        ("GCZ3", NOV_2026, ("GC", 2023, 12)),  # 3 years back, not 7 ahead
        ("GCZ9", NOV_2026, ("GC", 2029, 12)),  # 3 years ahead, not 7 back
        # five years either way: the nearer month wins
        ("GCF1", NOV_2026, ("GC", 2031, 1)),  # 50 months ahead vs 70 back
        ("GCZ1", NOV_2026, ("GC", 2021, 12)),  # 59 months back vs 61 ahead
        # exactly 60 months either way: the later contract
        ("GCN1", date(2026, 7, 1), ("GC", 2031, 7)),
        # across a decade boundary
        ("GCH0", date(2029, 12, 1), ("GC", 2030, 3)),
        ("GCZ9", date(2030, 2, 1), ("GC", 2029, 12)),
        # two digits: the nearest century
        ("GCZ99", NOV_2026, ("GC", 1999, 12)),
        ("GCZ05", NOV_2026, ("GC", 2005, 12)),
    ],
)
def test_parse(symbol: str, today: date, expected: tuple[str, int, int]) -> None:
    assert parse_symbol(symbol, today=today) == expected


def test_parse_defaults_to_the_current_date() -> None:
    root, year, month = parse_symbol("GCZ6")
    assert (root, month) == ("GC", 12)
    assert abs(year - date.today().year) <= 5


@pytest.mark.parametrize("bad", ["", "GC", "USO", "Z6", "GCA6", "GCZ", "GCZ123", "GC Z6", "GC-Z6"])
def test_parse_rejects_what_is_not_a_contract(bad: str) -> None:
    with pytest.raises(ValueError, match="is not a futures contract symbol.*e.g. GCZ6"):
        parse_symbol(bad, today=NOV_2026)


def test_format() -> None:
    assert format_symbol("GC", 2026, 12) == "GCZ6"
    assert format_symbol("GC", 2026, 12, digits=2) == "GCZ26"
    assert format_symbol("6E", 2030, 3) == "6EH0"
    assert format_symbol("MCL", 2027, 1, digits=2) == "MCLF27"
    assert month_code(1) == "F" and month_code(12) == "Z"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("GC", 2026, 13), "month must be 1..12"),
        (("GC", 2026, 0), "month must be 1..12"),
        (("GC", 2026, 12, 3), "digits must be 1 or 2"),
        (("GC", -1, 12), "year must not be negative"),
    ],
)
def test_format_rejects(args: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        format_symbol(*args)


@given(
    root=st.sampled_from(["GC", "ES", "6E", "6J", "MCL", "ZN", "VX"]),
    year=st.integers(1990, 2090),
    month=st.integers(1, 12),
    months_away=st.integers(-59, 59),
    digits=st.sampled_from([1, 2]),
)
def test_format_then_parse_round_trips_near_the_reference(
    root: str, year: int, month: int, months_away: int, digits: int
) -> None:
    index = year * 12 + month - 1 - months_away
    today = date(index // 12, index % 12 + 1, 15)
    symbol = format_symbol(root, year, month, digits)
    assert parse_symbol(symbol, today=today) == (root, year, month)
    assert symbol[len(root)] == MONTH_CODES[month - 1]
