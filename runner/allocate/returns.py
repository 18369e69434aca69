"""Daily returns of several bots on one calendar, from their equity curves.

Days are UTC calendar days, and a day's value is the last equity of that day, as in the
project's Sharpe (runner.portfolio.metrics): the first day is measured against the bot's
capital. Bots are put on the union of their days; a bot with no point on a day holds its
last equity (its return that day is 0), and before its first point it holds its capital.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from runner.portfolio.curve import ColumnarCurve, CurveArrays
from runner.portfolio.metrics import DAY_NS

TRADING_DAYS = 252


@dataclass(frozen=True, slots=True)
class DailyReturns:
    """One column of daily returns per bot, on a shared list of days."""

    bots: tuple[str, ...]
    days: np.ndarray  # int64 UTC day numbers (days since 1970-01-01), ascending
    matrix: np.ndarray  # float64, shape (len(days), len(bots))

    @property
    def count(self) -> int:
        """Daily returns each bot has (the same for every bot)."""
        return int(self.matrix.shape[0])

    def correlation(self) -> np.ndarray:
        """Pearson correlation of the bots' daily returns; NaN where a bot never moved."""
        n = len(self.bots)
        if self.count < 2:
            return np.full((n, n), np.nan)
        sd = self.matrix.std(axis=0, ddof=1)
        cov = np.cov(self.matrix, rowvar=False, ddof=1).reshape(n, n)
        with np.errstate(divide="ignore", invalid="ignore"):
            corr = cov / np.outer(sd, sd)
        moved = sd > 0
        corr[~moved, :] = np.nan
        corr[:, ~moved] = np.nan
        for i in range(n):
            if moved[i]:
                corr[i, i] = 1.0
        return corr


def _points(curve: Sequence[tuple[int, float]]) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(curve, ColumnarCurve | CurveArrays):
        ts, eq = curve.arrays()
    else:
        ts = np.fromiter((p[0] for p in curve), dtype=np.int64, count=len(curve))
        eq = np.fromiter((p[1] for p in curve), dtype=np.float64, count=len(curve))
    if len(ts) > 1 and np.any(ts[1:] < ts[:-1]):
        order = np.argsort(ts, kind="stable")
        ts, eq = ts[order], eq[order]
    return ts, eq


def _day_closes(ts: np.ndarray, eq: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each UTC day present in the curve and the last equity of that day."""
    day = ts // DAY_NS
    last = np.append(np.flatnonzero(np.diff(day) != 0), len(day) - 1)
    return day[last], eq[last]


def daily_returns(curves: dict[str, tuple[Sequence[tuple[int, float]], float]]) -> DailyReturns:
    """Daily returns of each bot from ``{bot: (equity curve, capital)}``.

    A bot whose curve is empty holds its capital every day (returns of 0).
    """
    if not curves:
        raise ValueError("no bots to take daily returns of")
    closes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for bot, (curve, capital) in curves.items():
        if not capital > 0:
            raise ValueError(f"bot {bot}: capital {capital:g} is not more than 0")
        closes[bot] = _day_closes(*_points(curve)) if len(curve) else (np.empty(0, np.int64),) * 2
    known = [d for d, _ in closes.values() if len(d)]
    days = np.unique(np.concatenate(known)) if known else np.empty(0, np.int64)
    columns = []
    for bot, (_, capital) in curves.items():
        d, value = closes[bot]
        if len(d):
            idx = np.searchsorted(d, days, side="right") - 1
            level = np.where(idx >= 0, value[np.maximum(idx, 0)], float(capital))
        else:
            level = np.full(len(days), float(capital))
        prev = np.concatenate(([float(capital)], level[:-1]))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(prev > 0, level / prev - 1.0, 0.0)
        columns.append(r)
    matrix = np.column_stack(columns) if columns and len(days) else np.empty((0, len(curves)))
    return DailyReturns(tuple(curves), days.astype(np.int64), matrix.astype(np.float64))


def annual_volatility(returns: np.ndarray) -> np.ndarray:
    """Each column's standard deviation (ddof=1), annualised by sqrt(252)."""
    if returns.shape[0] < 2:
        return np.full(returns.shape[1], np.nan)
    return np.asarray(returns.std(axis=0, ddof=1) * np.sqrt(TRADING_DAYS))
