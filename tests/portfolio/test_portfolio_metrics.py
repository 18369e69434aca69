"""Metrics, each checked against a hand computation."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import pytest
from portfolio_helpers import DAY, T0

from runner.portfolio import aggregate, combine_curves, compute_metrics

HOUR = DAY // 24
D0 = (T0 // DAY + 1) * DAY  # a UTC midnight: days in these curves are UTC days


@dataclass
class T:
    pnl: float
    commission: float = 0.0
    exit_ts: int = 0


TRADES = [T(100.0, 5.0), T(-50.0, 5.0), T(200.0, 5.0), T(-25.0, 5.0), T(0.0, 5.0)]
# capital 1000; daily closes 1100 (day 0, after 1010 earlier), 990, 1039.5
CURVE = [
    (D0 + 1 * HOUR, 1010.0),
    (D0 + 2 * HOUR, 1100.0),
    (D0 + DAY + HOUR, 990.0),
    (D0 + 2 * DAY + HOUR, 1039.5),
]


def test_trade_metrics_by_hand():
    m = compute_metrics(TRADES, CURVE, 1000.0)
    assert (m.trades, m.wins, m.losses) == (5, 2, 2)
    assert m.total_pnl == 225.0
    assert (m.gross_profit, m.gross_loss) == (300.0, -75.0)
    assert m.win_rate == 0.4
    assert m.profit_factor == 4.0
    assert m.expectancy == 45.0
    assert (m.avg_win, m.avg_loss) == (150.0, -37.5)
    assert (m.largest_win, m.largest_loss) == (200.0, -50.0)
    assert m.commission == 25.0


def test_curve_metrics_by_hand():
    m = compute_metrics(TRADES, CURVE, 1000.0, min_daily_returns=3)
    # peak 1100, trough 990 after it: 110 dollars, 10 %
    assert m.max_drawdown == pytest.approx(110.0)
    assert m.max_drawdown_pct == pytest.approx(10.0)
    # daily returns +10 %, -10 %, +5 %: mean 1/60, sample variance 13/1200
    expected = (1 / 60) / math.sqrt(13 / 1200) * math.sqrt(252)
    assert m.sharpe == pytest.approx(expected)
    assert m.sharpe == pytest.approx(2.5419, abs=1e-4)
    assert (m.days, m.end_equity, m.capital) == (3, 1039.5, 1000.0)
    assert m.return_pct == pytest.approx(3.95)


def test_drawdown_dollars_and_percent_can_come_from_different_points():
    curve = [(T0, 200.0), (T0 + 1, 150.0), (T0 + 2, 1000.0), (T0 + 3, 900.0)]
    m = compute_metrics([], curve, 100.0)
    assert m.max_drawdown == 100.0  # 1000 -> 900
    assert m.max_drawdown_pct == pytest.approx(25.0)  # 200 -> 150


def test_drawdown_counts_from_the_capital():
    m = compute_metrics([], [(T0, 900.0), (T0 + 1, 950.0)], 1000.0)
    assert (m.max_drawdown, m.max_drawdown_pct) == (100.0, pytest.approx(10.0))


def test_profit_factor_without_losses_is_infinite_and_null_in_json():
    m = compute_metrics([T(10.0), T(20.0)], [], 1000.0)
    assert m.profit_factor == math.inf
    d = m.to_dict()
    assert d["profit_factor"] is None
    json.dumps(d, allow_nan=False)  # raises on any inf or NaN left behind
    assert d["win_rate"] == 1.0 and d["avg_loss"] == 0.0


def test_no_trades_and_no_curve():
    m = compute_metrics([], [], 5000.0)
    assert (m.trades, m.win_rate, m.profit_factor, m.expectancy, m.sharpe) == (
        0,
        0.0,
        0.0,
        0.0,
        None,
    )
    assert m.not_reported == {"sharpe": "0 daily returns, at least 20 needed"}
    assert (m.max_drawdown, m.end_equity, m.return_pct, m.days) == (0.0, 5000.0, 0.0, 0)
    assert compute_metrics([T(-5.0)], [], 1.0).profit_factor == 0.0


def test_sharpe_is_zero_when_undefined():
    one_day = [(D0, 1010.0), (D0 + HOUR, 1020.0)]
    m = compute_metrics([], one_day, 1000.0, min_daily_returns=1)
    assert m.sharpe == 0.0  # a single daily return
    flat = [(T0 + i * DAY, 1000.0) for i in range(25)]
    assert compute_metrics([], flat, 1000.0).sharpe == 0.0  # no variation


def _daily_curve(days: int) -> list[tuple[int, float]]:
    """Equity alternating up and down day by day, so every Sharpe is defined."""
    return [(D0 + i * DAY + HOUR, 1000.0 + (10.0 if i % 2 else -5.0) + i) for i in range(days)]


def test_sharpe_needs_twenty_daily_returns_else_it_is_not_reported_with_the_reason():
    short = compute_metrics([], _daily_curve(19), 1000.0)
    assert short.sharpe is None and short.days == 19
    assert short.not_reported == {"sharpe": "19 daily returns, at least 20 needed"}
    d = short.to_dict()
    assert d["sharpe"] is None
    assert d["not_reported"] == {"sharpe": "19 daily returns, at least 20 needed"}
    json.dumps(d, allow_nan=False)

    enough = compute_metrics([], _daily_curve(20), 1000.0)
    assert enough.not_reported == {} and enough.to_dict()["not_reported"] == {}
    same = compute_metrics([], _daily_curve(20), 1000.0, min_daily_returns=2)
    assert enough.sharpe == same.sharpe and enough.sharpe is not None
    assert enough.sharpe != 0.0


def test_trades_may_be_a_one_shot_iterator():
    m = compute_metrics(iter(TRADES), [], 1000.0)
    assert (m.trades, m.commission) == (5, 25.0)


def test_combine_curves_forward_fills_and_uses_capital_before_the_first_point():
    a = [(T0 + 1, 1010.0), (T0 + 3, 1020.0)]
    b = [(T0 + 2, 490.0), (T0 + 3, 520.0)]
    assert combine_curves([(a, 1000.0), (b, 500.0)]) == [
        (T0 + 1, 1510.0),
        (T0 + 2, 1500.0),
        (T0 + 3, 1540.0),
    ]
    assert combine_curves([(a, 1000.0), ([], 500.0)])[0] == (T0 + 1, 1510.0)
    assert combine_curves([]) == []


def test_aggregate_pools_trades_and_sums_equity():
    a = ([T(10.0, 1.0, exit_ts=T0 + 3)], [(T0 + 1, 1010.0), (T0 + 3, 1020.0)], 1000.0)
    b = ([T(-10.0, 1.0, exit_ts=T0 + 2)], [(T0 + 2, 490.0), (T0 + 3, 520.0)], 500.0)
    m = aggregate({"a": a, "b": b})
    assert (m.trades, m.total_pnl, m.commission, m.profit_factor) == (2, 0.0, 2.0, 1.0)
    assert (m.capital, m.end_equity) == (1500.0, 1540.0)
    assert m.max_drawdown == pytest.approx(10.0)  # 1510 -> 1500
    assert m.max_drawdown_pct == pytest.approx(10.0 / 1510.0 * 100.0)
    assert aggregate({}).trades == 0
