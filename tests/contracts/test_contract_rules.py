"""The expiry-rule grammar and business-day arithmetic on exchange calendars."""

from __future__ import annotations

from datetime import date

import pytest

from runner.contracts.calendar import business_days, check_calendar_name
from runner.contracts.rules import nth_weekday, parse_rule

D = date


def test_business_days_skip_weekends_and_holidays() -> None:
    bd = business_days("XNYS")
    assert not bd.is_business_day(D(2026, 11, 26))  # Thanksgiving
    assert bd.is_business_day(D(2026, 11, 27))  # early close, still a business day
    assert not bd.is_business_day(D(2026, 11, 28))
    assert bd.before(D(2026, 11, 27), 1) == D(2026, 11, 25)
    assert bd.before(D(2026, 11, 27), 0) == D(2026, 11, 27)
    assert bd.before(D(2026, 11, 26), 0) == D(2026, 11, 25)
    assert bd.on_or_before(D(2026, 11, 29)) == D(2026, 11, 27)
    assert bd.after(D(2026, 11, 25), 1) == D(2026, 11, 27)
    assert bd.after(D(2026, 12, 24), 1) == D(2026, 12, 28)  # Christmas and a weekend
    assert bd.nth_last_of_month(2026, 12, 1) == D(2026, 12, 31)
    assert bd.nth_last_of_month(2027, 3, 4) == D(2027, 3, 25)  # 31, 30, 29, (Good Fri) 25


def test_cme_globex_calendar_trades_on_thanksgiving() -> None:
    """Why CME products count business days on XNYS: CMES lists Thanksgiving."""
    assert business_days("CMES").is_business_day(D(2026, 11, 26))
    assert not business_days("XNYS").is_business_day(D(2026, 11, 26))


def test_business_days_outside_the_span() -> None:
    with pytest.raises(ValueError, match="outside the XNYS calendar"):
        business_days("XNYS").before(D(1990, 1, 5), 1)


def test_unknown_calendar() -> None:
    with pytest.raises(ValueError, match="unknown exchange calendar 'CMEX'; did you mean"):
        check_calendar_name("CMEX")


def test_nth_weekday() -> None:
    assert nth_weekday(2026, 12, 3, 4) == D(2026, 12, 18)  # third Friday
    assert nth_weekday(2026, 3, 1, 6) == D(2026, 3, 1)  # first Sunday is the 1st
    assert nth_weekday(2026, 3, 3, 2) == D(2026, 3, 18)  # third Wednesday


def test_parse_rule_reads_shift_base_and_offset() -> None:
    r = parse_rule("prev.bd_before(25, 3, 4) - 1 bd")
    assert (r.month_shift, r.base, r.args, r.offset) == (-1, "bd_before", (25, 3, 4), -1)
    r = parse_rule("next.weekday(3, fri)+2bd")
    assert (r.month_shift, r.base, r.args, r.offset) == (1, "weekday", (3, 4), 2)
    assert parse_rule("vx()").base == "vx"
    assert parse_rule(" last_bd(1) ").args == (1,)


def test_offsets_count_strictly_before_and_after() -> None:
    bd = business_days("XNYS")
    # third Wednesday of Dec 2026 is the 16th
    assert parse_rule("weekday(3, WED)").resolve(2026, 12, bd) == D(2026, 12, 16)
    assert parse_rule("weekday(3, WED) - 2 bd").resolve(2026, 12, bd) == D(2026, 12, 14)
    assert parse_rule("weekday(3, WED) + 2 bd").resolve(2026, 12, bd) == D(2026, 12, 18)
    # fourth Thursday of Nov 2026 is Thanksgiving: no offset -> the business day before
    assert parse_rule("weekday(4, THU)").resolve(2026, 11, bd) == D(2026, 11, 25)
    assert parse_rule("prev.last_bd(1)").resolve(2027, 1, bd) == D(2026, 12, 31)
    assert parse_rule("next.last_bd(1)").resolve(2026, 12, bd) == D(2027, 1, 29)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "cannot read date rule"),
        ("third friday", "cannot read date rule"),
        ("weekday(3, FRI) - 2", "cannot read date rule"),
        ("later.last_bd(1)", "cannot read date rule"),
        ("third(3)", "unknown date rule 'third'"),
        ("weekday(3)", r"weekday\(\) takes 2 arguments"),
        ("vx(1)", r"vx\(\) takes 0 arguments"),
        ("weekday(3, FRIDAY)", "'FRIDAY' is not a weekday"),
        ("weekday(6, FRI)", "at most 5"),
        ("last_bd(0)", "'0' must be a positive whole number"),
        ("last_bd(-1)", "'-1' must be a positive whole number"),
        ("bd_before(30, 3, 4)", "day 30 does not exist in every month"),
    ],
)
def test_parse_rule_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_rule(text)
