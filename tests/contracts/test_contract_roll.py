"""Expiry dates and the front month, computed by hand from the exchanges' rules.

Business days skip the US exchange holidays of the product's business calendar; the
comments show the count for each expected date so a reader can check it.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from runner.contracts.roll import first_notice_date, front_month, last_trade_date, roll_date

D = date


@pytest.mark.parametrize(
    ("root", "year", "month", "expected"),
    [
        # GC: third last business day of the month. Oct 2013: 31, 30, 29
        ("GC", 2013, 10, D(2013, 10, 29)),
        # Dec 2013: 31 Tue, 30 Mon, 27 Fri (28/29 weekend)
        ("GC", 2013, 12, D(2013, 12, 27)),
        ("GC", 2026, 12, D(2026, 12, 29)),  # 31, 30, 29
        ("GC", 2027, 2, D(2027, 2, 24)),  # 26, 25, 24
        ("MGC", 2026, 12, D(2026, 12, 29)),
        # ES: third Friday. Dec 2026: 4, 11, 18
        ("ES", 2026, 12, D(2026, 12, 18)),
        ("ES", 2026, 3, D(2026, 3, 20)),  # the seed bots' ESH6
        ("ES", 2027, 3, D(2027, 3, 19)),
        # June 2026: the third Friday is Juneteenth, a holiday: the business day before
        ("ES", 2026, 6, D(2026, 6, 18)),
        ("MES", 2026, 9, D(2026, 9, 18)),
        # CL: the 25th of the month before. Nov 25 2026 is a Wednesday: 24, 23, 20
        ("CL", 2026, 12, D(2026, 11, 20)),
        # Dec 25 2026 is Christmas: four business days, 24, 23, 22, 21
        ("CL", 2027, 1, D(2026, 12, 21)),
        # Oct 25 2026 is a Sunday: four, 23, 22, 21, 20
        ("CL", 2026, 11, D(2026, 10, 20)),
        # Jan 25 2027 is a Monday: 22, 21, 20
        ("CL", 2027, 2, D(2027, 1, 20)),
        # Dec 25 2021 a Saturday, Dec 24 the observed holiday: 23, 22, 21, 20
        ("CL", 2022, 1, D(2021, 12, 20)),
        # MCL: the business day before CL's
        ("MCL", 2026, 12, D(2026, 11, 19)),
        ("MCL", 2027, 1, D(2026, 12, 18)),
        # NG: three business days before the 1st. Before Dec 1 2026: 30, 27, 25
        # (Thanksgiving, the 26th, is not a business day)
        ("NG", 2026, 12, D(2026, 11, 25)),
        ("NG", 2027, 1, D(2026, 12, 29)),  # 31, 30, 29
        # 6E/6J: two business days before the third Wednesday. Dec 16 2026: 15, 14
        ("6E", 2026, 12, D(2026, 12, 14)),
        ("6E", 2027, 3, D(2027, 3, 15)),  # Mar 17: 16, 15
        ("6J", 2026, 6, D(2026, 6, 15)),  # Jun 17: 16, 15
        # ZN: seventh business day before the last one. Dec 2026 from the end:
        # 31, 30, 29, 28, 24, 23, 22, 21 (Christmas on the 25th)
        ("ZN", 2026, 12, D(2026, 12, 21)),
        # Mar 2027 from the end: 31, 30, 29, 25, 24, 23, 22, 19 (Good Friday 26th)
        ("ZN", 2027, 3, D(2027, 3, 19)),
        # VX: the Wednesday 30 days before the third Friday of the next month
        ("VX", 2026, 11, D(2026, 11, 18)),  # Dec 18 2026 - 30 days
        ("VX", 2026, 12, D(2026, 12, 16)),  # Jan 15 2027 - 30 days
        ("VX", 2027, 1, D(2027, 1, 20)),  # Feb 19 2027 - 30 days
        # Jun 19 2024 (Juneteenth) is a holiday: the business day before
        ("VX", 2024, 6, D(2024, 6, 18)),
    ],
)
def test_last_trade(root: str, year: int, month: int, expected: date) -> None:
    assert last_trade_date(root, year, month) == expected


@pytest.mark.parametrize(
    ("root", "year", "month", "expected"),
    [
        ("GC", 2013, 10, D(2013, 9, 30)),  # last business day of September
        ("GC", 2013, 12, D(2013, 11, 29)),  # day after Thanksgiving is a business day
        ("GC", 2026, 12, D(2026, 11, 30)),
        ("GC", 2027, 2, D(2027, 1, 29)),
        ("MGC", 2027, 4, D(2027, 3, 31)),
        ("ZN", 2027, 3, D(2027, 2, 26)),
        ("CL", 2026, 12, D(2026, 11, 23)),  # business day after Nov 20
        ("NG", 2026, 12, D(2026, 11, 27)),  # business day after Nov 25, skipping the 26th
        ("ES", 2026, 12, None),  # cash settled
        ("MCL", 2026, 12, None),
        ("6E", 2026, 12, None),
        ("VX", 2026, 12, None),
    ],
)
def test_first_notice(root: str, year: int, month: int, expected: date | None) -> None:
    assert first_notice_date(root, year, month) == expected


def test_roll_date_counts_business_days_back() -> None:
    # GCG7 last trade Feb 24 2027; 7 back: 23, 22, 19, 18, 17, 16, 12 (Presidents Day 15th)
    assert roll_date("GC", 2027, 2, "last_trade", 7) == D(2027, 2, 12)
    assert roll_date("GC", 2027, 2, "last_trade", 0) == D(2027, 2, 24)
    # first notice Nov 30 2026; 5 back: 27, 25, 24, 23, 20 (Thanksgiving 26th)
    assert roll_date("GC", 2026, 12, "first_notice", 5) == D(2026, 11, 20)
    # ES has no first notice: first_notice falls back to last trade
    assert roll_date("ES", 2026, 12, "first_notice", 0) == D(2026, 12, 18)


@pytest.mark.parametrize(
    ("on", "basis", "days_before", "expected"),
    [
        # GCV3 last trade Oct 29 2013, roll 5 back = Oct 22: still the October contract
        (D(2013, 10, 7), "last_trade", 5, "GCV3"),
        (D(2013, 10, 21), "last_trade", 5, "GCV3"),
        (D(2013, 10, 22), "last_trade", 5, "GCZ3"),
        # by first notice (Sep 30, roll Sep 23) October is long gone
        (D(2013, 10, 7), "first_notice", 5, "GCZ3"),
        (D(2013, 9, 20), "first_notice", 5, "GCV3"),
        (D(2013, 9, 23), "first_notice", 5, "GCZ3"),
        # GCZ6: last trade Dec 29, roll Dec 21; first notice Nov 30, roll Nov 20
        (D(2026, 11, 21), "last_trade", 5, "GCZ6"),
        (D(2026, 11, 21), "first_notice", 5, "GCG7"),
        (D(2026, 11, 19), "first_notice", 5, "GCZ6"),
        (D(2026, 11, 20), "first_notice", 5, "GCG7"),
        # across the year end: GCZ6 rolls into GCG7 on Dec 21
        (D(2026, 12, 18), "last_trade", 5, "GCZ6"),
        (D(2026, 12, 21), "last_trade", 5, "GCG7"),
        (D(2026, 12, 31), "last_trade", 5, "GCG7"),
        # GCG7 first notice Jan 29 2027, roll Jan 22: 28, 27, 26, 25, 22
        (D(2026, 12, 31), "first_notice", 5, "GCG7"),
        (D(2027, 1, 21), "first_notice", 5, "GCG7"),
        (D(2027, 1, 22), "first_notice", 5, "GCJ7"),
        # days_before 0: on the last trading day itself the next contract is front
        (D(2026, 12, 28), "last_trade", 0, "GCZ6"),
        (D(2026, 12, 29), "last_trade", 0, "GCG7"),
        # on a weekend or a holiday the answer is that of the calendar day
        (D(2026, 12, 25), "last_trade", 0, "GCZ6"),
        # Mar 2026 ends between listed months: J(Apr) rolls Apr 21 (LTD Apr 28)
        (D(2026, 3, 1), "last_trade", 5, "GCJ6"),
        (D(2026, 4, 21), "last_trade", 5, "GCM6"),
    ],
)
def test_front_month_gold(on: date, basis: str, days_before: int, expected: str) -> None:
    assert front_month("GC", on, basis, days_before) == expected


@pytest.mark.parametrize(
    ("root", "on", "expected"),
    [
        # ESH6 last trade Mar 20 2026, roll 5 back = Mar 13
        ("ES", D(2026, 3, 12), "ESH6"),
        ("ES", D(2026, 3, 13), "ESM6"),
        ("MES", D(2026, 11, 21), "MESZ6"),
        # ESZ6 Dec 18, roll Dec 11 (17, 16, 15, 14, 11)
        ("ES", D(2026, 12, 11), "ESH7"),
        # CLZ6 last trade Nov 20, roll Nov 13
        ("CL", D(2026, 11, 12), "CLZ6"),
        ("CL", D(2026, 11, 13), "CLF7"),
        # CLF7 last trade Dec 21, roll 5 back: 18, 17, 16, 15, 14
        ("CL", D(2026, 12, 14), "CLG7"),
        ("CL", D(2026, 12, 11), "CLF7"),
        ("MCL", D(2026, 11, 12), "MCLF7"),  # MCLZ6 Nov 19, roll Nov 12
        # NGZ6 Nov 25, roll 5 back: 24, 23, 20, 19, 18
        ("NG", D(2026, 11, 17), "NGZ6"),
        ("NG", D(2026, 11, 18), "NGF7"),
        ("6E", D(2026, 11, 21), "6EZ6"),
        ("6J", D(2026, 12, 7), "6JH7"),  # 6JZ6 Dec 14, roll Dec 7
        ("ZN", D(2026, 12, 11), "ZNZ6"),  # ZNZ6 Dec 21, roll Dec 14
        ("ZN", D(2026, 12, 14), "ZNH7"),
        ("VX", D(2026, 11, 10), "VXX6"),  # VXX6 Nov 18, roll Nov 11
        ("VX", D(2026, 11, 11), "VXZ6"),
        ("USO", D(2026, 11, 21), "USO"),
        ("VIX", D(2026, 11, 21), "VIX"),
    ],
)
def test_front_month_other_products(root: str, on: date, expected: str) -> None:
    assert front_month(root, on) == expected


def test_front_month_accepts_a_datetime() -> None:
    assert front_month("GC", datetime(2013, 10, 7, 14, 30)) == "GCV3"


def test_front_month_is_never_expired() -> None:
    """Every day of three years: the chosen contract still trades for days_before more days."""
    day = D(2025, 1, 1)
    while day < D(2028, 1, 1):
        for root in ("GC", "ES", "CL", "NG", "ZN", "VX"):
            symbol = front_month(root, day)
            year = 2020 + int(symbol[-1])
            month = "FGHJKMNQUVXZ".index(symbol[-2]) + 1
            assert last_trade_date(root, year, month) > day
        day = D.fromordinal(day.toordinal() + 1)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: front_month("XX", D(2026, 1, 5)), "no contract facts for root 'XX'"),
        (lambda: front_month("GC", D(2026, 1, 5), "expiry"), "roll basis must be"),
        (lambda: front_month("GC", D(2026, 1, 5), days_before=-1), "must not be negative"),
        (lambda: last_trade_date("USO", 2026, 12), "USO is not a future"),
        (lambda: last_trade_date("GC", 2026, 13), "month must be 1..12"),
        (lambda: last_trade_date("GC", 1980, 12), "outside the XNYS calendar"),
    ],
)
def test_errors(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
