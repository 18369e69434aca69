"""The equity PNG: PnL per bot with its trades marked, and the portfolio with drawdowns.

The data files of a report keep every point; the picture needs only what its pixels can
show, so each line is thinned to the extremes of each pixel column (:mod:`.downsample`)
and drawn against trading time (:mod:`.axis`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from runner.plot.axis import day_ticks, positions, union_axis
from runner.plot.downsample import column_extremes

WIDTH_IN, HEIGHT_IN, DPI = 11.0, 7.0, 110
COLUMNS = int(WIDTH_IN * DPI)
"""Pixel columns across the figure: the resolution the curves are thinned to."""
MAX_MARKED = COLUMNS // 2
"""More trades than this on one bot's line would be a smear of markers: they are left
unmarked (the legend says so); trades.csv lists them all."""


class HasArrays(Protocol):
    """A columnar curve (``ColumnarCurve``, ``CurveArrays``): its columns without a tuple
    per point, so a 5M-point curve is drawn without 5M Python objects."""

    def arrays(self) -> tuple[np.ndarray, np.ndarray]: ...


CurveLike = HasArrays | Sequence[tuple[int, float]] | tuple[np.ndarray, np.ndarray]
"""An equity curve: columnar, (ns, equity) pairs, or two arrays (times, equity)."""


def curve_arrays(curve: CurveLike) -> tuple[np.ndarray, np.ndarray]:
    """Times (int64 ns) and equity (float64) of a curve, in time order."""
    columnar = getattr(curve, "arrays", None)
    if callable(columnar):
        ts, eq = columnar()
        ts, eq = np.asarray(ts, dtype=np.int64), np.asarray(eq, dtype=np.float64)
    elif isinstance(curve, tuple) and len(curve) == 2 and isinstance(curve[0], np.ndarray):
        ts, eq = np.asarray(curve[0], dtype=np.int64), np.asarray(curve[1], dtype=np.float64)
    else:
        assert isinstance(curve, Sequence)
        n = len(curve)
        ts = np.fromiter(map(itemgetter(0), curve), dtype=np.int64, count=n)
        eq = np.fromiter(map(itemgetter(1), curve), dtype=np.float64, count=n)
    if len(ts) > 1 and np.any(ts[1:] < ts[:-1]):
        order = np.argsort(ts, kind="stable")
        ts, eq = ts[order], eq[order]
    return ts, eq


def plot_equity(
    path: Path,
    curves: Sequence[tuple[str, CurveLike]],
    trades: Mapping[str, Iterable[Any]] | None = None,
) -> None:
    """Write the equity PNG of a report.

    ``trades`` (by bot) are marked on their bot's line: a triangle up at a long entry,
    down at a short one, a cross at the exit; a pair's legs are marked once per spread.
    A bot with more than ``MAX_MARKED`` trades is left unmarked.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = [(name, *curve_arrays(c)) for name, c in curves]
    series = [(name, ts, eq - eq[0]) for name, ts, eq in series if len(ts)]
    axis = union_axis([ts for _, ts, _ in series])

    fig, (ax_bots, ax_total) = plt.subplots(
        2,
        1,
        figsize=(WIDTH_IN, HEIGHT_IN),
        sharex=True,
        gridspec_kw={"height_ratios": [2, 1]},
    )
    total = np.zeros(len(axis), dtype=np.float64)
    for name, ts, pnl in series:
        x = positions(axis, ts)
        keep = column_extremes(pnl, COLUMNS)
        bot_trades = list((trades or {}).get(name, ()))
        dense = len(bot_trades) > MAX_MARKED
        label = f"{name} ({len(bot_trades):,} trades, too many to mark)" if dense else name
        (line,) = ax_bots.plot(x[keep], pnl[keep], label=label, linewidth=1)
        if not dense:
            _mark_trades(ax_bots, axis, ts, pnl, bot_trades, line.get_color())
        if len(ts) == len(axis):
            total += pnl
        else:  # carried forward between its own points, flat (0) before the first
            at = np.searchsorted(ts, axis, side="right") - 1
            total += np.where(at >= 0, pnl[np.maximum(at, 0)], 0.0)
    if len(axis):
        _draw_total(ax_total, total)
        ticks, labels = day_ticks(axis)
        ax_total.set_xticks(ticks, labels)
        for t in ticks[1:]:
            ax_bots.axvline(t, color="#dddddd", linewidth=0.5, zorder=0)
            ax_total.axvline(t, color="#dddddd", linewidth=0.5, zorder=0)
        ax_total.set_xlim(0, max(len(axis) - 1, 1))
    ax_bots.set_title("Equity by bot (PnL, $): ▲ long entry, ▼ short entry, × exit")
    ax_bots.axhline(0, color="grey", linewidth=0.5)
    if series:
        ax_bots.legend(fontsize=7, loc="upper left", ncol=2)
    ax_total.set_title("Portfolio PnL ($), drawdowns shaded; trading time only (gaps dropped)")
    ax_total.axhline(0, color="grey", linewidth=0.5)
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    plt.close(fig)


def _draw_total(ax: Any, total: np.ndarray) -> None:
    """The portfolio line, shaded between it and its running peak while below it."""
    peak = np.maximum.accumulate(total)
    np.maximum(peak, 0.0, out=peak)  # the peak starts at the capital (PnL 0)
    # the curve's extremes, and the deepest point below the peak of each column
    keep = np.union1d(column_extremes(total, COLUMNS), column_extremes(total - peak, COLUMNS))
    ax.plot(keep, total[keep], color="black", linewidth=1.2)
    under = total[keep] < peak[keep]
    ax.fill_between(keep, total[keep], peak[keep], where=under, color="tab:red", alpha=0.25, lw=0)


def _mark_trades(
    ax: Any, axis: np.ndarray, ts: np.ndarray, pnl: np.ndarray, trades: Iterable[Any], color: str
) -> None:
    from runner.portfolio.trades import group_spreads

    legs = list(trades)
    if not legs or not len(ts):
        return
    # one symbol: each trade is its own spread, no need to group thousands of them
    one_symbol = len({t.symbol for t in legs}) == 1
    spreads: Sequence[Any] = legs if one_symbol else group_spreads(legs)
    n = len(spreads)
    entries = np.fromiter((s.entry_ts for s in spreads), dtype=np.int64, count=n)
    exits = np.fromiter((s.exit_ts for s in spreads), dtype=np.int64, count=n)
    longs = np.fromiter((_long(s) for s in spreads), dtype=bool, count=n)

    def value_at(when: np.ndarray) -> np.ndarray:
        at = np.searchsorted(ts, when, side="right") - 1
        return np.where(at >= 0, pnl[np.maximum(at, 0)], 0.0)

    ex, ey = positions(axis, entries), value_at(entries)
    style = {"s": 18, "zorder": 3, "linewidths": 0.6}
    ax.scatter(ex[longs], ey[longs], marker="^", color="tab:green", **style)
    ax.scatter(ex[~longs], ey[~longs], marker="v", color="tab:red", **style)
    ax.scatter(positions(axis, exits), value_at(exits), marker="x", color=color, **style)


def _long(trade: Any) -> bool:
    """A spread's side is a word; a single trade's is a :class:`Side` (+1 long, -1 short)."""
    side = trade.side
    return side == "long" if isinstance(side, str) else int(side) > 0
