"""The equity PNG: the thinned curve keeps every extreme, the axis drops closed hours."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from portfolio_helpers import T0

from runner.model import Side
from runner.plot.axis import day_ticks, positions, union_axis
from runner.plot.downsample import column_bounds, column_extremes
from runner.plot.equity import plot_equity
from runner.portfolio.trades import ClosedTrade

MIN = 60 * 1_000_000_000
DAY = 1440 * MIN


def test_every_column_keeps_its_first_min_max_and_last_point() -> None:
    rng = np.random.default_rng(7)
    values = np.cumsum(rng.normal(size=100_003))
    values[12_345] = 1e6  # a one-bar spike up and one down
    values[77_777] = -1e6
    columns = 300
    keep = column_extremes(values, columns)
    assert np.all(np.diff(keep) > 0)  # sorted, no repeats
    assert len(keep) <= 4 * columns
    starts, ends = column_bounds(len(values), columns)
    assert starts[0] == 0 and ends[-1] == len(values) - 1 and len(starts) <= columns
    assert np.all(starts[1:] == ends[:-1] + 1)  # the columns cover every point once
    kept = set(keep.tolist())
    for lo, hi in zip(starts.tolist(), (ends + 1).tolist(), strict=True):
        chunk = values[lo:hi]
        assert {lo, hi - 1} <= kept
        assert lo + int(np.argmin(chunk)) in kept
        assert lo + int(np.argmax(chunk)) in kept
        drawn = values[[i for i in keep if lo <= i < hi]]
        assert (drawn.min(), drawn.max()) == (chunk.min(), chunk.max())
    assert {12_345, 77_777, 0, len(values) - 1} <= kept


def test_short_series_are_kept_whole_and_nans_are_passed_over() -> None:
    assert column_extremes(np.arange(8.0), 2).tolist() == list(range(8))
    values = np.array([np.nan, 3.0, np.nan, 1.0, 5.0, np.nan, 2.0, 4.0, 0.0, np.nan] * 3)
    # one column of 30: its first and last point, the first 5.0 and the first 0.0
    assert column_extremes(values, 1).tolist() == [0, 4, 8, 29]
    assert column_extremes(np.full(30, np.nan), 1).tolist() == [0, 29]
    with pytest.raises(ValueError, match="columns"):
        column_extremes(values, 0)


def test_the_axis_is_trading_time_with_a_tick_per_day() -> None:
    # two sessions of 5 bars, the second two days later (a weekend between)
    a = np.array([T0 + i * MIN for i in range(5)] + [T0 + 2 * DAY + i * MIN for i in range(5)])
    b = a[::2] + MIN // 2  # another bot's bars between those
    axis = union_axis([a, b])
    assert len(axis) == len(np.unique(np.concatenate([a, b])))
    assert np.all(np.diff(axis) > 0)
    x = positions(axis, a)
    assert x[5] - x[4] <= 3  # two days of closed market take no room on the axis
    assert positions(axis, axis).tolist() == list(range(len(axis)))
    ticks, labels = day_ticks(axis)
    assert len(ticks) == len(labels) >= 1 and ticks[0] == 0


def _trade(start: int, end: int, side: Side) -> ClosedTrade:
    return ClosedTrade("gold", "GCZ3", side, 1, start, end, 1.0, 2.0, 10.0, 1.0, 11.0, 3)


def test_the_png_is_written_from_pairs_or_arrays(tmp_path: Path) -> None:
    ts = np.array([T0 + i * MIN for i in range(50_000)], dtype=np.int64)
    eq = 100_000.0 + np.cumsum(np.sin(np.arange(50_000) / 50.0))
    pairs = list(zip(ts[:500].tolist(), eq[:500].tolist(), strict=True))
    trades = {
        "gold": [
            _trade(int(ts[10]), int(ts[90]), Side.BUY),
            _trade(int(ts[100]), int(ts[200]), Side.SELL),
        ]
    }
    out = tmp_path / "equity.png"
    plot_equity(out, [("gold", (ts, eq)), ("crude", pairs), ("idle", [])], trades)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    empty = tmp_path / "empty.png"
    plot_equity(empty, [])
    assert empty.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
