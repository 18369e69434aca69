"""Trailing stop, time exit, band exit and flatten_at."""

from __future__ import annotations

import pytest
from botctx_support import ES, GC, bar_at, flat_bar, make_ctx, ns_at, outputs, position, step
from pydantic import ValidationError

from runner.api.exit import ExitAction, ExitLevels
from runner.config.refs import Namespace
from runner.model import MINUTE_NS
from runner_plugins.exits.band_exit import BandExit
from runner_plugins.exits.flatten_at import FlattenAt
from runner_plugins.exits.time_exit import TimeExit
from runner_plugins.exits.trailing import TrailingStop

T = ns_at("2013-10-07 10:00")


def bind(cls, ctx, **params):
    ex = cls(cls.Params(**params))
    ex.bind(ctx)
    return ex


def enter(ctx, ex, qty, price):
    """What the engine does: ask on_entry, then record the fill on this bar."""
    levels = ex.on_entry(ctx, ctx.primary, 1 if qty > 0 else -1, price)
    position(ctx.primary, qty, price, ctx)
    return levels


# ---------------------------------------------------------------------------- trailing


def walk(ctx, ex, closes, start=1, highs=None, lows=None):
    out = []
    for i, c in enumerate(closes):
        hi = highs[i] if highs else c
        lo = lows[i] if lows else c
        step(ctx, bar_at(T + (start + i) * MINUTE_NS, c, hi, lo, c))
        out.append(ex.on_bar(ctx, ctx.primary))
    return out


def stops(actions):
    return [None if a is None else a.price for a in actions]


def test_trailing_long_by_ticks_only_tightens():
    ctx = make_ctx({"gc": GC})
    ex = bind(TrailingStop, ctx, ticks=10)
    step(ctx, flat_bar(T, 1300.0))
    assert enter(ctx, ex, 1, 1300.0) == ExitLevels(stop=1299.0)
    got = walk(ctx, ex, [1300.5, 1301.0, 1300.2, 1302.3, 1302.3, 1299.5])
    assert stops(got) == [1299.5, 1300.0, None, 1301.3, None, None]
    assert got[0] == ExitAction("move_stop", 1299.5, "trail 1.0 behind 1300.5")


def test_trailing_short_on_extremes():
    ctx = make_ctx({"gc": GC})
    ex = bind(TrailingStop, ctx, points=2.0, trail_on="extreme")
    step(ctx, flat_bar(T, 1300.0))
    assert enter(ctx, ex, -2, 1300.0) == ExitLevels(stop=1302.0)
    got = walk(
        ctx, ex, [1299.0, 1299.5, 1297.0], highs=[1300, 1301, 1299], lows=[1298.4, 1299, 1296.9]
    )
    assert stops(got) == [1300.4, None, 1298.9]


def test_trailing_activation_and_atr():
    ctx = make_ctx({"gc": GC}, {"atr": outputs("value", value=0.5)})
    ex = bind(TrailingStop, ctx, atr=2.0, atr_indicator="atr", activation={"atr": 1.0})
    step(ctx, flat_bar(T, 1300.0))
    assert enter(ctx, ex, 1, 1300.0) is None  # no stop until activated
    got = walk(ctx, ex, [1300.3, 1300.5, 1300.6])  # needs 0.5 of profit
    assert stops(got) == [None, 1299.5, 1299.6]
    ctx.indicators["atr"].value = 0.25  # the ATR fell: a closer trail is a tighter stop
    assert stops(walk(ctx, ex, [1300.6], start=4)) == [1300.1]
    ctx.indicators["atr"].value = 1.0  # the ATR rose: the stop stays
    assert stops(walk(ctx, ex, [1300.7], start=5)) == [None]


def test_trailing_resets_on_a_new_trade():
    ctx = make_ctx({"gc": GC})
    ex = bind(TrailingStop, ctx, ticks=5)
    step(ctx, flat_bar(T, 1300.0))
    enter(ctx, ex, 1, 1300.0)
    assert stops(walk(ctx, ex, [1310.0])) == [1309.5]
    ctx.primary.position = 0
    step(ctx, flat_bar(T + 2 * MINUTE_NS, 1305.0))
    enter(ctx, ex, -1, 1305.0)
    assert stops(walk(ctx, ex, [1304.0], start=3)) == [1304.5]


def test_trailing_params():
    with pytest.raises(ValidationError, match="exactly one of ticks, points or atr"):
        TrailingStop.Params()
    with pytest.raises(ValidationError, match="exactly one of ticks, points or atr"):
        TrailingStop.Params(ticks=3, points=2.0)
    with pytest.raises(ValidationError, match="needs 'atr_indicator'"):
        TrailingStop.Params(ticks=3, activation={"atr": 1.0})
    ns = Namespace(instruments=("gc",), indicators={"atr": ("value",)})
    assert TrailingStop.check(TrailingStop.Params(atr=2, atr_indicator="atr"), ns) == []
    assert TrailingStop.check(TrailingStop.Params(atr=2, atr_indicator="art"), ns) == [
        ("atr_indicator", "unknown indicator 'art'; did you mean 'atr'?")
    ]


# ---------------------------------------------------------------------------- time exit


def test_time_exit_after_bars():
    ctx = make_ctx({"gc": GC})
    ex = bind(TimeExit, ctx, bars=3)
    step(ctx, flat_bar(T, 1300.0))
    enter(ctx, ex, 1, 1300.0)
    got = walk(ctx, ex, [1300.0] * 4)
    assert got == [None, None, ExitAction("close", None, "open 3 bars"), got[3]]
    assert got[3] is not None


def test_time_exit_at_clock_time():
    ctx = make_ctx({"es": ES})
    ex = bind(TimeExit, ctx, at="15:55")
    step(ctx, flat_bar(ns_at("2013-10-07 15:50"), 4000.0))
    enter(ctx, ex, 1, 4000.0)
    closes = []
    for minute in ("15:52", "15:53", "15:54"):
        step(ctx, flat_bar(ns_at(f"2013-10-07 {minute}"), 4000.0))
        closes.append(ex.on_bar(ctx, ctx.primary))
    assert closes == [None, None, ExitAction("close", None, "time exit at 15:55")]


def test_time_exit_after_the_time_waits_for_the_next_day():
    ctx = make_ctx({"es": ES})
    ex = bind(TimeExit, ctx, at="15:55", timezone="America/Chicago")  # 16:55 in New York
    step(ctx, flat_bar(ns_at("2013-10-07 17:00"), 4000.0))
    enter(ctx, ex, -1, 4000.0)
    step(ctx, flat_bar(ns_at("2013-10-08 16:53"), 4000.0))
    assert ex.on_bar(ctx, ctx.primary) is None
    step(ctx, flat_bar(ns_at("2013-10-08 16:54"), 4000.0))
    assert ex.on_bar(ctx, ctx.primary).kind == "close"


def test_time_exit_params():
    with pytest.raises(ValidationError, match="give bars, at, or both"):
        TimeExit.Params()
    with pytest.raises(ValidationError, match="not a time of day"):
        TimeExit.Params(at="25:00")


# ---------------------------------------------------------------------------- band exit


def test_band_exit_long_and_short():
    ctx = make_ctx({"gc": GC}, {"bb": outputs("upper", "middle", "lower")})
    ex = bind(BandExit, ctx, band="bb")
    step(ctx, flat_bar(T, 1300.0))
    position(ctx.primary, 1, 1300.0, ctx)
    assert ex.on_bar(ctx, ctx.primary) is None  # middle is NaN
    ctx.indicators["bb"].middle = 1300.1
    assert ex.on_bar(ctx, ctx.primary) is None
    ctx.indicators["bb"].middle = 1300.0
    assert ex.on_bar(ctx, ctx.primary) == ExitAction(
        "close", None, "close 1300 reached middle 1300"
    )
    ctx.primary.position = -1
    ctx.indicators["bb"].middle = 1299.9
    assert ex.on_bar(ctx, ctx.primary) is None
    ctx.indicators["bb"].middle = 1300.2
    assert ex.on_bar(ctx, ctx.primary).kind == "close"


def test_band_exit_other_line_and_check():
    ctx = make_ctx({"gc": GC}, {"kc": outputs("upper", "mid", "lower", mid=1299.0)})
    ex = bind(BandExit, ctx, band="kc", line="mid")
    step(ctx, flat_bar(T, 1300.0))
    position(ctx.primary, 1, 1300.0, ctx)
    assert ex.on_bar(ctx, ctx.primary).kind == "close"
    ns = Namespace(instruments=("gc",), indicators={"bb": ("upper", "middle", "lower")})
    assert BandExit.check(BandExit.Params(band="bb"), ns) == []
    assert BandExit.check(BandExit.Params(band="b"), ns) == [
        ("band", "unknown indicator 'b'; did you mean 'bb'?")
    ]
    assert BandExit.check(BandExit.Params(band="keltner"), ns) == [
        ("band", "unknown indicator 'keltner'; this bot's indicators: bb")
    ]
    assert BandExit.check(BandExit.Params(band="bb", line="mid"), ns) == [
        ("band", "indicator 'bb' has no output 'mid' (its outputs: upper, middle, lower)")
    ]


# ---------------------------------------------------------------------------- flatten_at


def test_flatten_at_minutes_before_on_listed_days():
    ctx = make_ctx({"es": ES})
    ex = bind(FlattenAt, ctx, time="16:00", minutes_before=5, days=["mon", "tue"])
    assert ex.flatten_time(ns_at("2013-10-07 10:00")) == ns_at("2013-10-07 15:55")
    assert ex.flatten_time(ns_at("2013-10-07 15:55")) == ns_at("2013-10-08 15:55")
    assert ex.flatten_time(ns_at("2013-10-08 16:30")) == ns_at(
        "2013-10-14 15:55"
    )  # Wed-Sun skipped
    step(ctx, flat_bar(ns_at("2013-10-07 15:50"), 4000.0))
    enter(ctx, ex, 1, 4000.0)
    step(ctx, flat_bar(ns_at("2013-10-07 15:53"), 4000.0))
    assert ex.on_bar(ctx, ctx.primary) is None
    step(ctx, flat_bar(ns_at("2013-10-07 15:54"), 4000.0))
    assert ex.on_bar(ctx, ctx.primary) == ExitAction("close", None, "flatten at 16:00")


def test_flatten_at_across_dst_and_midnight():
    ctx = make_ctx({"gc": GC}, timezone="UTC")
    ex = bind(
        FlattenAt, ctx, time="00:10", minutes_before=20, timezone="America/New_York", days=["sat"]
    )
    # Saturday 00:10 New York minus 20 minutes = Friday 23:50, before and after the DST change
    assert ex.flatten_time(ns_at("2013-10-28 12:00")) == ns_at("2013-11-01 23:50")
    assert ex.flatten_time(ns_at("2013-11-02 12:00")) == ns_at("2013-11-08 23:50")


def test_flatten_at_params():
    with pytest.raises(ValidationError, match="not a day"):
        FlattenAt.Params(time="16:00", days=["monday", "someday"])
    assert FlattenAt.Params(time="16:00", days=["Monday", "TUE"]).days == ["mon", "tue"]
    with pytest.raises(ValidationError, match="not a time of day"):
        FlattenAt.Params(time="4pm")
    with pytest.raises(ValidationError, match="unknown time zone"):
        FlattenAt.Params(time="16:00", timezone="EST5EDTX")
