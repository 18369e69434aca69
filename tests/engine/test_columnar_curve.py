"""The backtest's equity curve as spilled columns reads back as the list it replaces."""

from __future__ import annotations

import numpy as np

from runner.portfolio.curve import ColumnarCurve
from runner.portfolio.metrics import combine_curves, compute_metrics


def _fill(curve: ColumnarCurve, plain: list[tuple[int, float]], points: list[tuple[int, float]]):
    for ts, eq in points:
        curve.add(ts, eq)
        if plain and plain[-1][0] == ts:  # the list rule Portfolio.record follows
            plain[-1] = (ts, eq)
        else:
            plain.append((ts, eq))


def test_spilled_blocks_read_back_in_order_with_replacements_across_a_block_edge() -> None:
    curve = ColumnarCurve(spill=4)
    plain: list[tuple[int, float]] = []
    points = [(t, 100.0 + t * 0.5) for t in range(1, 11)]
    points.insert(4, (4, 7.25))  # replaces the point that was just written out
    points.append((10, 1.5))  # replaces the last point, in memory
    _fill(curve, plain, points)
    assert len(curve) == len(plain) == 10
    assert list(curve) == plain
    assert curve[-1] == plain[-1] == (10, 1.5)
    assert curve[3] == (4, 7.25)
    ts, eq = curve.arrays()
    assert ts.tolist() == [p[0] for p in plain]
    assert eq.tolist() == [p[1] for p in plain]
    curve.close()


def test_metrics_of_the_columns_equal_the_metrics_of_the_list() -> None:
    rng = np.random.default_rng(7)
    day = 86_400 * 10**9
    stamps = (np.arange(5000) * 60 * 10**9 + 3 * day).tolist()
    values = (100_000 + np.cumsum(rng.normal(0, 50, 5000))).round(8).tolist()
    curve = ColumnarCurve(spill=1000)
    plain: list[tuple[int, float]] = []
    _fill(curve, plain, list(zip(stamps, values, strict=True)))
    assert compute_metrics([], curve, 100_000.0) == compute_metrics([], plain, 100_000.0)
    other = [(t + 30 * 10**9, v) for t, v in plain[::7]]
    assert combine_curves([(curve, 1e5), (other, 5e4)]) == combine_curves(
        [(plain, 1e5), (other, 5e4)]
    )


def test_the_equity_png_reads_a_spilled_curve_by_its_columns(tmp_path, monkeypatch) -> None:
    """plot_equity takes the columns as they are, not a tuple per point."""
    from runner.plot import equity

    curve = ColumnarCurve(spill=3)
    plain: list[tuple[int, float]] = []
    _fill(curve, plain, [(60_000_000_000 * k, 1000.0 + (k % 5)) for k in range(1, 12)])
    ts, eq = equity.curve_arrays(curve)
    want_ts, want_eq = equity.curve_arrays(plain)
    assert ts.tolist() == want_ts.tolist() and eq.tolist() == want_eq.tolist()

    def no_tuples(self: ColumnarCurve) -> None:
        raise AssertionError("the curve was walked point by point")

    monkeypatch.setattr(ColumnarCurve, "__iter__", no_tuples)
    monkeypatch.setattr(ColumnarCurve, "__getitem__", no_tuples)
    png = tmp_path / "equity.png"
    equity.plot_equity(png, [("bot", curve)], {"bot": []})
    assert png.stat().st_size > 1000


def test_metrics_read_by_blocks_equal_the_whole_curve_across_day_and_block_edges() -> None:
    """Days that end on a block's last point, on its first, and a drawdown's peak in an
    earlier block: every figure equal, float for float, with the list's."""
    from runner.portfolio.metrics import aggregate

    rng = np.random.default_rng(11)
    hour = 3600 * 10**9
    stamps = (np.arange(3000) * hour // 7 + 5 * 86_400 * 10**9).tolist()
    values = (50_000 + np.cumsum(rng.normal(0, 80, 3000))).tolist()
    values[1234] = 90_000.0  # a peak whose drawdown is measured blocks later
    for spill in (1, 2, 7, 64, 5000):
        curve = ColumnarCurve(spill=spill)
        plain: list[tuple[int, float]] = []
        _fill(curve, plain, list(zip(stamps, values, strict=True)))
        assert compute_metrics([], curve, 50_000.0) == compute_metrics([], plain, 50_000.0)
        assert aggregate({"a": ([], curve, 50_000.0)}) == aggregate({"a": ([], plain, 50_000.0)})


def test_an_unsorted_curve_is_still_sorted_before_its_metrics() -> None:
    curve = ColumnarCurve(spill=2)
    plain: list[tuple[int, float]] = []
    _fill(curve, plain, [(5, 100.0), (9, 80.0), (3, 120.0), (7, 90.0), (11, 130.0)])
    assert compute_metrics([], curve, 100.0) == compute_metrics([], plain, 100.0)
    assert compute_metrics([], ColumnarCurve(), 100.0) == compute_metrics([], [], 100.0)
