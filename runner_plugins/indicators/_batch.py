"""Whole-history outputs of the built-in indicators, computed in C by TA-Lib.

A backtest knows every bar before it starts, so an indicator with a TA-Lib definition is
computed once over the whole history and the engine hands its values out bar by bar; live
and paper runs keep the O(1) ``update``. An indicator offers this through
``batch(columns) -> {output: array}``, where ``columns`` maps ``open high low close
volume`` to float64 arrays of the bars it would have been updated with, oldest first.

SMA, EMA, RSI, TR, ROC, MAX and MIN are TA-Lib's and give the very same floats as the
incremental updates. Bollinger Bands, the standard deviation and the z-score replay the
incremental kernel's own sums with numpy (:func:`dispersion_sums`), float for float, since
TA-Lib's sums round differently (1e-11 relative, enough to move a band printed in a
reason). ATR is TA-Lib's, within 2e-15 relative of the incremental value (its smoothing
rounds differently); tests/indicators/test_batch.py holds every output to these bounds.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

Columns = Mapping[str, np.ndarray]


def source_array(source: str, columns: Columns) -> np.ndarray:
    """``source`` of every bar with the arithmetic of ``_common.source_getter`` (IEEE, same
    order), so composite prices are the same floats in both paths."""
    if source == "hl2":
        return (columns["high"] + columns["low"]) / 2.0
    if source == "hlc3":
        return (columns["high"] + columns["low"] + columns["close"]) / 3.0
    if source == "ohlc4":
        return (columns["open"] + columns["high"] + columns["low"] + columns["close"]) / 4.0
    return np.ascontiguousarray(columns[source], dtype=np.float64)


def range_inputs(columns: Columns) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """High, low and close as contiguous float64 arrays (TA-Lib's input type)."""
    return (
        np.ascontiguousarray(columns["high"], dtype=np.float64),
        np.ascontiguousarray(columns["low"], dtype=np.float64),
        np.ascontiguousarray(columns["close"], dtype=np.float64),
    )


def dispersion_sums(x: np.ndarray, period: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pivot and the pivot-shifted sums ``s1``, ``s2`` that the incremental kernel of
    :mod:`.dispersion` holds at each bar (nan before the first full window), float for
    float.

    The kernel adds the newest ``x - pivot`` and drops the oldest, in that order, and
    re-sums the window around the newest price when its ``mass`` test fails. Between two
    re-sums the pivot is fixed, so its sums are one running sum over the interleaved
    drops and adds: ``np.add.accumulate`` adds strictly left to right, which is the
    incremental order. Each stretch is grown until the test fails, then re-summed there.
    """
    n = len(x)
    pivots = np.full(n, np.nan)
    s1s = np.full(n, np.nan)
    s2s = np.full(n, np.nan)
    if n < period:
        return pivots, s1s, s2s
    limit = (4.0 * period + 1e4) * period
    k = period - 1
    while k < n:
        pivot = float(x[k])  # re-sum the window ending at k around its newest price
        d = x[k - period + 1 : k + 1] - pivot
        s1 = float(np.add.accumulate(d)[-1])
        s2 = float(np.add.accumulate(d * d)[-1])
        pivots[k], s1s[k], s2s[k] = pivot, s1, s2
        mass = s2
        start, step, k = k + 1, 512, n
        while start < n:
            end = min(n, start + step)
            d_in = x[start:end] - pivot
            d_out = x[start - period : end - period] - pivot
            a1 = np.empty(2 * len(d_in) + 1)
            a1[0], a1[1::2], a1[2::2] = s1, -d_out, d_in
            a2 = np.empty_like(a1)
            a2[0], a2[1::2], a2[2::2] = s2, -(d_out * d_out), d_in * d_in
            e1 = np.add.accumulate(a1)[2::2]
            e2 = np.add.accumulate(a2)[2::2]
            masses = np.add.accumulate(np.concatenate(([mass], e2)))[1:]
            m = e1 / period
            var = e2 / period - m * m
            failed = np.flatnonzero(masses > limit * var)
            stop = len(e1) if not len(failed) else int(failed[0])
            pivots[start : start + stop] = pivot
            s1s[start : start + stop] = e1[:stop]
            s2s[start : start + stop] = e2[:stop]
            if len(failed):
                k = start + stop  # re-sum at the bar whose test failed
                break
            s1, s2, mass = float(e1[-1]), float(e2[-1]), float(masses[-1])
            start, step = end, step * 2
    return pivots, s1s, s2s
