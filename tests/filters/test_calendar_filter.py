"""The calendar filter: exchange holidays, early closes, minutes before close / after open."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from runner_plugins.filters.exchange_hours import CalendarParams, ExchangeCalendar


def make(**params) -> ExchangeCalendar:
    return ExchangeCalendar(CalendarParams(**params))


def test_cme_independence_day_observed(make_ctx, check) -> None:
    """CME Globex (CMES) on Friday 2026-07-03: a noon Chicago close, shut until Sunday."""
    flt = make()
    ctx = make_ctx("ES")
    flt.bind(ctx)  # calendar from the ES contract: CMES
    assert flt.calendar_name == "CMES"
    check(
        flt,
        ctx,
        [
            ((2026, 7, 2, 21, 59), True),  # Thursday 16:59 CDT
            ((2026, 7, 2, 22, 0), True),  # the July 3 session opens at once
            ((2026, 7, 3, 16, 59), True),  # Friday 11:59 CDT
            ((2026, 7, 3, 17, 0), False),  # 12:00 CDT early close
            ((2026, 7, 4, 15, 0), False),  # Saturday
            ((2026, 7, 5, 21, 59), False),  # Sunday 16:59 CDT
            ((2026, 7, 5, 22, 0), True),  # Sunday 17:00 CDT opens Monday's session
        ],
    )


def test_cme_thanksgiving_and_the_day_after(make_ctx, check) -> None:
    flt = make(minutes_before_close=15)
    ctx = make_ctx("GC")
    flt.bind(ctx)
    assert flt.calendar_name == "COMEX"
    check(
        flt,
        ctx,
        [
            ((2026, 11, 25, 22, 44), True),  # Wed 16:44 CST
            ((2026, 11, 25, 22, 45), False),  # 15 minutes before the 17:00 CST close
            ((2026, 11, 25, 23, 0), True),  # Thanksgiving's session opens Wed 17:00
            ((2026, 11, 26, 17, 44), True),  # Thu 11:44 CST
            ((2026, 11, 26, 17, 45), False),  # 15 minutes before the noon close
            ((2026, 11, 26, 18, 0), False),  # closed Thanksgiving afternoon
            ((2026, 11, 26, 22, 59), False),
            ((2026, 11, 26, 23, 0), True),  # reopens Thu 17:00 CST for Friday
            ((2026, 11, 27, 17, 44), True),
            ((2026, 11, 27, 17, 45), False),  # the day after: noon early close
            ((2026, 11, 28, 12, 0), False),  # Saturday
        ],
    )


def test_cme_full_holidays(make_ctx, check) -> None:
    flt = make()
    ctx = make_ctx("CL")
    flt.bind(ctx)
    assert flt.calendar_name == "NYMEX"
    check(
        flt,
        ctx,
        [
            ((2026, 4, 2, 21, 59), True),  # Thursday before Good Friday, 16:59 CDT
            ((2026, 4, 2, 22, 0), False),  # closed from 17:00 CDT
            ((2026, 4, 3, 15, 0), False),  # Good Friday
            ((2026, 4, 5, 22, 0), True),  # Sunday evening
            ((2026, 12, 24, 17, 59), True),  # Christmas Eve 11:59 CST
            ((2026, 12, 24, 18, 0), False),  # noon early close
            ((2026, 12, 25, 15, 0), False),  # Christmas Day
            ((2026, 12, 27, 22, 59), False),
            ((2026, 12, 27, 23, 0), True),  # Sunday 17:00 CST
        ],
    )


def test_nyse_holidays_early_close_and_open_delay(make_ctx, check) -> None:
    flt = make(minutes_after_open=5)
    ctx = make_ctx("USO")
    flt.bind(ctx)
    assert flt.calendar_name == "XNYS"
    check(
        flt,
        ctx,
        [
            ((2026, 7, 2, 13, 34), False),  # 09:34 EDT, inside the 5-minute wait
            ((2026, 7, 2, 13, 35), True),
            ((2026, 7, 2, 19, 59), True),
            ((2026, 7, 2, 20, 0), False),  # 16:00 EDT
            ((2026, 7, 3, 15, 0), False),  # Independence Day observed: closed all day
            ((2026, 11, 26, 16, 0), False),  # Thanksgiving: closed all day
            ((2026, 11, 27, 14, 34), False),  # 09:34 EST
            ((2026, 11, 27, 14, 35), True),
            ((2026, 11, 27, 17, 59), True),
            ((2026, 11, 27, 18, 0), False),  # 13:00 EST early close
            ((2026, 11, 30, 20, 59), True),  # Monday 15:59 EST
            ((2026, 11, 30, 21, 0), False),
        ],
    )


def test_nyse_across_daylight_saving(make_ctx, check) -> None:
    flt = make(calendar="XNYS")
    ctx = make_ctx("ES")  # the explicit calendar wins over the ES contract's
    flt.bind(ctx)
    check(
        flt,
        ctx,
        [
            ((2026, 3, 6, 14, 29), False),
            ((2026, 3, 6, 14, 30), True),  # 09:30 EST
            ((2026, 3, 9, 13, 29), False),
            ((2026, 3, 9, 13, 30), True),  # 09:30 EDT
            ((2026, 3, 9, 19, 59), True),
            ((2026, 3, 9, 20, 0), False),
        ],
    )


def test_cfe_hours_for_vix_futures(make_ctx, check) -> None:
    flt = make(minutes_before_close=10)
    ctx = make_ctx("VX", timezone="America/Chicago")
    flt.bind(ctx)
    check(
        flt,
        ctx,
        [
            ((2026, 11, 25, 14, 30), True),  # 08:30 CST
            ((2026, 11, 25, 21, 4), True),  # 15:04 CST
            ((2026, 11, 25, 21, 5), False),  # 10 minutes before the 15:15 close
            ((2026, 11, 26, 16, 0), False),  # Thanksgiving
            ((2026, 11, 27, 18, 4), True),
            ((2026, 11, 27, 18, 5), False),  # early close 12:15 CST minus 10 minutes
        ],
    )


def test_lunch_break_with_wait_after_reopening(check, make_ctx) -> None:
    """Hong Kong closes for lunch: the wait after open applies after the break too."""
    flt = make(calendar="XHKG", minutes_after_open=10, minutes_before_close=5)
    ctx = make_ctx()
    flt.bind(ctx)
    check(
        flt,
        ctx,
        [
            ((2026, 11, 23, 1, 39), False),  # 09:39 HKT
            ((2026, 11, 23, 1, 40), True),
            ((2026, 11, 23, 3, 59), True),  # 11:59, the break starts at 12:00
            ((2026, 11, 23, 4, 0), False),
            ((2026, 11, 23, 5, 9), False),  # 13:09
            ((2026, 11, 23, 5, 10), True),
            ((2026, 11, 23, 7, 54), True),
            ((2026, 11, 23, 7, 55), False),  # 5 minutes before the 16:00 close
        ],
    )


def test_cached_answers_equal_fresh_answers(make_ctx, utc_ns) -> None:
    """One instance stepping through December equals a new instance asked once each time."""
    stepping = make(minutes_before_close=30, minutes_after_open=15)
    ctx = make_ctx("ES")
    stepping.bind(ctx)
    start = utc_ns(2026, 12, 20)
    minutes = 0
    for i in range(0, 14 * 24 * 60, 7):
        ctx.now = start + i * 60 * 10**9
        fresh = make(calendar="CMES", minutes_before_close=30, minutes_after_open=15)
        assert stepping.allows(ctx) == fresh.at(ctx.now), ctx.now
        minutes += stepping.allows(ctx)
    assert 0 < minutes < 14 * 24 * 60 // 7


def test_outside_the_calendar_span_is_an_error(utc_ns) -> None:
    flt = make(calendar="CMES")
    with pytest.raises(ValueError, match="outside the CMES calendar"):
        flt.at(utc_ns(1990, 1, 2, 15))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"calendar": "CME_GLOBEX"}, "unknown exchange calendar 'CME_GLOBEX'"),
        ({"calendar": "XNYZ"}, "did you mean .*'XNYS'"),
        ({"minutes_before_close": -1}, "greater than or equal to 0"),
        ({"minutes_after_open": 5000}, "less than or equal to 1440"),
        ({"minute_before_close": 5}, "Extra inputs"),
    ],
)
def test_params_are_checked(params: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        CalendarParams(**params)


def test_every_param_is_documented() -> None:
    for name, field in CalendarParams.model_fields.items():
        assert field.description, name
    assert "holiday" in (ExchangeCalendar.__doc__ or "")
