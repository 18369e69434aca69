from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from runner.config.schedule import Schedule
from runner.model import MINUTE_NS, from_datetime, to_datetime
from runner.schedule.windows import WindowSchedule, WindowTracker

NY = ZoneInfo("America/New_York")


def ny(*args) -> int:
    return from_datetime(datetime(*args, tzinfo=NY))


def local(ts: int) -> str:
    return to_datetime(ts).astimezone(NY).strftime("%Y-%m-%d %H:%M")


def schedule(**kw) -> WindowSchedule:
    base = {
        "timezone": "America/New_York",
        "calendar": "CMES",
        "windows": [
            {
                "name": "day",
                "open": {"day_of_week": "mon-fri", "time": "08:20"},
                "close": {"day_of_week": "mon-fri", "time": "13:30"},
            }
        ],
    }
    base.update(kw)
    return WindowSchedule(Schedule(**base))


def test_windows_keep_local_time_across_both_dst_changes():
    ws = schedule()
    spans = ws.spans(ny(2026, 3, 6), ny(2026, 3, 10))
    assert [local(s.open) for s in spans] == ["2026-03-06 08:20", "2026-03-09 08:20"]
    # 08:20 EST is 13:20 UTC, 08:20 EDT is 12:20 UTC
    assert to_datetime(spans[0].open).hour == 13 and to_datetime(spans[1].open).hour == 12
    spans = ws.spans(ny(2026, 10, 30), ny(2026, 11, 3))
    assert [local(s.open) for s in spans] == ["2026-10-30 08:20", "2026-11-02 08:20"]
    assert to_datetime(spans[1].open).hour == 13


def test_holidays_remove_windows_and_early_closes_cut_them():
    ws = schedule(flatten_before_close_minutes=5)
    spans = ws.spans(ny(2026, 12, 24), ny(2026, 12, 29))
    # Christmas Eve closes early, Christmas is a holiday
    assert [(local(s.open), local(s.close), s.early_close) for s in spans] == [
        ("2026-12-24 08:20", "2026-12-24 13:00", True),
        ("2026-12-28 08:20", "2026-12-28 13:30", False),
    ]
    assert local(spans[0].flatten) == "2026-12-24 12:55"


def test_window_across_midnight_and_the_weekly_close():
    ws = schedule(
        windows=[
            {
                "name": "week",
                "open": {"day_of_week": "sun", "time": "18:00"},
                "close": {"day_of_week": "fri", "time": "16:45"},
            }
        ],
        flatten_before_close_minutes=10,
    )
    tracker = WindowTracker(ws)
    assert tracker.state(ny(2026, 11, 15, 17, 59)) == (False, False)
    assert tracker.state(ny(2026, 11, 15, 18, 0)) == (True, False)
    assert tracker.state(ny(2026, 11, 18, 3, 0)) == (True, False)
    assert tracker.state(ny(2026, 11, 20, 16, 35)) == (True, True)
    assert tracker.state(ny(2026, 11, 20, 16, 45)) == (False, False)
    assert tracker.state(ny(2026, 11, 21, 12, 0)) == (False, False)


@pytest.mark.parametrize("holiday", ["skip", "next_business_day"])
def test_events_on_holidays_move_or_vanish(holiday):
    ws = schedule(
        calendar="NYMEX",
        events=[{"name": "eia", "at": {"day_of_week": "fri", "time": "10:30"}, "holiday": holiday}],
    )
    # Good Friday 2026-04-03: NYMEX is closed
    got = [local(t) for _, t in ws.events(ny(2026, 3, 30), ny(2026, 4, 12))]
    if holiday == "skip":
        assert got == ["2026-04-10 10:30"]
    else:
        assert got == ["2026-04-06 10:30", "2026-04-10 10:30"]


def test_tracker_matches_spans_minute_by_minute():
    ws = schedule(flatten_before_close_minutes=5)
    tracker = WindowTracker(ws)
    start, end = ny(2026, 11, 23), ny(2026, 11, 28)
    spans = ws.spans(start, end)
    for ts in range(start, end, MINUTE_NS):
        inside = any(s.open <= ts < s.close for s in spans)
        flat = any(s.flatten <= ts < s.close for s in spans)
        assert tracker.state(ts) == (inside, flat), local(ts)


def test_the_state_holds_until_steady_until():
    """The pipeline asks again only from ``steady_until``: the answer must not change
    before it, and must at it or soon after (no change is skipped)."""
    ws = schedule(flatten_before_close_minutes=5)
    tracker, other = WindowTracker(ws), WindowTracker(ws)
    start, end = ny(2026, 11, 23), ny(2026, 12, 12)  # past a two-week chunk
    ts = start
    changes = 0
    while ts < end:
        state = tracker.state(ts)
        until = tracker.steady_until(ts)
        assert until > ts
        for t in range(ts, min(until, end), MINUTE_NS):
            assert other.state(t) == state, local(t)
        ts = until + (-until) % MINUTE_NS
        changes += 1
    assert changes > 30


def test_holidays_are_known_years_ahead_whatever_the_date_today():
    """The calendar spans 15 years past today: Independence Day 2030 (a Thursday) is a CME
    early close and Thanksgiving 2031 closes NYSE, though both are years away."""
    ws = schedule()
    july = ws.spans(ny(2030, 7, 3), ny(2030, 7, 6))
    assert [(local(s.close), s.early_close) for s in july] == [
        ("2030-07-03 13:30", False),
        ("2030-07-04 13:00", True),
        ("2030-07-05 13:30", False),
    ]
    rth = {
        "name": "rth",
        "open": {"day_of_week": "mon-fri", "time": "09:30"},
        "close": {"day_of_week": "mon-fri", "time": "15:55"},
    }
    nyse = schedule(calendar="XNYS", windows=[rth])
    days = nyse.spans(ny(2031, 11, 26), ny(2031, 11, 29))
    assert [local(s.open)[:10] for s in days] == ["2031-11-26", "2031-11-28"]


def test_a_date_beyond_the_calendar_is_an_error_not_a_guess():
    ws = schedule()
    with pytest.raises(ValueError, match=r"outside the CMES calendar .*holidays are not known"):
        ws.spans(ny(2070, 1, 2), ny(2070, 1, 3))
