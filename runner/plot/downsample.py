"""Thin a long series to a few points per pixel column without losing a spike.

Drawing every point of a million-bar curve costs seconds and shows nothing more than the
pixels can hold. Keeping, for each column of pixels, the first, lowest, highest and last
point (in their own order) draws the very same picture: every spike and every trough stays,
and the line enters and leaves each column where the full curve does.
"""

from __future__ import annotations

import numpy as np


def column_extremes(values: np.ndarray, columns: int) -> np.ndarray:
    """Indices into ``values`` to draw: first, min, max and last of each of ``columns``
    equal runs of consecutive points, sorted and without repeats.

    A series of at most ``4 * columns`` points is returned whole. NaNs are skipped by the
    min/max (a column of NaNs keeps its first and last point only).
    """
    n = len(values)
    if columns < 1:
        raise ValueError(f"columns must be at least 1, got {columns}")
    if n <= 4 * columns:
        return np.arange(n, dtype=np.int64)
    starts = (np.arange(columns, dtype=np.int64) * n) // columns
    ends = np.append(starts[1:], n) - 1
    values = np.asarray(values, dtype=np.float64)
    lo = np.fmin.reduceat(values, starts)  # fmin/fmax pass over NaNs
    hi = np.fmax.reduceat(values, starts)
    column_of = np.repeat(np.arange(columns), ends - starts + 1)
    first_hit = _first_index(values == lo[column_of], column_of, starts, ends)
    first_top = _first_index(values == hi[column_of], column_of, starts, ends)
    picked = np.concatenate((starts, first_hit, first_top, ends))
    return np.unique(picked)


def _first_index(
    mask: np.ndarray, column_of: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    """Per column, the first index where ``mask`` holds (the column's start if nowhere)."""
    hits = np.flatnonzero(mask)
    out = starts.copy()
    if not len(hits):
        return out
    cols = column_of[hits]
    first = np.flatnonzero(np.diff(cols, prepend=-1))  # the first hit of each column
    out[cols[first]] = hits[first]
    return np.minimum(out, ends)
