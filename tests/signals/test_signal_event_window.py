"""The ``event_window`` signal."""

from __future__ import annotations

import pytest
from botctx_support import GC, bar_at, make_ctx, ns_at, step
from pydantic import ValidationError

from runner.model import MINUTE_NS
from runner.model.instrument import ContractSpec
from runner_plugins.signals.event_window import EventWindow

NG = ContractSpec("NG", "Natural gas", "NYMEX", "USD", 0.001, 10_000.0, "NYMEX", "America/New_York")
EIA = {"day_of_week": "thu", "hour": 10, "minute": 30}


def signal(ctx, **params):
    params.setdefault("at", EIA)
    sig = EventWindow(EventWindow.Params(**params))
    sig.bind(ctx)
    return sig


def minutes(start: str, closes: list[float]):
    t = ns_at(start)
    return [bar_at(t + i * MINUTE_NS, c, c, c, c, symbol="NGX3") for i, c in enumerate(closes)]


def feed(ctx, sig, bars):
    out = []
    for b in bars:
        step(ctx, b)
        intent = sig.evaluate(ctx)
        if intent is not None:
            out.append((b.end, intent.direction, intent.reason))
    return out


def test_breakout_after_the_wait():
    ctx = make_ctx({"ng": NG})
    sig = signal(ctx, after_minutes=2, window_minutes=5, min_move_ticks=15)
    # Thursday 2013-10-10: the 10:29 bar ends at the release: reference 3.700. The 10:30 bar
    # (+0.020) ends before the wait is over; at 10:32 +0.014 and at 10:33 exactly 15 ticks
    # are not more than 15 ticks; +0.016 at 10:34 is.
    closes = [3.690, 3.695, 3.700, 3.720, 3.714, 3.715, 3.716, 3.650, 3.600]
    got = feed(ctx, sig, minutes("2013-10-10 10:27", closes))
    assert got == [(ns_at("2013-10-10 10:34"), 1, "breakout: moved +0.016 since the release")]
    assert sig.next_event == ns_at("2013-10-10 10:30")


def test_fade_goes_against_the_move():
    ctx = make_ctx({"ng": NG})
    sig = signal(ctx, direction="fade", window_minutes=3)
    got = feed(ctx, sig, minutes("2013-10-10 10:28", [3.700, 3.700, 3.690]))
    assert got == [(ns_at("2013-10-10 10:31"), 1, "fade: moved -0.01 since the release")]


def test_window_closes():
    ctx = make_ctx({"ng": NG})
    sig = signal(ctx, after_minutes=0, window_minutes=2)
    # moves only at the bar ending 10:33, after [10:30, 10:32)
    got = feed(ctx, sig, minutes("2013-10-10 10:29", [3.7, 3.7, 3.7, 3.7, 3.8]))
    assert got == []


def test_no_reference_when_started_after_the_release():
    ctx = make_ctx({"ng": NG})
    sig = signal(ctx, window_minutes=30)
    assert feed(ctx, sig, minutes("2013-10-10 10:31", [3.7, 3.8, 3.9])) == []


def test_one_entry_per_release_and_the_next_week():
    ctx = make_ctx({"ng": NG})
    sig = signal(ctx, window_minutes=10)
    week1 = minutes("2013-10-10 10:29", [3.7, 3.8, 3.9, 3.6])
    week2 = minutes("2013-10-17 10:29", [3.7, 3.6, 3.5])
    got = feed(ctx, sig, week1 + week2)
    assert [(t, d) for t, d, _ in got] == [
        (ns_at("2013-10-10 10:31"), 1),
        (ns_at("2013-10-17 10:31"), -1),
    ]
    assert sig.next_event == ns_at("2013-10-17 10:30")


def test_release_on_a_day_without_bars_is_skipped():
    """A bar gap spanning the whole window: the next release is found directly."""
    ctx = make_ctx({"ng": NG})
    sig = signal(ctx, window_minutes=10)
    before = minutes("2013-10-09 15:00", [3.7])
    after = minutes("2013-10-11 10:29", [3.7, 3.9])  # Friday: no release
    assert feed(ctx, sig, before + after) == []
    assert sig.next_event == ns_at("2013-10-17 10:30")


def test_event_time_zone_differs_from_bot():
    ctx = make_ctx({"gc": GC}, timezone="Europe/London")
    sig = signal(
        ctx, at={"day_of_week": "fri", "hour": 8, "minute": 30}, timezone="America/New_York"
    )
    got = feed(ctx, sig, minutes("2013-10-11 08:29", [1300.0, 1300.5]))
    assert [d for _, d, _ in got] == [1]


def test_params():
    with pytest.raises(ValidationError, match="unknown cron field 'weekday'"):
        EventWindow.Params(at={"weekday": "thu"})
    with pytest.raises(ValidationError, match="bad cron fields"):
        EventWindow.Params(at={"hour": 25})
    with pytest.raises(ValidationError, match="unknown time zone"):
        EventWindow.Params(at=EIA, timezone="Eastern")
    with pytest.raises(ValidationError):
        EventWindow.Params(at=EIA, window_minutes=0)
    with pytest.raises(ValidationError):
        EventWindow.Params(at=EIA, direction="up")


def test_a_release_on_a_federal_holiday_comes_a_day_early():
    # Thanksgiving 2013-11-28: the EIA published on Wednesday 11-27 at 10:30
    ctx = make_ctx({"ng": NG})
    sig = signal(ctx, calendar="XNYS", holiday="previous_business_day", window_minutes=3)
    got = feed(ctx, sig, minutes("2013-11-27 10:28", [3.700, 3.700, 3.720, 3.730]))
    assert got == [(ns_at("2013-11-27 10:31"), 1, "breakout: moved +0.02 since the release")]
    # and nothing happens on the holiday itself
    got = feed(ctx, sig, minutes("2013-11-28 10:28", [3.700, 3.700, 3.720, 3.730]))
    assert got == []
    assert sig.next_event == ns_at("2013-12-05 10:30")


def test_without_a_calendar_the_trigger_alone_decides():
    ctx = make_ctx({"ng": NG})
    sig = signal(ctx, window_minutes=3)
    got = feed(ctx, sig, minutes("2013-11-28 10:28", [3.700, 3.700, 3.720, 3.730]))
    assert got and got[0][0] == ns_at("2013-11-28 10:31")


def test_an_unknown_calendar_is_a_validation_error():
    with pytest.raises(ValidationError, match="unknown exchange calendar 'XNY'; did you mean"):
        EventWindow.Params(at=EIA, calendar="XNY")
