"""Rolling hedge ratio against a numpy regression over every window."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from indicator_support import PROPERTY, assert_same, es, gold, to_bars

from runner.api.context import BotContext, InstrumentState
from runner.model.instrument import ContractSpec
from runner_plugins.indicators.hedge import DEGENERATE, PERFECT, HedgeRatio

OUTPUTS = ("beta", "alpha", "spread", "zscore")
CONDITIONING = 1e-13
"""The z-score of a near-perfect fit is ill-conditioned: residuals are a difference of
nearly equal numbers, so any method loses precision as 1 - R-squared shrinks (the window
re-computation in numpy about 1e-16 / (1 - R^2), the running sums up to ~4e-14 / (1 - R^2));
the z-score is therefore checked to max(1e-9, CONDITIONING / (1 - R^2)) relative."""


def reference(y: np.ndarray, x: np.ndarray, n: int) -> dict[str, np.ndarray]:
    """Least squares on each window (centred two-pass, numpy), plus the residual z-score."""
    view = np.lib.stride_tricks.sliding_window_view
    xw, yw = view(x, n), view(y, n)
    x0, y0 = xw[:, :1], yw[:, :1]
    xs, ys = xw - x0, yw - y0  # shifting by one value is exact for prices
    xm, ym = xs.mean(axis=1, keepdims=True), ys.mean(axis=1, keepdims=True)
    xc, yc = xs - xm, ys - ym
    sxx = (xc * xc).sum(axis=1)
    degenerate = sxx <= DEGENERATE * (xw * xw).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        beta = (xc * yc).sum(axis=1) / sxx
        alpha = (y0 + ym)[:, 0] - beta * (x0 + xm)[:, 0]
        resid = yc - beta[:, None] * xc
        rss = (resid * resid).sum(axis=1)
        syy = (yc * yc).sum(axis=1)
        perfect = rss <= PERFECT * syy
        zscore = np.where(perfect, 0.0, resid[:, -1] / np.sqrt(rss / n))
    pad = np.full(n - 1, np.nan)
    out = {}
    for name, values in (
        ("beta", beta),
        ("alpha", alpha),
        ("spread", resid[:, -1]),
        ("zscore", zscore),
        ("unexplained", rss / syy),
    ):
        out[name] = np.concatenate([pad, np.where(degenerate, np.nan, values)])
    return out


def assert_matches(got: dict, expected: dict, label: str) -> None:
    for name in ("beta", "alpha", "spread"):
        assert_same(got[name], expected[name], f"{name} {label}")
    z, ez = got["zscore"], expected["zscore"]
    assert np.array_equal(np.isnan(z), np.isnan(ez)), f"zscore {label}: NaN positions differ"
    warm = ~np.isnan(ez)
    with np.errstate(divide="ignore"):
        rel = np.maximum(1e-9, CONDITIONING / expected["unexplained"][warm])
    limit = rel * np.maximum(np.abs(ez[warm]), 1.0)
    bad = np.flatnonzero(np.abs(z[warm] - ez[warm]) > limit)
    assert bad.size == 0, f"zscore {label}: {bad.size} differ, e.g. {z[warm][bad[:3]]}"


def feed_pairs(indicator: HedgeRatio, y: np.ndarray, x: np.ndarray) -> dict[str, np.ndarray]:
    got = {name: np.empty(len(y)) for name in OUTPUTS}
    for i, (yi, xi) in enumerate(zip(y.tolist(), x.tolist(), strict=True)):
        indicator.update_pair(yi, xi)
        for name in OUTPUTS:
            got[name][i] = getattr(indicator, name)
    return got


def pair(seed: int, n: int, beta: float, noise: float, price: float) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    x = price * np.exp(np.cumsum(rng.normal(0.0, 0.002, n)))
    spread = np.zeros(n)
    shocks = rng.normal(0.0, noise * price, n)
    for i in range(1, n):  # a mean-reverting spread, as in a cointegrated pair
        spread[i] = 0.97 * spread[i - 1] + shocks[i]
    y = 0.3 * price + beta * x + spread
    return y, x


@PROPERTY
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2000, 4000),
    lookback=st.sampled_from([3, 4, 10, 60, 390]),
    beta=st.sampled_from([0.5, 1.0, 2.7, -1.3]),
    noise=st.sampled_from([1e-4, 1e-3, 1e-2]),
    price=st.sampled_from([20.0, 1500.0]),
)
def test_random_pairs_match_numpy(seed, n, lookback, beta, noise, price):
    y, x = pair(seed, n, beta, noise, price)
    got = feed_pairs(HedgeRatio(HedgeRatio.Params(x="x", lookback=lookback)), y, x)
    assert_matches(got, reference(y, x, lookback), f"(lookback={lookback})")


def spec(root: str) -> ContractSpec:
    return ContractSpec(root, root, "CME", "USD", 0.25, 50.0, "CMES", "America/Chicago")


def aligned_gold_and_es() -> tuple[list, list]:
    gc, sp = gold(), es()
    common, gi, si = np.intersect1d(gc["ts"], sp["ts"], return_indices=True)
    take = lambda d, idx: {k: v[idx] for k, v in d.items()}  # noqa: E731
    return to_bars(take(gc, gi), "GCZ3"), to_bars(take(sp, si), "ESZ3")


@pytest.mark.parametrize("lookback", [30, 390])
def test_real_gold_against_es_through_the_bot_context(lookback):
    gc_bars, es_bars = aligned_gold_and_es()
    gc = InstrumentState("gc", "GCZ3", spec("GC"), True)
    sp = InstrumentState("es", "ESZ3", spec("ES"), False)
    ctx = BotContext("pairs", {"gc": gc, "es": sp}, {}, 100_000.0, "America/New_York")
    indicator = HedgeRatio(HedgeRatio.Params(instrument="gc", x="es", lookback=lookback))
    indicator.bind(ctx)
    got = {name: np.empty(len(gc_bars)) for name in OUTPUTS}
    for i, (gbar, sbar) in enumerate(zip(gc_bars, es_bars, strict=True)):
        gc.bar = gbar
        sp.bar = sbar  # the engine sets every leg's bar before it updates indicators
        indicator.update(gbar)
        for name in OUTPUTS:
            got[name][i] = getattr(indicator, name)
    y = np.array([b.close for b in gc_bars])
    x = np.array([b.close for b in es_bars])
    assert_matches(got, reference(y, x, lookback), f"(lookback={lookback})")
    assert np.isnan(got["beta"][: lookback - 1]).all()
    assert not np.isnan(got["beta"][lookback - 1])


def test_no_update_before_the_other_leg_has_a_bar():
    gc_bars, _ = aligned_gold_and_es()
    gc = InstrumentState("gc", "GCZ3", spec("GC"), True)
    sp = InstrumentState("es", "ESZ3", spec("ES"), False)
    ctx = BotContext("pairs", {"gc": gc, "es": sp}, {}, 100_000.0, "America/New_York")
    indicator = HedgeRatio(HedgeRatio.Params(x="es", lookback=3))
    indicator.bind(ctx)
    for bar in gc_bars[:5]:
        indicator.update(bar)
    assert np.isnan(indicator.beta)
    assert indicator.update_pair is not None


def test_flat_x_has_no_hedge_ratio_and_exact_fit_has_zero_zscore():
    flat = HedgeRatio(HedgeRatio.Params(x="x", lookback=5))
    for y in (1.0, 2.0, 3.0, 4.0, 5.0, 6.0):
        flat.update_pair(y, 1300.0)
    assert np.isnan(flat.beta) and np.isnan(flat.zscore)

    line = HedgeRatio(HedgeRatio.Params(x="x", lookback=5))
    for x in (10.0, 11.5, 12.0, 14.25, 13.0, 12.5):
        line.update_pair(3.0 + 2.0 * x, x)
    assert line.beta == pytest.approx(2.0, rel=1e-12)
    assert line.alpha == pytest.approx(3.0, rel=1e-9)
    assert line.zscore == 0.0

    still = HedgeRatio(HedgeRatio.Params(x="x", lookback=4))
    for x in (10.0, 11.5, 12.0, 14.25, 13.0, 12.5, 12.75):
        still.update_pair(1300.1, x)  # y did not trade: no deviation to measure
    assert still.beta == 0.0
    assert still.zscore == 0.0


def test_unknown_other_leg_is_a_clear_error():
    gc = InstrumentState("gc", "GCZ3", spec("GC"), True)
    ctx = BotContext("pairs", {"gc": gc}, {}, 100_000.0, "America/New_York")
    indicator = HedgeRatio(HedgeRatio.Params(x="uso", lookback=20))
    with pytest.raises(ValueError, match="'uso' is not an instrument of bot 'pairs'"):
        indicator.bind(ctx)


def test_parameters_are_checked():
    with pytest.raises(ValueError, match="x"):
        HedgeRatio.Params(lookback=20)
    with pytest.raises(ValueError, match="lookback"):
        HedgeRatio.Params(x="es", lookback=2)
