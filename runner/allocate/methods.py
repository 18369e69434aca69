"""Weights of capital across bots from their daily returns, by a stated method.

Every method returns weights that sum to 1, each at least :data:`MIN_WEIGHT` (a bot's
``risk.allocation`` must be more than 0: a bot the method would starve keeps a token share,
and the output says so). A bot whose returns never moved (no trades in the period) has no
measured risk for a risk-based method to weigh: it gets :data:`MIN_WEIGHT` and the others
share the rest.

* ``equal``: 1/n each.
* ``inverse_vol``: proportional to 1/sigma of each bot's daily returns.
* ``risk_parity``: each bot contributes the same share of the portfolio's variance
  (``w_i (Cov w)_i`` equal for all), solved by cyclical coordinate descent on the convex
  problem ``min 1/2 y'Cov y - sum(b_i ln y_i)`` (Griveau-Billion, Richard and Roncalli,
  2013), whose solution normalised to sum 1 is the equal-risk-contribution portfolio.
* ``max_sharpe``: the weights of highest in-sample Sharpe (mean over standard deviation of
  the portfolio's daily return, no risk-free rate), each at most ``cap``; solved with
  scipy's SLSQP from several starts, never returning less than equal weight achieves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

METHODS = ("equal", "inverse_vol", "risk_parity", "max_sharpe")
MIN_WEIGHT = 0.01
"""Smallest weight proposed: ``risk.allocation`` is more than 0."""
STILL = 1e-12
"""A standard deviation of daily returns at or below this is a bot that never moved."""
INSTALL_HINT = "pip install 'futures-runner[sweep]'"


class AllocationError(ValueError):
    """Input the methods cannot work with; the message says what to change."""


@dataclass(frozen=True, slots=True)
class Proposal:
    method: str
    weights: np.ndarray
    notes: list[str] = field(default_factory=list)


def require(method: str) -> None:
    """Fail early, before any backtest, when ``method`` needs a library that is missing."""
    if method == "max_sharpe":
        try:
            import scipy.optimize  # type: ignore[import-untyped,unused-ignore]  # noqa: F401
        except ImportError as exc:
            raise AllocationError(f"--method max_sharpe needs scipy: {INSTALL_HINT}") from exc


def check_cap(cap: float, bots: int) -> None:
    """``cap`` is a fraction in (0, 1] that lets ``bots`` weights reach a sum of 1."""
    if not (math.isfinite(cap) and 0 < cap <= 1):
        raise AllocationError(f"--cap {cap:g} is not a fraction more than 0 and at most 1")
    if bots * cap < 1 - 1e-12:
        raise AllocationError(
            f"--cap {cap:g} with {bots} bots cannot add up to the whole capital: "
            f"give a cap of at least {1 / bots:.4g}"
        )
    if cap < MIN_WEIGHT:
        raise AllocationError(f"--cap {cap:g} is below the smallest allocation, {MIN_WEIGHT}")


def propose(method: str, returns: np.ndarray, names: tuple[str, ...], cap: float = 1.0) -> Proposal:
    """Weights for the columns of ``returns`` (rows are days) by ``method``."""
    if method not in METHODS:
        raise AllocationError(f"unknown method {method!r}: use one of {', '.join(METHODS)}")
    n = returns.shape[1]
    if n == 0:
        raise AllocationError("no bots to allocate among")
    if n * MIN_WEIGHT > 1:
        raise AllocationError(
            f"{n} bots: at most {int(1 / MIN_WEIGHT)} can each have {MIN_WEIGHT} or more"
        )
    check_cap(cap, n)
    if method == "equal":
        return Proposal(method, np.full(n, 1.0 / n))
    if returns.shape[0] < 2:
        raise AllocationError(
            f"{method} needs at least 2 daily returns to measure risk; "
            f"the backtest gave {returns.shape[0]}: give a longer --from/--to"
        )
    sd = returns.std(axis=0, ddof=1)
    moving = sd > STILL
    notes = [
        f"{names[i]}: its daily returns never moved (no trades?), so it gets the "
        f"smallest allocation, {MIN_WEIGHT}"
        for i in np.flatnonzero(~moving)
    ]
    if not moving.any():
        notes.append("no bot's returns moved: equal weights")
        return Proposal(method, np.full(n, 1.0 / n), notes)
    budget = 1.0 - MIN_WEIGHT * int((~moving).sum())
    sub = returns[:, moving]
    if method == "inverse_vol":
        part = inverse_vol(sub)
    elif method == "risk_parity":
        part = risk_parity(np.atleast_2d(np.cov(sub, rowvar=False, ddof=1)))
    else:
        if int(moving.sum()) * cap < budget - 1e-12:
            raise AllocationError(
                f"only {int(moving.sum())} of {n} bots' returns moved; capped at --cap {cap:g} "
                "they cannot take the rest of the capital: raise --cap or backtest a period "
                "in which more bots trade"
            )
        part = max_sharpe(sub, cap / budget, MIN_WEIGHT / budget)
    weights = np.full(n, MIN_WEIGHT)
    weights[moving] = part * budget
    return Proposal(method, weights, notes)


def inverse_vol(returns: np.ndarray) -> np.ndarray:
    """Weights proportional to 1/sigma of each column (every column must move)."""
    inv = 1.0 / returns.std(axis=0, ddof=1)
    return np.asarray(inv / inv.sum())


def risk_parity(cov: np.ndarray, tol: float = 1e-13, max_sweeps: int = 100_000) -> np.ndarray:
    """Equal-risk-contribution weights for a covariance matrix with a positive diagonal."""
    n = cov.shape[0]
    if n == 1:
        return np.ones(1)
    diag = np.diag(cov)
    if np.any(diag <= 0):
        raise AllocationError("risk parity needs every bot's variance above 0")
    budget = 1.0 / n
    y = 1.0 / np.sqrt(diag)  # inverse volatility: a start close to the answer
    y /= y.sum()
    for _ in range(max_sweeps):
        before = y.copy()
        for i in range(n):
            # the positive root of cov_ii y_i^2 + c y_i - b = 0, c the other terms of (cov y)_i
            c = float(cov[i] @ y - cov[i, i] * y[i])
            y[i] = (-c + math.sqrt(c * c + 4.0 * cov[i, i] * budget)) / (2.0 * cov[i, i])
        if np.max(np.abs(y - before)) <= tol * np.max(np.abs(y)):
            break
    return np.asarray(y / y.sum())


def risk_contributions(weights: np.ndarray, cov: np.ndarray) -> np.ndarray:
    """Each weight's share of the portfolio variance (they sum to 1)."""
    marginal = cov @ weights
    return np.asarray(weights * marginal / float(weights @ marginal))


def sharpe(weights: np.ndarray, returns: np.ndarray) -> float:
    """Annualised Sharpe of the daily portfolio return ``returns @ weights``."""
    port = returns @ weights
    sd = float(port.std(ddof=1))
    return float(port.mean()) / sd * math.sqrt(252) if sd > STILL else 0.0


def max_sharpe(returns: np.ndarray, cap: float = 1.0, floor: float = 0.0) -> np.ndarray:
    """Weights in [floor, cap] summing to 1 of highest in-sample Sharpe."""
    try:
        from scipy.optimize import minimize  # type: ignore[import-untyped,unused-ignore]
    except ImportError as exc:
        raise AllocationError(f"--method max_sharpe needs scipy: {INSTALL_HINT}") from exc
    n = returns.shape[1]
    cap = min(cap, 1.0)
    mu = returns.mean(axis=0)
    cov = np.atleast_2d(np.cov(returns, rowvar=False, ddof=1))

    def negative(w: np.ndarray) -> float:
        var = float(w @ cov @ w)
        return -float(w @ mu) / math.sqrt(var) if var > 0 else 0.0

    equal = np.full(n, 1.0 / n)
    starts = [equal, _into_bounds(inverse_vol(returns), floor, cap)]
    best = max(range(n), key=lambda i: mu[i] / math.sqrt(cov[i, i]))
    lean = np.full(n, (1.0 - cap) / (n - 1) if n > 1 else 1.0)
    lean[best] = cap if n > 1 else 1.0
    starts.append(_into_bounds(lean, floor, cap))
    chosen, score = equal, negative(equal)
    for start in starts:
        result = minimize(
            negative,
            start,
            method="SLSQP",
            bounds=[(floor, cap)] * n,
            constraints=[{"type": "eq", "fun": lambda w: float(w.sum()) - 1.0}],
            options={"ftol": 1e-12, "maxiter": 500},
        )
        w = _into_bounds(np.asarray(result.x, dtype=np.float64), floor, cap)
        if negative(w) < score - 1e-12:
            chosen, score = w, negative(w)
    return chosen


def _into_bounds(w: np.ndarray, floor: float, cap: float) -> np.ndarray:
    """The nearest weights in [floor, cap] with sum 1, by clipping and spreading the
    remainder over the weights that still have room (a solver ends a hair outside)."""
    w = np.clip(w, floor, cap)
    for _ in range(len(w) + 1):
        gap = 1.0 - float(w.sum())
        if abs(gap) < 1e-15:
            break
        room = (w < cap) if gap > 0 else (w > floor)
        if not room.any():
            break
        w[room] += gap / int(room.sum())
        w = np.clip(w, floor, cap)
    return w
