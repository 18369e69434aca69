"""The session filter: windows, midnight crossing, daylight-saving changes, validation."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from runner_plugins.filters.session import Session, SessionParams


def make(**params) -> Session:
    return Session(SessionParams(**params))


def test_new_york_day_session_across_spring_forward(make_ctx, check) -> None:
    flt = make(start="09:30", end="16:00")
    ctx = make_ctx()
    flt.bind(ctx)  # time zone from the bot: America/New_York
    check(
        flt,
        ctx,
        [
            # Friday 2026-03-06, EST (UTC-5): 14:30-21:00 UTC
            ((2026, 3, 6, 14, 29), False),
            ((2026, 3, 6, 14, 30), True),  # the opening instant is inside
            ((2026, 3, 6, 20, 59), True),
            ((2026, 3, 6, 21, 0), False),  # the closing instant is outside
            ((2026, 3, 7, 15, 0), False),  # Saturday
            ((2026, 3, 8, 15, 0), False),  # Sunday, the day of the change
            # Monday 2026-03-09, EDT (UTC-4): 13:30-20:00 UTC
            ((2026, 3, 9, 13, 29), False),
            ((2026, 3, 9, 13, 30), True),
            ((2026, 3, 9, 19, 59), True),
            ((2026, 3, 9, 20, 0), False),
            ((2026, 3, 9, 20, 30), False),  # 16:30 EDT
        ],
    )


def test_new_york_day_session_across_fall_back(make_ctx, check) -> None:
    flt = make(start="09:30", end="16:00", timezone="America/New_York")
    ctx = make_ctx(timezone="Europe/London")  # the explicit time zone wins
    flt.bind(ctx)
    check(
        flt,
        ctx,
        [
            ((2026, 10, 30, 13, 29), False),  # Friday, EDT
            ((2026, 10, 30, 13, 30), True),
            ((2026, 10, 30, 19, 59), True),
            ((2026, 10, 30, 20, 0), False),
            ((2026, 11, 2, 13, 30), False),  # Monday, EST: opens 14:30 UTC
            ((2026, 11, 2, 14, 29), False),
            ((2026, 11, 2, 14, 30), True),
            ((2026, 11, 2, 20, 59), True),
            ((2026, 11, 2, 21, 0), False),
        ],
    )


def test_overnight_window_across_both_changes(make_ctx, check) -> None:
    flt = make(start="18:00", end="02:00", days=["mon-sun"])
    ctx = make_ctx()
    flt.bind(ctx)
    check(
        flt,
        ctx,
        [
            # opens Sat 2026-03-07 18:00 EST = 23:00 UTC; 02:00 on the 8th never happens
            # (clocks jump 02:00 EST -> 03:00 EDT at 07:00 UTC): it ends at the jump
            ((2026, 3, 7, 22, 59), False),
            ((2026, 3, 7, 23, 0), True),
            ((2026, 3, 8, 6, 59), True),
            ((2026, 3, 8, 7, 0), False),
            # Sun 18:00 EDT = 22:00 UTC to Mon 02:00 EDT = 06:00 UTC
            ((2026, 3, 8, 21, 59), False),
            ((2026, 3, 8, 22, 0), True),
            ((2026, 3, 9, 5, 59), True),
            ((2026, 3, 9, 6, 0), False),
            # Sat 2026-10-31 18:00 EDT = 22:00 UTC to Sun 02:00 EST = 07:00 UTC (9 hours)
            ((2026, 10, 31, 21, 59), False),
            ((2026, 10, 31, 22, 0), True),
            ((2026, 11, 1, 5, 30), True),  # 01:30 EDT
            ((2026, 11, 1, 6, 30), True),  # 01:30 EST, the repeated hour
            ((2026, 11, 1, 6, 59), True),
            ((2026, 11, 1, 7, 0), False),
            ((2026, 11, 1, 22, 59), False),  # Sun 17:59 EST
            ((2026, 11, 1, 23, 0), True),
        ],
    )


def test_overnight_window_belongs_to_the_day_it_opens(make_ctx, check) -> None:
    flt = make(start="18:00", end="02:00", days=["fri"])
    ctx = make_ctx()
    flt.bind(ctx)
    check(
        flt,
        ctx,
        [
            ((2026, 3, 5, 23, 30), False),  # Thursday evening
            ((2026, 3, 6, 6, 59), False),  # Friday 01:59, from Thursday's window
            ((2026, 3, 6, 23, 30), True),  # Friday 18:30 EST
            ((2026, 3, 7, 6, 59), True),  # Saturday 01:59, still Friday's window
            ((2026, 3, 7, 7, 0), False),
            ((2026, 3, 7, 23, 30), False),  # Saturday evening
        ],
    )


def test_cme_globex_week_in_chicago(make_ctx, check) -> None:
    """17:00-16:00 Chicago opening Sunday to Thursday, across 2026-03-08."""
    flt = make(start="17:00", end="16:00", timezone="America/Chicago", days=["sun-thu"])
    ctx = make_ctx()
    flt.bind(ctx)
    check(
        flt,
        ctx,
        [
            ((2026, 3, 5, 23, 0), True),  # Thu 17:00 CST opens Friday's session
            ((2026, 3, 6, 21, 59), True),  # Fri 15:59 CST
            ((2026, 3, 6, 22, 0), False),  # Fri 16:00 CST
            ((2026, 3, 7, 12, 0), False),  # Saturday
            ((2026, 3, 8, 21, 59), False),  # Sun 16:59 CDT
            ((2026, 3, 8, 22, 0), True),  # Sun 17:00 CDT
            ((2026, 3, 9, 20, 59), True),  # Mon 15:59 CDT
            ((2026, 3, 9, 21, 0), False),  # the daily maintenance hour
            ((2026, 3, 9, 21, 59), False),
            ((2026, 3, 9, 22, 0), True),
        ],
    )


def _oracle(now: int, tz: ZoneInfo, start: time, end: time, days: set[int]) -> bool:
    local = datetime.fromtimestamp(now // 10**9, tz=UTC).astimezone(tz)
    t, wd = local.time(), local.weekday()
    if start < end:
        return wd in days and start <= t < end
    return (wd in days and t >= start) or ((wd - 1) % 7 in days and t < end)


@pytest.mark.parametrize(
    ("tz", "start", "end", "days", "first_day"),
    [
        ("America/New_York", "09:30", "16:00", ["mon-fri"], datetime(2026, 3, 2)),
        ("America/New_York", "09:30", "16:00", ["mon-fri"], datetime(2026, 10, 26)),
        ("America/Chicago", "17:00", "16:00", ["sun-thu"], datetime(2026, 3, 1)),
        ("America/Chicago", "17:00", "16:00", ["sun-thu"], datetime(2026, 10, 25)),
        ("Europe/London", "22:15", "04:45", ["mon", "wed", "sat"], datetime(2026, 3, 23)),
        ("Asia/Tokyo", "08:45", "15:15", ["mon-fri"], datetime(2026, 12, 28)),
    ],
)
def test_every_minute_of_a_fortnight_matches_wall_clock(
    make_ctx, tz: str, start: str, end: str, days: list[str], first_day: datetime
) -> None:
    """The cached ranges give exactly the wall-clock answer, minute by minute and on
    seconds just around each boundary."""
    flt = make(start=start, end=end, timezone=tz, days=days)
    ctx = make_ctx()
    flt.bind(ctx)
    zone = ZoneInfo(tz)
    t0 = int(first_day.replace(tzinfo=UTC).timestamp()) * 10**9
    s, e = time.fromisoformat(start), time.fromisoformat(end)
    dayset = {
        "mon": {0},
        "wed": {2},
        "sat": {5},
        "mon-fri": set(range(5)),
        "sun-thu": {6, 0, 1, 2, 3},
    }
    wanted = set().union(*(dayset[d] for d in days))
    flips = 0
    previous = None
    for minute in range(14 * 24 * 60):
        for offset in (-1, 0):  # one second before the minute, then the minute itself
            ctx.now = t0 + minute * 60 * 10**9 + offset * 10**9
            got = flt.allows(ctx)
            assert got == _oracle(ctx.now, zone, s, e, wanted), datetime.fromtimestamp(
                ctx.now // 10**9, tz=zone
            )
            flips += got != previous
            previous = got
    assert flips >= 8  # the fortnight has both open and closed stretches
    for minute in range(0, 14 * 24 * 60, 97):  # a new instance asked once, at any moment
        now = t0 + minute * 60 * 10**9
        fresh = make(start=start, end=end, timezone=tz, days=days)
        assert fresh.at(now) == _oracle(now, zone, s, e, wanted)


def test_time_going_backwards_is_answered_afresh(make_ctx) -> None:
    flt = make(start="09:30", end="16:00")
    ctx = make_ctx()
    flt.bind(ctx)
    base = int(datetime(2026, 3, 9, 13, 30, tzinfo=UTC).timestamp()) * 10**9
    ctx.now = base
    assert flt.allows(ctx)
    ctx.now = base - 60 * 10**9
    assert not flt.allows(ctx)
    ctx.now = base + int(timedelta(hours=3).total_seconds()) * 10**9
    assert flt.allows(ctx)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "9:30", "end": "16:00"}, "'9:30' is not a time of day HH:MM"),
        ({"start": "09:30", "end": "24:00"}, "'24:00' is not a time of day"),
        ({"start": "09:60", "end": "16:00"}, "'09:60' is not a time of day"),
        ({"start": "0930", "end": "16:00"}, "'0930' is not a time of day"),
        ({"start": "09:30", "end": "09:30"}, "start and end are both 09:30"),
        ({"start": "09:30", "end": "16:00", "timezone": "New York"}, "unknown time zone"),
        ({"start": "09:30", "end": "16:00", "days": ["funday"]}, "'funday' is not a weekday"),
        ({"start": "09:30", "end": "16:00", "days": ["mon-xyz"]}, "'mon-xyz' is not a weekday"),
        ({"start": "09:30", "end": "16:00", "days": []}, "at least 1 item"),
        ({"start": "09:30", "end": "16:00", "timzone": "UTC"}, "Extra inputs"),
        ({"start": "09:30"}, "end\n  Field required"),
    ],
)
def test_params_are_checked(params: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        SessionParams(**params)


def test_day_ranges_wrap_the_week() -> None:
    from runner_plugins.filters._time import parse_days

    assert parse_days(["fri-mon"]) == {4, 5, 6, 0}
    assert parse_days(["Mon", "wed"]) == {0, 2}
    assert parse_days(["mon-sun"]) == set(range(7))


def test_every_param_is_documented() -> None:
    for name, field in SessionParams.model_fields.items():
        assert field.description, name
    assert "trade" in (Session.__doc__ or "").lower() or "position" in (Session.__doc__ or "")


def test_window_edges_inside_the_changed_hour(make_ctx, check) -> None:
    """A skipped opening time starts at the clock jump; a repeated one at its first pass."""
    ctx = make_ctx()
    spring = make(start="02:30", end="04:00", days=["sun"])
    spring.bind(ctx)
    check(
        spring,
        ctx,
        [
            ((2026, 3, 8, 6, 59), False),  # 01:59 EST
            ((2026, 3, 8, 7, 0), True),  # 03:00 EDT: 02:30 never happened
            ((2026, 3, 8, 7, 59), True),
            ((2026, 3, 8, 8, 0), False),  # 04:00 EDT
            ((2026, 3, 15, 6, 29), False),  # a week later, 02:29 EDT
            ((2026, 3, 15, 6, 30), True),
        ],
    )
    fall = make(start="01:30", end="03:00", days=["sun"])
    fall.bind(ctx)
    check(
        fall,
        ctx,
        [
            ((2026, 11, 1, 5, 29), False),  # 01:29 EDT
            ((2026, 11, 1, 5, 30), True),  # 01:30 EDT, the first pass
            ((2026, 11, 1, 6, 30), True),  # 01:30 EST, the second pass
            ((2026, 11, 1, 7, 59), True),  # 02:59 EST
            ((2026, 11, 1, 8, 0), False),  # 03:00 EST
        ],
    )
