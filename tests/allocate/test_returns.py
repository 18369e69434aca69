"""Daily returns of several bots on one calendar, from hand-made equity curves."""

from __future__ import annotations

import numpy as np
import pytest

from runner.allocate.returns import daily_returns
from runner.portfolio.curve import ColumnarCurve

DAY = 86_400 * 1_000_000_000


def test_last_equity_of_each_day_against_the_previous_day() -> None:
    a = [(0 * DAY + 10, 101.0), (0 * DAY + 20, 102.0), (1 * DAY + 5, 102.0 * 1.5)]
    b = ColumnarCurve()
    for ts, eq in [(1 * DAY + 1, 210.0), (2 * DAY + 1, 189.0)]:
        b.add(ts, eq)
    r = daily_returns({"a": (a, 100.0), "b": (b, 200.0)})
    assert r.bots == ("a", "b")
    assert r.days.tolist() == [0, 1, 2]
    # a: day 0 ends at 102 (from its capital of 100), day 1 at 153, day 2 holds
    # b: holds its capital on day 0, then 210 (+5 %), then 189 (-10 %)
    assert r.matrix[:, 0] == pytest.approx([0.02, 0.5, 0.0])
    assert r.matrix[:, 1] == pytest.approx([0.0, 0.05, -0.1])
    assert r.count == 3


def test_correlation_of_a_bot_that_never_moved_is_unknown() -> None:
    up_down = [(d * DAY, v) for d, v in enumerate([110.0, 99.0, 108.9, 98.01])]
    mirror = [(d * DAY, v) for d, v in enumerate([90.0, 99.0, 89.1, 98.01])]
    r = daily_returns({"x": (up_down, 100.0), "y": (mirror, 100.0), "z": ([], 100.0)})
    corr = r.correlation()
    assert corr[0, 1] == pytest.approx(-1.0)
    assert corr[0, 0] == 1.0
    assert np.isnan(corr[2]).all() and np.isnan(corr[:, 2]).all()
    assert r.matrix[:, 2].tolist() == [0.0] * 4


def test_a_capital_of_zero_is_refused() -> None:
    with pytest.raises(ValueError, match="bot x: capital 0 is not more than 0"):
        daily_returns({"x": ([(0, 1.0)], 0.0)})
