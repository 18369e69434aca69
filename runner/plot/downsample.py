"""Thin a long series to a few points per pixel column without losing a spike.

Drawing every point of a million-bar curve costs seconds and shows nothing more than the
pixels can hold. Keeping, for each column of pixels, the first, lowest, highest and last
point (in their own order) draws the very same picture: every spike and every trough stays,
and the line enters and leaves each column where the full curve does.
"""

from __future__ import annotations

import numpy as np


def column_extremes(values: np.ndarray, columns: int) -> np.ndarray:
    """Indices into ``values`` to draw: first, min, max and last of each of at most
    ``columns`` runs of consecutive points, sorted and without repeats.

    A series of at most ``4 * columns`` points is returned whole. NaNs are passed over by
    the min/max (a column of NaNs keeps its first and last point only).
    """
    if columns < 1:
        raise ValueError(f"columns must be at least 1, got {columns}")
    values = np.asarray(values, dtype=np.float64)
    n = len(values)
    if n <= 4 * columns:
        return np.arange(n, dtype=np.int64)
    starts, ends = column_bounds(n, columns)
    used, width = len(starts), int(ends[0]) + 1
    if np.isnan(np.add.reduce(values)):  # one pass, no temporary: NaN (or inf - inf)
        lows, highs = _nan_extremes(values, starts, ends)
    else:
        full = n // width  # columns of exactly ``width`` points: a view, no copy
        rows = values[: full * width].reshape(full, width)
        lows = np.empty(used, dtype=np.int64)
        highs = np.empty(used, dtype=np.int64)
        lows[:full] = starts[:full] + rows.argmin(axis=1)
        highs[:full] = starts[:full] + rows.argmax(axis=1)
        if full < used:  # the shorter last column
            tail = values[full * width :]
            lows[full] = full * width + int(tail.argmin())
            highs[full] = full * width + int(tail.argmax())
    return np.unique(np.concatenate((starts, lows, highs, ends)))


def column_bounds(n: int, columns: int) -> tuple[np.ndarray, np.ndarray]:
    """First and last index of each column: equal runs of ``ceil(n / columns)`` points,
    the last one shorter (so there may be fewer than ``columns`` of them)."""
    width = -(-n // columns)
    starts = np.arange(-(-n // width), dtype=np.int64) * width
    return starts, np.minimum(starts + width, n) - 1


def _nan_extremes(
    values: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """First index of each column's min and max, NaNs passed over (the start if all NaN)."""
    lo = np.fmin.reduceat(values, starts)
    hi = np.fmax.reduceat(values, starts)
    column_of = np.repeat(np.arange(len(starts)), ends - starts + 1)
    return (
        _first_index(values == lo[column_of], column_of, starts),
        _first_index(values == hi[column_of], column_of, starts),
    )


def _first_index(mask: np.ndarray, column_of: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per column, the first index where ``mask`` holds (the column's start if nowhere)."""
    hits = np.flatnonzero(mask)
    out = starts.copy()
    if not len(hits):
        return out
    cols = column_of[hits]
    first = np.flatnonzero(np.diff(cols, prepend=-1))  # the first hit of each column
    out[cols[first]] = hits[first]
    return out
