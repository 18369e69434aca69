"""The ``rule`` signal and the ``rule`` filter."""

from __future__ import annotations

import math

import numpy as np
import pytest
import talib
from botctx_support import (
    GC,
    VIX,
    bar_at,
    load_bars,
    make_ctx,
    names_of,
    outputs,
    position,
    replay,
    step,
)
from pydantic import ValidationError

from runner.api.signal import Intent
from runner.config.refs import Namespace
from runner.plugins import registry
from runner_plugins.filters.rule import RuleFilter
from runner_plugins.signals.rule import RuleSignal

T0 = 1_381_150_800 * 1_000_000_000
M = 60_000_000_000


def make(ctx, **params):
    sig = RuleSignal(RuleSignal.Params(**params))
    sig.bind(ctx)
    return sig


@pytest.fixture
def ctx():
    return make_ctx(
        {"gc": GC}, {"rsi": outputs("value"), "bb": outputs("upper", "middle", "lower")}
    )


def bar(ctx, i, close, **values):
    step(ctx, bar_at(T0 + i * M, close, close + 1, close - 1, close), **values)


def test_long_short_and_nothing(ctx):
    sig = make(ctx, long="rsi < 30", short="rsi > 70")
    bar(ctx, 1, 1300.0)
    assert sig.evaluate(ctx) is None  # rsi cold
    bar(ctx, 2, 1300.0, rsi=25.0)
    assert sig.evaluate(ctx) == Intent(1, 1.0, "long: rsi < 30")
    bar(ctx, 3, 1300.0, rsi=75.0)
    assert sig.evaluate(ctx) == Intent(-1, 1.0, "short: rsi > 70")
    bar(ctx, 4, 1300.0, rsi=50.0)
    assert sig.evaluate(ctx) is None


def test_exits_apply_only_to_their_side(ctx):
    sig = make(ctx, long="rsi < 30", exit_long="rsi > 50", short="rsi > 80", exit_short="rsi < 40")
    bar(ctx, 1, 1300.0, rsi=60.0)
    assert sig.evaluate(ctx) is None  # flat: exits mean nothing
    position(ctx.primary, 1, 1300.0, ctx)
    assert sig.evaluate(ctx) == Intent(0, 1.0, "exit_long: rsi > 50")
    bar(ctx, 2, 1300.0, rsi=20.0)
    assert sig.evaluate(ctx) is None  # long and still wants long: nothing new
    bar(ctx, 3, 1300.0, rsi=90.0)
    assert sig.evaluate(ctx) == Intent(-1, 1.0, "short: rsi > 80")  # reversal beats exit
    position(ctx.primary, -1, 1300.0, ctx)
    assert sig.evaluate(ctx) is None
    bar(ctx, 4, 1300.0, rsi=35.0)
    assert sig.evaluate(ctx) == Intent(0, 1.0, "exit_short: rsi < 40")
    bar(ctx, 5, 1300.0, rsi=25.0)
    assert sig.evaluate(ctx) == Intent(1, 1.0, "long: rsi < 30")


def test_conflict_gives_nothing_and_is_logged(ctx):
    seen = []
    ctx.log = lambda event, **fields: seen.append((event, fields))
    sig = make(ctx, long="close > 0", short="close > 1")
    bar(ctx, 1, 1300.0)
    assert sig.evaluate(ctx) is None
    assert seen == [("signal_conflict", {"signal": "rule", "reason": "long and short both true"})]


def test_confidence_number_and_expression(ctx):
    sig = make(ctx, long="rsi < 30", confidence=0.25)
    bar(ctx, 1, 1300.0, rsi=20.0)
    assert sig.evaluate(ctx).confidence == 0.25
    sig = make(ctx, long="rsi < 30", confidence="(30 - rsi) / 20")
    bar(ctx, 2, 1300.0, rsi=20.0)
    assert sig.evaluate(ctx).confidence == 0.5
    bar(ctx, 3, 1300.0, rsi=5.0)
    assert sig.evaluate(ctx).confidence == 1.0  # clamped
    sig = make(ctx, long="rsi < 30", confidence="bb.middle / 100")
    bar(ctx, 4, 1300.0, rsi=5.0)
    assert sig.evaluate(ctx).confidence == 0.0  # confidence from a cold indicator


def test_cross_in_a_rule_is_evaluated_every_bar(ctx):
    """The long condition is read even when flat-side logic would not need it."""
    sig = make(ctx, long="cross_above(close, bb.upper)", exit_long="close < bb.middle")
    bar(ctx, 1, 1300.0, bb__upper=1301.0, bb__middle=1299.0)
    assert sig.evaluate(ctx) is None
    position(ctx.primary, 1, 1300.0, ctx)  # held long from somewhere else
    bar(ctx, 2, 1300.5, bb__upper=1301.0, bb__middle=1299.0)
    assert sig.evaluate(ctx) is None
    ctx.primary.position = 0
    bar(ctx, 3, 1302.0, bb__upper=1301.0, bb__middle=1299.0)
    assert sig.evaluate(ctx) == Intent(1, 1.0, "long: cross_above(close, bb.upper)")


def test_params_errors():
    with pytest.raises(ValidationError, match="give at least one of long"):
        RuleSignal.Params()
    with pytest.raises(ValidationError, match="between 0 and 1"):
        RuleSignal.Params(long="rsi < 3", confidence=1.5)
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        RuleSignal.Params(long="rsi < 3", lnog="x")


def test_check_names_the_field():
    ns = Namespace(instruments=("es", "vix"), indicators={"vix_bb": ("upper", "middle", "lower")})
    params = RuleSignal.Params(
        long="vix.close > vix_bb.uper",
        short="vix.close < vix_bb.lower",
        exit_long="clos > 3",
        confidence="vix.close > 2",
    )
    assert RuleSignal.check(params, ns) == [
        (
            "long",
            "indicator 'vix_bb' has no output 'uper'; its outputs: upper, middle, lower; "
            "did you mean vix_bb.upper? (column 20)",
        ),
        ("exit_long", "unknown name 'clos'; did you mean 'close'? (column 1)"),
        ("confidence", "this must be a number, not a condition (column 1)"),
    ]


def test_registered():
    reg = registry()
    from runner.api.base import PluginKind

    assert reg.get(PluginKind.SIGNAL, "rule").cls is RuleSignal
    assert reg.get(PluginKind.FILTER, "rule").cls is RuleFilter


# ---------------------------------------------------------------------------- the filter


def test_rule_filter_allows_when_true():
    ctx = make_ctx(
        {"es": GC, "vix": VIX}, {"vix_bb": outputs("upper", "middle", "lower")}, trade=["es"]
    )
    flt = RuleFilter(RuleFilter.Params(when="vix.close < vix_bb.upper"))
    flt.bind(ctx)
    bar(ctx, 1, 4000.0)
    ctx.instruments["vix"].bar = bar_at(T0 + M, 20, 21, 19, 20.5, symbol="VIX")
    assert flt.allows(ctx) is False  # band cold
    ctx.indicators["vix_bb"].upper = 21.0
    assert flt.allows(ctx) is True
    ctx.indicators["vix_bb"].upper = 20.5
    assert flt.allows(ctx) is False


def test_rule_filter_check():
    ns = Namespace(instruments=("es",), indicators={"atr": ("value",)})
    assert RuleFilter.check(RuleFilter.Params(when="atr > 2"), ns) == []
    assert RuleFilter.check(RuleFilter.Params(when="art > 2"), ns) == [
        ("when", "unknown name 'art'; did you mean 'atr'? (column 1)")
    ]
    with pytest.raises(ValidationError):
        RuleFilter.Params()


# ---------------------------------------------------------------------------- real data


def test_gold_rsi_bollinger_rule_on_real_bars():
    """The rule fires exactly on the bars a vectorised TA-Lib computation says it should."""
    bars = load_bars("GC_1m_2013-10-07.csv", "GCZ3")
    close = np.array([b.close for b in bars])
    rsi = talib.RSI(close, timeperiod=14)
    upper, middle, lower = talib.BBANDS(close, timeperiod=20, nbdevup=2.0, nbdevdn=2.0)
    ctx = make_ctx(
        {"gc": GC},
        {
            "rsi": replay({"value": rsi}),
            "bb": replay({"upper": upper, "middle": middle, "lower": lower}),
        },
    )
    sig = make(ctx, long="rsi < 30 and close < bb.lower", short="rsi > 70 and close > bb.upper")
    got = []
    for i, b in enumerate(bars):
        ctx.primary.bar = b
        for ind in ctx.indicators.values():
            ind.update(b)
        ctx.now = b.end
        ctx.bar_index += 1
        intent = sig.evaluate(ctx)
        if intent is not None:
            got.append((i, intent.direction))
    with np.errstate(invalid="ignore"):
        want_long = (rsi < 30) & (close < lower)
        want_short = (rsi > 70) & (close > upper)
    want = sorted(
        [(int(i), 1) for i in np.flatnonzero(want_long)]
        + [(int(i), -1) for i in np.flatnonzero(want_short)]
    )
    assert len(want) > 20  # the week has real signals in both directions
    assert {d for _, d in want} == {1, -1}
    assert got == want
    assert not any(math.isnan(rsi[i]) for i, _ in got)


def test_namespace_helper_matches_ctx(ctx):
    assert names_of(ctx).indicators == {"rsi": ("value",), "bb": ("upper", "middle", "lower")}


def test_stateless_unless_a_cross(ctx):
    """A flat bot outside its window skips stateless signals: a cross must not be skipped."""
    assert make(ctx, long="rsi < 30", short="rsi > 70").stateless()
    assert make(ctx, long="close < entry_price - 2 * at_entry(rsi)").stateless()
    assert not make(ctx, long="cross_above(rsi, 30)").stateless()
    assert not make(ctx, long="rsi < 30", exit_long="cross_below(rsi, 70)").stateless()
