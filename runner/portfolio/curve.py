"""Equity curves as columns (stamps and values) instead of a list of tuples.

A live bot keeps its curve as a plain list (the heartbeat trims it, the journal holds it
all). A backtest of millions of bars cannot: a tuple per bar is about 100 bytes, so its
curve is two typed columns of 8 bytes a point, and past ``spill`` points the columns go to
a file in blocks, leaving memory flat in the number of bars. Metrics read the columns as
numpy arrays; anything else sees a read-only sequence of ``(ts, equity)`` tuples.
"""

from __future__ import annotations

import os
import tempfile
from array import array
from collections import deque
from collections.abc import Iterator, Sequence
from typing import IO, overload

import numpy as np

SPILL = 1 << 16
"""Points kept in memory before a block is written out."""


class CurveArrays(Sequence[tuple[int, float]]):
    """A finished curve held as two numpy arrays (sorted stamps, equity)."""

    __slots__ = ("_eq", "_ts")

    def __init__(self, ts: np.ndarray, eq: np.ndarray) -> None:
        self._ts = ts
        self._eq = eq

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        return self._ts, self._eq

    def __len__(self) -> int:
        return len(self._ts)

    @overload
    def __getitem__(self, i: int) -> tuple[int, float]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[int, float]]: ...
    def __getitem__(self, i: int | slice) -> tuple[int, float] | list[tuple[int, float]]:
        if isinstance(i, slice):
            return list(zip(self._ts[i].tolist(), self._eq[i].tolist(), strict=True))
        return int(self._ts[i]), float(self._eq[i])

    def __iter__(self) -> Iterator[tuple[int, float]]:
        for lo in range(0, len(self._ts), SPILL):
            yield from zip(
                self._ts[lo : lo + SPILL].tolist(), self._eq[lo : lo + SPILL].tolist(), strict=True
            )


class ColumnarCurve(Sequence[tuple[int, float]]):
    """An equity curve that grows by ``add`` at a cost of 16 bytes a point, spilling to a
    temporary file every ``spill`` points (deleted with the object or by ``close``)."""

    __slots__ = ("_eq", "_file", "_last", "_on_disk", "_sizes", "_spill", "_ts")

    def __init__(self, spill: int = SPILL) -> None:
        self._ts = array("q")
        self._eq = array("d")
        self._spill = spill
        self._on_disk = 0  # points written out
        self._sizes: list[int] = []  # points in each block written, in file order
        self._file: IO[bytes] | None = None
        self._last = -(2**63)  # the stamp of the last point

    def add(self, ts: int, equity: float) -> None:
        """Append a point; a second point at the same stamp replaces the first."""
        if ts == self._last:
            if not self._eq:
                self._unspill_last()
            self._eq[-1] = equity
            return
        self._last = ts
        self._ts.append(ts)
        self._eq.append(equity)
        if len(self._eq) >= self._spill:
            self._write()

    def _write(self) -> None:
        f = self._file
        if f is None:
            f = tempfile.TemporaryFile(prefix="runner-equity-")
            self._file = f
        # one block: the stamps then the values, so a block reads back with two reads
        f.seek(0, os.SEEK_END)
        f.write(self._ts.tobytes())
        f.write(self._eq.tobytes())
        self._on_disk += len(self._ts)
        self._sizes.append(len(self._ts))
        self._ts = array("q")
        self._eq = array("d")

    def _unspill_last(self) -> None:
        """The point to replace was just written out: take the last block back."""
        ts, eq = deque(self._written(), maxlen=1)[0]
        assert self._file is not None
        size = len(ts) * 16
        self._file.seek(-size, os.SEEK_END)
        self._file.truncate()
        self._on_disk -= len(ts)
        self._sizes.pop()
        self._ts = array("q", ts.tobytes())
        self._eq = array("d", eq.tobytes())

    def _written(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """The blocks written out, read one at a time (each read seeks: readers may take
        turns)."""
        f = self._file
        if f is None:
            return
        f.flush()
        at = 0
        for n in self._sizes:
            f.seek(at)
            yield np.fromfile(f, dtype=np.int64, count=n), np.fromfile(f, dtype=np.float64, count=n)
            at += n * 16

    def blocks(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Every point as (stamps, equity) arrays a block at a time, oldest first: what
        reads the whole curve holds one block of it."""
        yield from self._written()
        if self._ts:
            yield (
                np.frombuffer(self._ts, np.int64).copy(),
                np.frombuffer(self._eq, np.float64).copy(),
            )

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Every point as (stamps int64, equity float64), oldest first."""
        parts = list(self._written())
        parts.append((np.frombuffer(self._ts, np.int64), np.frombuffer(self._eq, np.float64)))
        ts = np.concatenate([p[0] for p in parts]) if parts else np.empty(0, np.int64)
        eq = np.concatenate([p[1] for p in parts]) if parts else np.empty(0, np.float64)
        return ts, eq

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __len__(self) -> int:
        return self._on_disk + len(self._ts)

    @overload
    def __getitem__(self, i: int) -> tuple[int, float]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[int, float]]: ...
    def __getitem__(self, i: int | slice) -> tuple[int, float] | list[tuple[int, float]]:
        if isinstance(i, int) and self._ts and (i == -1 or i >= self._on_disk):
            j = -1 if i == -1 else i - self._on_disk
            return self._ts[j], self._eq[j]
        return CurveArrays(*self.arrays())[i]

    def __iter__(self) -> Iterator[tuple[int, float]]:
        for ts, eq in self._written():
            yield from zip(ts.tolist(), eq.tolist(), strict=True)
        yield from zip(self._ts, self._eq, strict=True)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]
