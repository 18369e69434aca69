"""The blackout filter: real APScheduler cron triggers, edges, DST, overlapping events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from runner_plugins.filters.blackout import Blackout, BlackoutParams

EIA_GAS = {"name": "EIA natural gas storage", "day_of_week": "thu", "hour": 10, "minute": 30}


def make(**params) -> Blackout:
    return Blackout(BlackoutParams(**params))


def test_eia_report_edges_across_spring_forward(make_ctx, check) -> None:
    """Blocked from 5 minutes before (included) to 10 minutes after (excluded)."""
    flt = make(events=[EIA_GAS], before=5, after=10)
    ctx = make_ctx("NG")
    flt.bind(ctx)  # cron fields in the bot's time zone, America/New_York
    check(
        flt,
        ctx,
        [
            # Thursday 2026-03-05, EST: the report at 15:30 UTC
            ((2026, 3, 5, 15, 24, 59), True),
            ((2026, 3, 5, 15, 25, 0), False),  # event - before: blocked
            ((2026, 3, 5, 15, 30, 0), False),
            ((2026, 3, 5, 15, 39, 59), False),
            ((2026, 3, 5, 15, 40, 0), True),  # event + after: trading again
            ((2026, 3, 6, 15, 30, 0), True),  # Friday
            # Thursday 2026-03-12, EDT: the report at 14:30 UTC
            ((2026, 3, 12, 14, 24, 59), True),
            ((2026, 3, 12, 14, 25, 0), False),
            ((2026, 3, 12, 14, 39, 59), False),
            ((2026, 3, 12, 14, 40, 0), True),
            ((2026, 3, 12, 15, 30, 0), True),  # last week's UTC time means nothing now
        ],
    )


def test_eia_report_across_fall_back(make_ctx, check) -> None:
    flt = make(events=[EIA_GAS], before=2, after=3, timezone="America/New_York")
    ctx = make_ctx("NG", timezone="America/Chicago")  # the explicit zone wins
    flt.bind(ctx)
    check(
        flt,
        ctx,
        [
            ((2026, 10, 29, 14, 27, 59), True),  # EDT: event at 14:30 UTC
            ((2026, 10, 29, 14, 28, 0), False),
            ((2026, 10, 29, 14, 32, 59), False),
            ((2026, 10, 29, 14, 33, 0), True),
            ((2026, 11, 5, 14, 30, 0), True),  # EST: event at 15:30 UTC
            ((2026, 11, 5, 15, 27, 59), True),
            ((2026, 11, 5, 15, 28, 0), False),
            ((2026, 11, 5, 15, 32, 59), False),
            ((2026, 11, 5, 15, 33, 0), True),
        ],
    )


def test_zero_before_blocks_the_event_instant_zero_after_frees_it(make_ctx, check) -> None:
    ctx = make_ctx("NG")
    only_after = make(events=[EIA_GAS], after=1)
    only_after.bind(ctx)
    check(
        only_after,
        ctx,
        [
            ((2026, 3, 12, 14, 29, 59), True),
            ((2026, 3, 12, 14, 30, 0), False),
            ((2026, 3, 12, 14, 30, 59), False),
            ((2026, 3, 12, 14, 31, 0), True),
        ],
    )
    only_before = make(events=[EIA_GAS], before=1)
    only_before.bind(ctx)
    check(
        only_before,
        ctx,
        [
            ((2026, 3, 12, 14, 28, 59), True),
            ((2026, 3, 12, 14, 29, 0), False),
            ((2026, 3, 12, 14, 29, 59), False),
            ((2026, 3, 12, 14, 30, 0), True),
        ],
    )


def test_overlapping_events_join(make_ctx, check) -> None:
    """Crude (Wednesday 10:30) and an extra Wednesday 10:40 release: one long blackout."""
    events = [
        {"name": "EIA petroleum status", "crontab": "30 10 * * wed"},
        {"name": "second release", "day_of_week": "wed", "hour": 10, "minute": 40},
    ]
    flt = make(events=events, before=5, after=10)
    ctx = make_ctx("CL")
    flt.bind(ctx)
    check(
        flt,
        ctx,
        [
            ((2026, 11, 18, 15, 24), True),  # EST: events at 15:30 and 15:40 UTC
            ((2026, 11, 18, 15, 25), False),
            ((2026, 11, 18, 15, 39), False),
            ((2026, 11, 18, 15, 40), False),  # first over, second still on
            ((2026, 11, 18, 15, 49), False),
            ((2026, 11, 18, 15, 50), True),
        ],
    )


def test_crontab_line_equals_fields() -> None:
    a = make(events=[EIA_GAS], before=5, after=5, timezone="America/New_York")
    b = make(events=[{"crontab": "30 10 * * thu"}], before=5, after=5, timezone="America/New_York")
    start = datetime(2026, 3, 1, tzinfo=UTC)
    for minute in range(0, 21 * 24 * 60, 3):
        now = int((start + timedelta(minutes=minute)).timestamp()) * 10**9
        assert a.at(now) == b.at(now)


def test_every_minute_of_six_weeks_matches_the_calendar(make_ctx) -> None:
    """The cached ranges agree with Thursday 10:30 New York time computed independently."""
    flt = make(events=[EIA_GAS], before=5, after=10)
    ctx = make_ctx("NG")
    flt.bind(ctx)
    ny = ZoneInfo("America/New_York")
    start = datetime(2026, 2, 22, tzinfo=UTC)  # straddles 2026-03-08
    events = []
    day = datetime(2026, 2, 19, 10, 30, tzinfo=ny)
    while day < datetime(2026, 4, 15, tzinfo=ny):
        events.append(int(day.timestamp()) * 10**9)
        day = (day.replace(tzinfo=None) + timedelta(days=7)).replace(tzinfo=ny)
    blocked = 0
    for minute in range(6 * 7 * 24 * 60):
        now = int((start + timedelta(minutes=minute)).timestamp()) * 10**9
        ctx.now = now
        want = not any(e - 5 * 60 * 10**9 <= now < e + 10 * 60 * 10**9 for e in events)
        assert flt.allows(ctx) == want, datetime.fromtimestamp(now // 10**9, tz=ny)
        blocked += not want
    assert blocked == 6 * 15


def test_a_finished_series_never_blocks() -> None:
    flt = make(events=[{"year": 2020, "month": 1, "day": 2, "hour": 9}], before=5, after=5)
    assert flt.at(int(datetime(2026, 1, 2, 9, tzinfo=UTC).timestamp()) * 10**9)
    assert not flt.at(int(datetime(2020, 1, 2, 9, tzinfo=UTC).timestamp()) * 10**9)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"events": [], "before": 5}, "at least 1 item"),
        ({"events": [EIA_GAS]}, "before and after are both 0"),
        ({"events": [{**EIA_GAS, "hour": 25}], "after": 5}, "hour"),
        ({"events": [{"day_of_week": "thurs", "hour": 10}], "after": 5}, "thurs"),
        ({"events": [{"crontab": "30 10 * thu"}], "after": 5}, "Wrong number of fields"),
        ({"events": [{"crontab": "30 10 * * thu", "hour": 9}], "after": 5}, "not both"),
        ({"events": [{"name": "nothing"}], "after": 5}, "give cron fields"),
        ({"events": [{**EIA_GAS, "minutes": 30}], "after": 5}, "Extra inputs"),
        ({"events": [EIA_GAS], "after": -1}, "greater than or equal to 0"),
        ({"events": [EIA_GAS], "after": 5, "timezone": "Eastern"}, "unknown time zone"),
    ],
)
def test_params_are_checked(params: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        BlackoutParams(**params)


def test_every_param_is_documented() -> None:
    from runner_plugins.filters.blackout import CronEvent

    for model in (BlackoutParams, CronEvent):
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name}"
    assert "EIA" in (Blackout.__doc__ or "")
