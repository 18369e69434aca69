"""Each allocation method on small return series whose answer is worked out by hand."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from runner.allocate.methods import (
    MIN_WEIGHT,
    AllocationError,
    propose,
    risk_contributions,
    risk_parity,
    sharpe,
)

# three zero-mean series, orthogonal to each other: their sample covariance is diagonal
Z = np.array(
    [
        [1, 1, 1],
        [-1, 1, -1],
        [1, -1, -1],
        [-1, -1, 1],
    ],
    dtype=float,
)
NAMES = ("a", "b", "c")


def scaled(scales: tuple[float, ...], means: tuple[float, ...] = (0, 0, 0)) -> np.ndarray:
    return Z * np.array(scales) / 100 + np.array(means)


def test_equal_weight_is_one_over_n() -> None:
    p = propose("equal", scaled((1, 2, 4)), NAMES)
    assert p.weights.tolist() == [1 / 3, 1 / 3, 1 / 3]
    assert p.notes == []


def test_inverse_vol_is_proportional_to_one_over_sigma() -> None:
    # sigmas 1 : 2 : 4, so weights 1 : 1/2 : 1/4 = 4/7, 2/7, 1/7
    p = propose("inverse_vol", scaled((1, 2, 4)), NAMES)
    assert p.weights == pytest.approx([4 / 7, 2 / 7, 1 / 7], abs=1e-12)


def test_risk_parity_of_uncorrelated_bots_is_inverse_vol() -> None:
    p = propose("risk_parity", scaled((1, 2, 4)), NAMES)
    assert p.weights == pytest.approx([4 / 7, 2 / 7, 1 / 7], abs=1e-9)


def test_risk_parity_contributions_are_equal_with_correlation() -> None:
    rng = np.random.default_rng(7)
    base = rng.normal(size=(60, 1))
    returns = np.hstack(
        [
            0.010 * base + 0.004 * rng.normal(size=(60, 1)),
            0.020 * base + 0.010 * rng.normal(size=(60, 1)),
            0.005 * rng.normal(size=(60, 1)),
            -0.008 * base + 0.012 * rng.normal(size=(60, 1)),
        ]
    )
    p = propose("risk_parity", returns, ("a", "b", "c", "d"))
    cov = np.cov(returns, rowvar=False, ddof=1)
    contributions = risk_contributions(p.weights, cov)
    assert contributions == pytest.approx([0.25] * 4, abs=1e-6)
    assert p.weights.sum() == pytest.approx(1.0, abs=1e-12)
    # correlated bots share their risk: the two that move with `base` get less than
    # inverse volatility would give them
    inv = 1 / returns.std(axis=0, ddof=1)
    assert p.weights[0] < inv[0] / inv.sum()


def test_risk_parity_two_bots_by_hand() -> None:
    # two bots: equal contributions whatever the correlation means w1 s1 = w2 s2
    cov = np.array([[4.0, 1.5], [1.5, 1.0]])
    w = risk_parity(cov)
    assert w == pytest.approx([1 / 3, 2 / 3], abs=1e-12)


def test_max_sharpe_uncapped_matches_the_closed_form() -> None:
    # uncorrelated: the tangency weights are proportional to mean / variance
    means = (0.002, 0.001, 0.0005)
    returns = scaled((1, 1, 2), means)
    p = propose("max_sharpe", returns, NAMES)
    # variances 1 : 1 : 4 (times 4/3 10^-4), so mean / variance is 2 : 1 : 0.125 of 3.125
    assert p.weights == pytest.approx([0.64, 0.32, 0.04], abs=1e-5)


def test_max_sharpe_respects_the_cap_and_beats_equal_weight() -> None:
    means = (0.004, 0.001, 0.0005, 0.0002)
    rng = np.random.default_rng(3)
    returns = rng.normal(size=(40, 4)) * 0.01 + np.array(means)
    names = ("a", "b", "c", "d")
    p = propose("max_sharpe", returns, names, cap=0.4)
    assert p.weights.sum() == pytest.approx(1.0, abs=1e-9)
    assert p.weights.max() <= 0.4 + 1e-9
    assert p.weights.min() >= MIN_WEIGHT - 1e-12
    assert p.weights[0] == pytest.approx(0.4, abs=1e-6)  # the best bot hits its cap
    equal = np.full(4, 0.25)
    assert sharpe(p.weights, returns) > sharpe(equal, returns)


def test_a_bot_that_never_moved_gets_the_smallest_weight() -> None:
    returns = scaled((1, 2, 4))
    returns[:, 2] = 0.0
    p = propose("inverse_vol", returns, NAMES)
    budget = 1 - MIN_WEIGHT
    assert p.weights == pytest.approx([budget * 2 / 3, budget / 3, MIN_WEIGHT], abs=1e-12)
    assert p.notes and "c: its daily returns never moved" in p.notes[0]


@pytest.mark.parametrize(
    ("method", "cap", "message"),
    [
        ("kelly", 1.0, "unknown method 'kelly': use one of equal, inverse_vol"),
        ("max_sharpe", 1.5, "--cap 1.5 is not a fraction more than 0 and at most 1"),
        ("max_sharpe", 0.0, "--cap 0 is not a fraction more than 0 and at most 1"),
        ("max_sharpe", float("nan"), "--cap nan is not a fraction"),
        ("max_sharpe", 0.2, "--cap 0.2 with 3 bots cannot add up to the whole capital"),
    ],
)
def test_bad_input_is_a_clear_error(method: str, cap: float, message: str) -> None:
    with pytest.raises(AllocationError) as err:
        propose(method, scaled((1, 2, 4)), NAMES, cap)
    assert message in str(err.value)


def test_one_day_is_too_little_to_measure_risk() -> None:
    with pytest.raises(AllocationError, match="needs at least 2 daily returns"):
        propose("inverse_vol", scaled((1, 2, 4))[:1], NAMES)


def test_max_sharpe_without_scipy_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)
    with pytest.raises(AllocationError) as err:
        propose("max_sharpe", scaled((1, 2, 4), (0.001, 0, 0)), NAMES)
    assert "pip install 'futures-runner[sweep]'" in str(err.value)


def test_max_sharpe_whose_moving_bots_cannot_reach_the_whole_capital() -> None:
    returns = scaled((1, 2, 4), (0.001, 0, 0))
    returns[:, 1:] = 0.0  # only one bot traded
    with pytest.raises(AllocationError, match="only 1 of 3 bots' returns moved"):
        propose("max_sharpe", returns, NAMES, cap=0.5)
    p = propose("max_sharpe", returns, NAMES, cap=1.0)
    assert p.weights == pytest.approx([0.98, 0.01, 0.01])
