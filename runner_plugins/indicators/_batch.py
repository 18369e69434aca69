"""Whole-history outputs of the built-in indicators, computed in C by TA-Lib.

A backtest knows every bar before it starts, so an indicator with a TA-Lib definition is
computed once over the whole history and the engine hands its values out bar by bar; live
and paper runs keep the O(1) ``update``. An indicator offers this through
``batch(columns) -> {output: array}``, where ``columns`` maps ``open high low close
volume`` to float64 arrays of the bars it would have been updated with, oldest first.
A backtest's ``columns`` read a column from the feed's file each time one is asked for,
and :func:`part` reads a range of rows; an indicator may also offer
``batch_blocks(columns)``, the same outputs a block of bars at a time, which the runner
writes out before asking for the next, so no whole-history temporaries are held.

SMA, EMA, RSI, TR, ROC, MAX and MIN are TA-Lib's and give the very same floats as the
incremental updates. Bollinger Bands, the standard deviation and the z-score replay the
incremental kernel's own sums with numpy (:func:`dispersion_blocks`), float for float, since
TA-Lib's sums round differently (1e-11 relative, enough to move a band printed in a
reason). ATR is TA-Lib's, within 2e-15 relative of the incremental value (its smoothing
rounds differently); tests/indicators/test_batch.py holds every output to these bounds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

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


BLOCK = 65_536
"""Rows of output a kernel that works by blocks gives at a time."""


def height(columns: Columns) -> int:
    """How many bars ``columns`` holds, without reading a column when it can say."""
    rows = getattr(columns, "height", None)
    return int(rows) if rows is not None else len(columns["close"])


def part(columns: Columns, name: str, lo: int, hi: int) -> np.ndarray:
    """Rows ``lo:hi`` of a column, read alone when the columns can (a feed's file)."""
    read = getattr(columns, "part", None)
    if read is not None:
        return np.asarray(read(name, lo, hi), dtype=np.float64)
    return np.asarray(columns[name][lo:hi], dtype=np.float64)


def true_range(columns: Columns) -> np.ndarray:
    """Every bar's true range in the incremental kernel's (and TA-Lib TRANGE's) arithmetic,
    nan for the first bar; high, low and close are read a block at a time."""
    n = height(columns)
    out = np.empty(n)
    prev = np.nan
    for lo in range(0, n, BLOCK):
        hi = min(n, lo + BLOCK)
        h, low, c = (part(columns, name, lo, hi) for name in ("high", "low", "close"))
        before = np.empty(hi - lo)
        before[0], before[1:] = prev, c[:-1]
        tr = h - low
        np.maximum(tr, np.abs(before - h), out=tr)
        np.maximum(tr, np.abs(before - low), out=tr)
        out[lo:hi] = tr
        prev = float(c[-1])
    return out


def wilder_atr(tr: np.ndarray, period: int) -> np.ndarray:
    """TA-Lib's ATR of the bars whose true ranges are ``tr`` (the first is ignored and
    overwritten), float for float.

    TA-Lib takes high, low and close; a bar with high ``tr``, low 0 and a previous close of
    0 has the true range ``tr`` exactly, so the three price columns need not be held at
    once (tests/indicators/test_batch.py compares with ``talib.ATR(high, low, close)``).
    """
    import talib

    if len(tr):
        tr[0] = 0.0  # the first bar has none; a nan there would start TA-Lib one bar late
    zeros = np.zeros(len(tr))  # never written: pages the process need not hold
    return talib.ATR(tr, zeros, zeros, period)


def dispersion_blocks(
    x: np.ndarray, period: int, block: int = BLOCK
) -> Iterator[tuple[np.ndarray, ...]]:
    """The pivot and the pivot-shifted sums ``s1``, ``s2`` that the incremental kernel of
    :mod:`.dispersion` holds at each bar (nan before the first full window), float for
    float, ``block`` bars at a time (the last block shorter).

    The kernel adds the newest ``x - pivot`` and drops the oldest, in that order, and
    re-sums the window around the newest price when its ``mass`` test fails. Between two
    re-sums the pivot is fixed, so its sums are one running sum over the interleaved
    drops and adds: ``np.add.accumulate`` adds strictly left to right, which is the
    incremental order, and a stretch cut in pieces, each starting from the sum the one
    before ended with, adds the same numbers in the same order. Each stretch is grown
    until the test fails, then re-summed there.
    """
    out = _Reblocker(block)
    n = len(x)
    if n < period:
        yield from out.pieces(np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan))
        yield from out.rest()
        return
    nan = np.full(period - 1, np.nan)
    yield from out.pieces(nan, nan, nan)
    limit = (4.0 * period + 1e4) * period
    k = period - 1
    while k < n:
        pivot = float(x[k])  # re-sum the window ending at k around its newest price
        d = x[k - period + 1 : k + 1] - pivot
        s1 = float(np.add.accumulate(d)[-1])
        s2 = float(np.add.accumulate(d * d)[-1])
        yield from out.pieces(np.array([pivot]), np.array([s1]), np.array([s2]))
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
            yield from out.pieces(np.full(stop, pivot), e1[:stop], e2[:stop])
            if len(failed):
                k = start + stop  # re-sum at the bar whose test failed
                break
            s1, s2, mass = float(e1[-1]), float(e2[-1]), float(masses[-1])
            start, step = end, min(step * 2, block)
    yield from out.rest()


class _Reblocker:
    """Pieces of rows of a few columns, given out again in blocks of a fixed number."""

    __slots__ = ("_held", "_rows", "block")

    def __init__(self, block: int) -> None:
        self.block = block
        self._held: list[tuple[np.ndarray, ...]] = []
        self._rows = 0

    def pieces(self, *columns: np.ndarray) -> Iterator[tuple[np.ndarray, ...]]:
        """Takes one piece; gives out every block now complete."""
        if len(columns[0]):
            self._held.append(columns)
            self._rows += len(columns[0])
        while self._rows >= self.block:
            joined = self._joined()
            yield tuple(c[: self.block] for c in joined)
            rest = tuple(c[self.block :] for c in joined)
            self._held = [rest] if len(rest[0]) else []
            self._rows = len(rest[0])

    def rest(self) -> Iterator[tuple[np.ndarray, ...]]:
        if self._rows:
            yield self._joined()
            self._held, self._rows = [], 0

    def _joined(self) -> tuple[np.ndarray, ...]:
        held = self._held
        if len(held) == 1:
            return held[0]
        return tuple(np.concatenate(c) for c in zip(*held, strict=True))
