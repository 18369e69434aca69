"""Performance metrics of closed trades and an equity curve.

Conventions, chosen once so that every report reads the same:

* Money is in dollars. ``win_rate`` is a fraction (0.55); ``max_drawdown_pct`` and
  ``return_pct`` are percents (12.5 means 12.5 %).
* A trade wins when its net ``pnl`` (after commission) is above zero and loses when it is
  below; a trade of exactly zero is neither but counts in ``trades``.
* ``profit_factor`` is gross profit over gross loss. With no losing trade it is infinite
  in :class:`Metrics` and ``null`` in :meth:`Metrics.to_dict` (JSON has no infinity and a
  large sentinel would read as a real number); with no trades at all it is 0.
* Drawdowns are measured against the running peak of the equity curve, starting from the
  capital: dollars and percent are each the worst over the curve (they may occur at
  different points).
* A trade is what the bot held at once (:func:`group_spreads`): a pair bot's two legs,
  opened and closed together, are one trade with the PnL of both; ``legs`` counts the
  round trips per symbol beneath them. For a bot of one instrument the two are equal.
* Sharpe uses daily returns: the last equity of each UTC calendar day present in the curve,
  the first day measured against the capital; ``mean / stdev (ddof=1) * sqrt(252)``, no
  risk-free rate. It is 0 with no variation. An annualised figure from a handful of days
  is noise that reads like a verdict (two days gave -11.22 and 55.59), so it is reported
  only from ``MIN_DAILY_RETURNS`` daily returns on: below that it is None (null in JSON,
  ``n/a`` in tables) and ``not_reported`` says why.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, overload

import numpy as np

from runner.portfolio.curve import ColumnarCurve, CurveArrays
from runner.portfolio.trades import group_spreads

DAY_NS = 86_400 * 1_000_000_000
TRADING_DAYS = 252
MIN_DAILY_RETURNS = 20
"""Fewest daily returns an annualised figure (Sharpe) is reported from."""
ANNUALISED = ("sharpe",)


class _TradeLike(Protocol):
    # read-only, so that frozen dataclasses such as ClosedTrade match
    @property
    def pnl(self) -> float: ...
    @property
    def commission(self) -> float: ...
    @property
    def exit_ts(self) -> int: ...


EquityCurve = Sequence[tuple[int, float]]


@dataclass(frozen=True)
class Metrics:
    trades: int = 0
    wins: int = 0
    losses: int = 0
    total_pnl: float = 0.0  # net of commission, closed trades
    gross_profit: float = 0.0  # sum of winning trades' pnl
    gross_loss: float = 0.0  # sum of losing trades' pnl (<= 0)
    win_rate: float = 0.0  # fraction of trades
    profit_factor: float = 0.0  # inf when there is no losing trade
    expectancy: float = 0.0  # mean pnl per trade
    avg_win: float = 0.0
    avg_loss: float = 0.0  # <= 0
    largest_win: float = 0.0
    largest_loss: float = 0.0  # <= 0
    commission: float = 0.0  # paid on closed trades
    max_drawdown: float = 0.0  # dollars, >= 0
    max_drawdown_pct: float = 0.0  # percent of the peak, >= 0
    sharpe: float | None = 0.0  # None: too few daily returns (see not_reported)
    capital: float = 0.0
    end_equity: float = 0.0
    return_pct: float = 0.0  # percent of capital
    days: int = 0  # UTC days in the equity curve
    legs: int = 0  # round trips per symbol (a pair trade has two)
    not_reported: dict[str, str] = field(default_factory=dict)
    """Figures left out (None) and why: ``{"sharpe": "6 daily returns; ..."}``."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: every infinity or NaN becomes None (null)."""
        out = {k: _json_number(v) for k, v in asdict(self).items()}
        out["not_reported"] = dict(self.not_reported)
        return out


def _json_number(v: Any) -> Any:
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    return v


def compute_metrics(
    trades: Iterable[_TradeLike],
    equity_curve: EquityCurve,
    capital: float,
    *,
    min_daily_returns: int = MIN_DAILY_RETURNS,
) -> Metrics:
    legs = list(trades)
    trades = _spreads(legs)
    pnls = [float(t.pnl) for t in trades]
    commission = sum(float(t.commission) for t in trades)
    wins = [p for p in pnls if p > 0]
    losses = [p for p in pnls if p < 0]
    gross_profit = sum(wins)
    gross_loss = sum(losses)
    n = len(pnls)
    if losses:
        profit_factor = gross_profit / -gross_loss
    else:
        profit_factor = math.inf if wins else 0.0
    dd, dd_pct, sharpe, days, last = _curve_figures(equity_curve, capital)
    not_reported: dict[str, str] = {}
    if days < min_daily_returns:
        plural = "" if days == 1 else "s"
        why = f"{days} daily return{plural}, at least {min_daily_returns} needed"
        not_reported = dict.fromkeys(ANNUALISED, why)
    end = float(capital) if last is None else last
    return Metrics(
        trades=n,
        wins=len(wins),
        losses=len(losses),
        total_pnl=sum(pnls),
        gross_profit=gross_profit,
        gross_loss=gross_loss,
        win_rate=len(wins) / n if n else 0.0,
        profit_factor=profit_factor,
        expectancy=sum(pnls) / n if n else 0.0,
        avg_win=gross_profit / len(wins) if wins else 0.0,
        avg_loss=gross_loss / len(losses) if losses else 0.0,
        largest_win=max(wins) if wins else 0.0,
        largest_loss=min(losses) if losses else 0.0,
        commission=commission,
        max_drawdown=dd,
        max_drawdown_pct=dd_pct,
        sharpe=None if not_reported else sharpe,
        capital=float(capital),
        end_equity=end,
        return_pct=(end - capital) / capital * 100.0 if capital else 0.0,
        days=days,
        legs=len(legs),
        not_reported=not_reported,
    )


def _spreads(trades: list[Any]) -> list[Any]:
    """Trades grouped into spreads, bot by bot (see :func:`group_spreads`).

    Records that do not say when they were entered (a summary a caller built itself) are
    taken as one trade each.
    """
    if not all(hasattr(t, "entry_ts") and hasattr(t, "bot") for t in trades):
        return trades
    by_bot: dict[str, list[Any]] = {}
    for t in trades:
        by_bot.setdefault(t.bot, []).append(t)
    spreads = [s for bot_trades in by_bot.values() for s in group_spreads(bot_trades)]
    if len(spreads) == len(trades):
        return trades  # nothing held together: keep the caller's order (and its sums)
    # each spread where its last leg stands in the caller's order
    place = {id(t): i for i, t in enumerate(trades)}
    spreads.sort(key=lambda s: max(place[id(leg)] for leg in s.legs))
    return spreads


def aggregate(
    per_bot: Mapping[str, tuple[Sequence[_TradeLike], EquityCurve, float]],
) -> Metrics:
    """Metrics of several bots traded as one account: trades pooled, equity summed."""
    trades: list[_TradeLike] = []
    for bot_trades, _, _ in per_bot.values():
        trades.extend(bot_trades)
    trades.sort(key=lambda t: t.exit_ts)
    capital = sum(float(c) for _, _, c in per_bot.values())
    curves = [curve for _, curve, _ in per_bot.values()]
    if len(curves) == 1 and isinstance(curves[0], ColumnarCurve):
        # one bot: the account's curve is its own (summed onto 0.0), read a block at a time
        alone = _Alone(curves[0])
        if alone.distinct():
            return compute_metrics(trades, alone, capital)
    curve = CurveArrays(*_combined([(curve, c) for _, curve, c in per_bot.values()]))
    return compute_metrics(trades, curve, capital)


class _Alone(Sequence[tuple[int, float]]):
    """The portfolio curve of a single bot: its points, each equity plus 0.0 as the sum of
    :func:`_combined` makes it, without holding the whole curve."""

    __slots__ = ("_curve",)

    def __init__(self, curve: ColumnarCurve) -> None:
        self._curve = curve

    def distinct(self) -> bool:
        """Stamps strictly rising: :func:`_combined` would give the same points."""
        last = None
        for ts, _ in self._curve.blocks():
            if len(ts) and (
                (last is not None and ts[0] <= last) or bool(np.any(ts[1:] <= ts[:-1]))
            ):
                return False
            if len(ts):
                last = int(ts[-1])
        return True

    def blocks(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for ts, eq in self._curve.blocks():
            yield ts, 0.0 + eq

    def __len__(self) -> int:
        return len(self._curve)

    @overload
    def __getitem__(self, i: int) -> tuple[int, float]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[int, float]]: ...
    def __getitem__(self, i: int | slice) -> tuple[int, float] | list[tuple[int, float]]:
        ts, eq = _arrays(self._curve)
        return CurveArrays(ts, 0.0 + eq)[i]


def combine_curves(curves: Sequence[tuple[EquityCurve, float]]) -> list[tuple[int, float]]:
    """Sum equity curves on the union of their times.

    Each curve is carried forward between its own points, and counts as its capital before
    its first point (a bot that has not started yet still holds its money).
    """
    axis, total = _combined(curves)
    return list(zip(axis.tolist(), total.tolist(), strict=True))


def _combined(curves: Sequence[tuple[EquityCurve, float]]) -> tuple[np.ndarray, np.ndarray]:
    parts = [(_arrays(c), float(cap)) for c, cap in curves]
    stamps = [ts for (ts, _), _ in parts if len(ts)]
    if not stamps:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    if len(stamps) == 1:
        axis = stamps[0]  # sorted, one point per stamp
    else:  # sorted runs: a merge sort and a neighbour test, not a hash of every stamp
        axis = np.sort(np.concatenate(stamps), kind="stable")
        keep = np.empty(len(axis), dtype=bool)
        keep[0] = True
        np.not_equal(axis[1:], axis[:-1], out=keep[1:])
        axis = axis[keep]
    total = np.zeros(len(axis), dtype=np.float64)
    for (ts, eq), cap in parts:
        if not len(ts):
            total += cap
            continue
        idx = np.searchsorted(ts, axis, side="right") - 1
        total += np.where(idx >= 0, eq[np.maximum(idx, 0)], cap)
    return axis, total


def _arrays(curve: EquityCurve) -> tuple[np.ndarray, np.ndarray]:
    if not len(curve):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    if isinstance(curve, ColumnarCurve | CurveArrays):
        ts, eq = curve.arrays()
        return _sorted(ts, eq)
    ts = np.fromiter((p[0] for p in curve), dtype=np.int64, count=len(curve))
    eq = np.fromiter((p[1] for p in curve), dtype=np.float64, count=len(curve))
    return _sorted(ts, eq)


def _sorted(ts: np.ndarray, eq: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if len(ts) > 1 and np.any(ts[1:] < ts[:-1]):
        order = np.argsort(ts, kind="stable")
        ts, eq = ts[order], eq[order]
    return ts, eq


def _curve_figures(
    curve: EquityCurve, capital: float
) -> tuple[float, float, float, int, float | None]:
    """Drawdown (dollars, percent), Sharpe, days and the last equity (None: no points) of
    a curve, read a block at a time when it is held in blocks and in time order."""
    if isinstance(curve, ColumnarCurve | _Alone):
        got = _Scan(capital).run(curve.blocks())
        if got is not None:
            return got
    ts, eq = _arrays(curve)
    dd, dd_pct = _drawdowns(eq, capital)
    sharpe, days = _sharpe(ts, eq, capital)
    return dd, dd_pct, sharpe, days, float(eq[-1]) if len(eq) else None


class _Scan:
    """:func:`_drawdowns` and :func:`_sharpe` over a curve in blocks, float for float: the
    running peak is carried from block to block (a maximum rounds nothing), and a day's
    last equity is taken where the next point falls on another day, in or after the block."""

    __slots__ = ("capital", "closes", "dd", "last", "pct", "peak")

    def __init__(self, capital: float) -> None:
        self.capital = capital
        self.peak = -math.inf
        self.dd = -math.inf
        self.pct = -math.inf
        self.closes: list[np.ndarray] = []
        self.last: tuple[int, int, float] | None = None  # stamp, day, equity

    def run(
        self, blocks: Iterable[tuple[np.ndarray, np.ndarray]]
    ) -> tuple[float, float, float, int, float | None] | None:
        """The figures, or None: the points are out of time order (to be sorted first)."""
        for ts, eq in blocks:
            if not len(ts):
                continue
            if (self.last is not None and ts[0] < self.last[0]) or bool(np.any(ts[1:] < ts[:-1])):
                return None
            self._block(ts, eq)
        if self.last is None:
            return 0.0, 0.0, 0.0, 0, None
        closes = np.concatenate([*self.closes, [self.last[2]]])
        sharpe, days = _daily_sharpe(closes, self.capital)
        return self.dd, self.pct * 100.0, sharpe, days, self.last[2]

    def _block(self, ts: np.ndarray, eq: np.ndarray) -> None:
        peak = np.maximum.accumulate(np.maximum(eq, self.capital))
        np.maximum(peak, self.peak, out=peak)
        dd = peak - eq
        with np.errstate(divide="ignore", invalid="ignore"):
            pct = np.where(peak > 0, dd / peak, 0.0)
        self.peak = float(peak[-1])
        self.dd = float(np.max((self.dd, dd.max())))  # a nan stays, as in one max
        self.pct = float(np.max((self.pct, pct.max())))
        day = ts // DAY_NS
        if self.last is not None and int(day[0]) != self.last[1]:
            self.closes.append(np.array([self.last[2]]))
        self.closes.append(eq[np.flatnonzero(np.diff(day) != 0)])
        self.last = (int(ts[-1]), int(day[-1]), float(eq[-1]))


def _drawdowns(eq: np.ndarray, capital: float) -> tuple[float, float]:
    if not len(eq):
        return 0.0, 0.0
    peak = np.maximum.accumulate(np.maximum(eq, capital))
    dd = peak - eq
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(peak > 0, dd / peak, 0.0)
    return float(dd.max()), float(pct.max()) * 100.0


def _sharpe(ts: np.ndarray, eq: np.ndarray, capital: float) -> tuple[float, int]:
    if not len(eq):
        return 0.0, 0
    day = ts // DAY_NS
    last_of_day = np.flatnonzero(np.diff(day) != 0)
    return _daily_sharpe(np.append(eq[last_of_day], eq[-1]), capital)


def _daily_sharpe(closes: np.ndarray, capital: float) -> tuple[float, int]:
    """Sharpe of the days whose last equities are ``closes``, and how many days."""
    days = len(closes)
    prev = np.concatenate(([float(capital)], closes[:-1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        returns = closes / prev - 1.0
    returns = returns[np.isfinite(returns)]
    if len(returns) < 2:
        return 0.0, days
    sd = float(np.std(returns, ddof=1))
    if not sd > 1e-15:
        return 0.0, days
    return float(np.mean(returns)) / sd * math.sqrt(TRADING_DAYS), days
