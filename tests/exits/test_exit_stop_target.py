"""The ``stop_target`` exit and the distance model."""

from __future__ import annotations

import pytest
from botctx_support import ES, GC, bar_at, make_ctx, outputs, step
from pydantic import ValidationError

from runner.api.exit import ExitLevels
from runner.config.refs import Namespace
from runner_plugins.exits.stop_target import StopTarget, stop_price, target_price

T0 = 1_381_150_800 * 1_000_000_000


def levels(params, direction, price, atr=float("nan"), spec=GC):
    ctx = make_ctx({"x": spec}, {"atr": outputs("value", value=atr)})
    step(ctx, bar_at(T0, price, price, price, price))
    ex = StopTarget(StopTarget.Params(**params))
    ex.bind(ctx)
    return ex.on_entry(ctx, ctx.primary, direction, price)


def test_ticks():
    p = {"stop": {"ticks": 20}, "target": {"ticks": 40}}
    assert levels(p, 1, 1300.0) == ExitLevels(1298.0, 1304.0)
    assert levels(p, -1, 1300.0) == ExitLevels(1302.0, 1296.0)


def test_points():
    p = {"stop": {"points": 2.5}, "target": {"points": 5}}
    assert levels(p, 1, 4000.25, spec=ES) == ExitLevels(3997.75, 4005.25)
    assert levels(p, -1, 4000.25, spec=ES) == ExitLevels(4002.75, 3995.25)


def test_atr_rounding_is_on_the_safe_side():
    """2 x ATR 1.23 = 2.46: the long stop goes to 1297.5 (not 1297.6, which is closer); the
    3 x ATR = 3.69 target goes to 1303.6 (not 1303.7, which is farther)."""
    p = {"stop": {"atr": 2.0}, "target": {"atr": 3.0}, "atr_indicator": "atr"}
    assert levels(p, 1, 1300.0, atr=1.23) == ExitLevels(1297.5, 1303.6)
    assert levels(p, -1, 1300.0, atr=1.23) == ExitLevels(1302.5, 1296.4)


def test_atr_on_grid_is_exact():
    p = {"stop": {"atr": 2.0}, "atr_indicator": "atr"}
    assert levels(p, 1, 1300.0, atr=1.2) == ExitLevels(1297.6, None)  # 2.4 exactly, no drift


def test_cold_atr_leaves_the_level_out():
    seen = []
    ctx = make_ctx({"gc": GC}, {"atr": outputs("value")})
    ctx.log = lambda event, **f: seen.append((event, f))
    ex = StopTarget(StopTarget.Params(stop={"atr": 2}, target={"ticks": 10}, atr_indicator="atr"))
    ex.bind(ctx)
    assert ex.on_entry(ctx, ctx.primary, 1, 1300.0) == ExitLevels(None, 1301.0)
    assert seen == [
        ("exit_level_skipped", {"exit": "stop_target", "level": "stop", "reason": "atr not warm"})
    ]


def test_target_is_at_least_one_tick_away():
    inst = make_ctx({"gc": GC}).primary
    assert target_price(inst, 1, 1300.0, 0.04) == 1300.1
    assert target_price(inst, -1, 1300.0, 0.04) == 1299.9
    assert stop_price(inst, 1, 1300.0, 0.04) == 1299.9
    assert stop_price(inst, -1, 1300.0, 0.04) == 1300.1
    # an entry price off the grid (an average fill)
    assert stop_price(inst, 1, 1300.05, 1.0) == 1299.0
    assert target_price(inst, 1, 1300.05, 1.0) == 1301.0


def test_params():
    with pytest.raises(ValidationError, match="give a stop, a target or both"):
        StopTarget.Params()
    with pytest.raises(ValidationError, match="exactly one of ticks, points or atr"):
        StopTarget.Params(stop={"ticks": 2, "points": 1.0})
    with pytest.raises(ValidationError, match="exactly one of ticks, points or atr"):
        StopTarget.Params(stop={})
    with pytest.raises(ValidationError, match="needs 'atr_indicator'"):
        StopTarget.Params(stop={"atr": 2.0})
    with pytest.raises(ValidationError):
        StopTarget.Params(stop={"ticks": 0})
    with pytest.raises(ValidationError):
        StopTarget.Params(stop={"ticks": 10, "tick": 3})


def test_check():
    ns = Namespace(instruments=("gc",), indicators={"atr14": ("value",), "rsi": ("value",)})
    p = StopTarget.Params(stop={"atr": 2.0}, atr_indicator="atr14")
    assert StopTarget.check(p, ns) == []
    p = StopTarget.Params(stop={"atr": 2.0}, atr_indicator="atr")
    assert StopTarget.check(p, ns) == [
        ("atr_indicator", "unknown indicator 'atr'; did you mean 'atr14'?")
    ]
    p = StopTarget.Params(stop={"atr": 2.0}, atr_indicator="volatility")
    assert StopTarget.check(p, ns) == [
        ("atr_indicator", "unknown indicator 'volatility'; this bot's indicators: atr14, rsi")
    ]
