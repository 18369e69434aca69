"""The ``crossover`` and ``zscore_pairs`` signals."""

from __future__ import annotations

import math

import numpy as np
import pytest
import talib
from botctx_support import GC, MCL, USO, bar_at, load_bars, make_ctx, outputs, replay, step
from pydantic import ValidationError

from runner.api.signal import Intent
from runner.config.refs import Namespace
from runner_plugins.signals.crossover import CrossoverSignal
from runner_plugins.signals.pairs import ZScorePairs

T0 = 1_381_150_800 * 1_000_000_000
M = 60_000_000_000


def crossover(ctx, **params):
    sig = CrossoverSignal(CrossoverSignal.Params(**params))
    sig.bind(ctx)
    return sig


SEQ = [  # fast, slow
    (math.nan, 10.0),
    (9.0, 10.0),
    (11.0, 10.0),  # up
    (12.0, 10.0),
    (9.0, 10.0),  # down
    (8.0, 10.0),
    (10.5, 10.0),  # up
]


def run_seq(direction, positions):
    ctx = make_ctx({"gc": GC}, {"fast": outputs("value"), "slow": outputs("value")})
    sig = crossover(ctx, fast="fast", slow="slow", direction=direction)
    got = []
    for i, ((f, s), pos) in enumerate(zip(SEQ, positions, strict=True)):
        ctx.primary.position = pos
        step(ctx, bar_at(T0 + i * M, 1, 1, 1, 1), fast=f, slow=s)
        intent = sig.evaluate(ctx)
        got.append(None if intent is None else intent.direction)
    return got


def test_crossover_both():
    assert run_seq("both", [0] * 7) == [None, None, 1, None, -1, None, 1]


def test_crossover_long_only_exits_on_cross_below():
    assert run_seq("long", [0, 0, 0, 1, 1, 0, 0]) == [None, None, 1, None, 0, None, 1]
    assert run_seq("long", [0] * 7) == [None, None, 1, None, None, None, 1]  # flat: no exit


def test_crossover_short_only():
    assert run_seq("short", [0, 0, 0, 0, 0, -1, -1]) == [None, None, None, None, -1, None, 0]


def test_crossover_output_refs_and_check():
    ns = Namespace(instruments=("gc",), indicators={"macd": ("macd", "signal", "hist")})
    params = CrossoverSignal.Params(fast="macd.macd", slow="macd.signl")
    assert CrossoverSignal.check(params, ns) == [
        (
            "slow",
            "indicator 'macd' has no output 'signl'; its outputs: macd, signal, hist; "
            "did you mean macd.signal? (column 6)",
        )
    ]
    assert CrossoverSignal.check(CrossoverSignal.Params(fast="close", slow="macd"), ns) == []
    with pytest.raises(ValidationError):
        CrossoverSignal.Params(fast="close + 1", slow="x")
    with pytest.raises(ValidationError):
        CrossoverSignal.Params(fast="a", slow="b", direction="up")


def test_crossover_on_real_bars_matches_talib():
    bars = load_bars("GC_1m_2013-10-07.csv", "GCZ3")
    close = np.array([b.close for b in bars])
    fast, slow = talib.EMA(close, 9), talib.EMA(close, 21)
    ctx = make_ctx({"gc": GC}, {"fast": replay({"value": fast}), "slow": replay({"value": slow})})
    sig = crossover(ctx, fast="fast", slow="slow")
    got = []
    for i, b in enumerate(bars):
        ctx.primary.bar = b
        for ind in ctx.indicators.values():
            ind.update(b)
        ctx.bar_index += 1
        intent = sig.evaluate(ctx)
        if intent:
            got.append((i, intent.direction))
    want = []
    for i in range(1, len(close)):
        f0, s0, f1, s1 = fast[i - 1], slow[i - 1], fast[i], slow[i]
        if np.isnan(f0) or np.isnan(s0):
            continue
        if f0 <= s0 and f1 > s1:
            want.append((i, 1))
        elif f0 >= s0 and f1 < s1:
            want.append((i, -1))
    assert len(want) > 50
    assert got == want


# ---------------------------------------------------------------------------- pairs


@pytest.fixture
def pair():
    ctx = make_ctx({"mcl": MCL, "uso": USO}, {"hedge": outputs("beta", "zscore")})
    sig = ZScorePairs(ZScorePairs.Params(hedge="hedge", y="mcl", x="uso", entry=2.0, exit=0.5))
    sig.bind(ctx)
    return ctx, sig


def at(ctx, sig, i, beta, z, held=0):
    ctx.instruments["mcl"].position = held
    step(ctx, bar_at(T0 + i * M, 1, 1, 1, 1, symbol="MCLZ3"), hedge__beta=beta, hedge__zscore=z)
    return sig.evaluate(ctx)


def test_pairs_sign_conventions(pair):
    ctx, sig = pair
    assert at(ctx, sig, 0, math.nan, math.nan) is None
    assert at(ctx, sig, 1, 2.5, 1.9) is None
    short = at(ctx, sig, 2, 2.5, 2.1)
    assert (short.direction, short.legs) == (-1, {"mcl": 1.0, "uso": -2.5})
    assert at(ctx, sig, 3, 2.5, 2.6, held=-1) is None  # already short the spread
    assert at(ctx, sig, 4, 2.5, 0.6, held=-1) is None  # not back inside the exit band
    flat = at(ctx, sig, 5, 2.4, 0.4, held=-1)
    assert (flat.direction, flat.legs) == (0, {"mcl": 1.0, "uso": -2.4})
    long = at(ctx, sig, 6, 2.4, -2.2)
    assert (long.direction, long.legs) == (1, {"mcl": 1.0, "uso": -2.4})
    assert at(ctx, sig, 7, 2.4, -0.49, held=0) is None  # flat and inside: nothing to do
    reverse = at(ctx, sig, 8, 2.4, 2.01, held=1)
    assert reverse.direction == -1
    back = at(ctx, sig, 9, 2.4, -0.3, held=1)
    assert back == Intent(0, 1.0, "|z| 0.30 < 0.5: spread reverted", {"mcl": 1.0, "uso": -2.4})


def test_pairs_exactly_on_the_bands_does_nothing(pair):
    ctx, sig = pair
    assert at(ctx, sig, 1, 2.0, 2.0) is None
    assert at(ctx, sig, 2, 2.0, -2.0) is None
    assert at(ctx, sig, 3, 2.0, 0.5, held=1) is None


def test_pairs_params_and_check():
    with pytest.raises(ValidationError, match="exit must be smaller than entry"):
        ZScorePairs.Params(hedge="h", y="a", x="b", entry=1.0, exit=1.0)
    with pytest.raises(ValidationError, match="two different instruments"):
        ZScorePairs.Params(hedge="h", y="a", x="a")
    ns = Namespace(instruments=("mcl", "uso"), indicators={"hedge": ("beta", "zscore")})
    ok = ZScorePairs.Params(hedge="hedge", y="mcl", x="uso")
    assert ZScorePairs.check(ok, ns) == []
    bad = ZScorePairs.Params(hedge="hedg", y="mcl", x="usoo")
    assert ZScorePairs.check(bad, ns) == [
        ("hedge", "unknown indicator 'hedg'; did you mean 'hedge'?"),
        ("x", "unknown instrument 'usoo'; did you mean 'uso'?"),
    ]
    ns2 = Namespace(instruments=("mcl", "uso"), indicators={"hedge": ("beta",)})
    assert ZScorePairs.check(ok, ns2) == [
        ("hedge", "indicator 'hedge' has no output 'zscore' (its outputs: beta)")
    ]
