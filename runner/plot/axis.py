"""A time axis without the hours nobody traded.

Futures pause every evening and all weekend; an ETF trades six and a half hours a day.
Plotted against clock time, half a week's chart is flat lines across closed markets. Here
the x of a point is its bar's rank among all bar times of the report, so the chart shows
trading time only, and the ticks name the day each stretch belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np

DAY_NS = 86_400 * 1_000_000_000
MAX_TICKS = 10


def union_axis(stamps: Sequence[np.ndarray]) -> np.ndarray:
    """Every distinct time of the given sorted arrays, sorted.

    A stable sort of concatenated sorted runs merges them in linear time, where
    ``np.unique`` would sort the whole again.
    """
    parts = [s for s in stamps if len(s)]
    if not parts:
        return np.empty(0, dtype=np.int64)
    if len(parts) == 1:
        merged = parts[0]
    else:
        merged = np.sort(np.concatenate(parts), kind="stable")
    if len(merged) > 1:
        keep = np.empty(len(merged), dtype=bool)
        keep[0] = True
        np.not_equal(merged[1:], merged[:-1], out=keep[1:])
        if not keep.all():
            merged = merged[keep]
    return merged


def positions(axis: np.ndarray, ts: np.ndarray) -> np.ndarray:
    """x of each time: its index on ``axis`` (a time between two bars takes the later)."""
    if len(ts) == len(axis) and (len(ts) == 0 or (ts[0] == axis[0] and ts[-1] == axis[-1])):
        return np.arange(len(ts), dtype=np.int64)
    return np.minimum(np.searchsorted(axis, ts, side="left"), max(len(axis) - 1, 0))


def day_ticks(axis: np.ndarray) -> tuple[list[int], list[str]]:
    """Ticks at the first bar of UTC days, at most ``MAX_TICKS`` of them, with labels
    ``10-07`` (``2013-10`` when the report spans more than a year)."""
    if not len(axis):
        return [], []
    day = axis // DAY_NS
    starts = np.flatnonzero(np.diff(day, prepend=day[0] - 1))
    step = max(1, -(-len(starts) // MAX_TICKS))
    gap = len(axis) // (MAX_TICKS * 3)  # a day of a few bars would print over the next
    chosen: list[int] = []
    for i in starts[::step].tolist():
        if chosen and i - chosen[-1] < gap:
            chosen[-1] = i  # the later day, which holds the bars that follow
        else:
            chosen.append(i)
    long_span = int(day[-1] - day[0]) > 366
    fmt = "%Y-%m" if long_span else "%m-%d"
    labels = [datetime.fromtimestamp(int(axis[i]) / 1e9, tz=UTC).strftime(fmt) for i in chosen]
    return chosen, labels
