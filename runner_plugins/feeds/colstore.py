"""Numeric columns of a data file held in memory or in a temporary file.

A backtest of 5M one-minute bars would hold 280 MB of parsed columns for its whole run
(start, OHLC, volume and row number: 56 bytes a bar), although the replay turns 4,096 of
them into bars at a time and each whole-history indicator reads one price column. A file
read in more than one block keeps its columns in a :class:`Stored` instead: written a
block at a time as the file is parsed, read back by row range, and searched by its first
column (the start times) one block at a time.

The file is a ``tempfile.TemporaryFile``: it has no name on POSIX systems (it is unlinked
when made), so nothing is left behind whatever ends the process, and it is deleted when
its last holder lets go of it elsewhere.
"""

from __future__ import annotations

import tempfile
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any, Literal

from runner.api.lazy import lazy_import

if TYPE_CHECKING:
    import numpy as np
else:  # imported when a file is read, not when the feed is listed or validated
    np = lazy_import("numpy")


class Held:
    """Columns of equal length by position; ``part(k, lo, hi)`` is rows ``lo:hi`` of column
    ``k`` as an array the caller may keep."""

    dtypes: tuple[np.dtype[Any], ...]

    def __len__(self) -> int:
        raise NotImplementedError

    def part(self, k: int, lo: int, hi: int) -> np.ndarray:
        raise NotImplementedError

    def column(self, k: int) -> np.ndarray:
        return self.part(k, 0, len(self))

    def search(self, value: int | float, side: Literal["left", "right"]) -> int:
        """Where ``value`` would go in column 0, which is sorted (``np.searchsorted``)."""
        raise NotImplementedError


class InMemory(Held):
    """Columns already in memory (a file read in one block, sorted, or resampled)."""

    __slots__ = ("_columns", "dtypes")

    def __init__(self, columns: Sequence[np.ndarray]) -> None:
        self._columns = list(columns)
        self.dtypes = tuple(c.dtype for c in self._columns)

    def __len__(self) -> int:
        return len(self._columns[0]) if self._columns else 0

    def part(self, k: int, lo: int, hi: int) -> np.ndarray:
        return self._columns[k][lo:hi]

    def search(self, value: int | float, side: Literal["left", "right"]) -> int:
        return int(np.searchsorted(self._columns[0], value, side=side))


class Stored(Held):
    """Columns appended a block of rows at a time to a temporary file.

    Each block is written column after column; ``part`` reads from every block the range
    overlaps straight into the array it returns.
    """

    __slots__ = ("_file", "_firsts", "_lock", "_n", "_offsets", "_starts", "dtypes")

    def __init__(self, dtypes: Sequence[np.dtype[Any]]) -> None:
        self.dtypes = tuple(np.dtype(d) for d in dtypes)
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="runner-feed-")
        self._lock = threading.Lock()  # a read is a seek and a read: one reader at a time
        self._starts: list[int] = []  # first row of each block
        self._offsets: list[int] = []  # where each block begins in the file
        self._firsts: list[int | float] = []  # each block's first value of column 0
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def append(self, columns: Sequence[np.ndarray]) -> None:
        """One block: a column per dtype, all of one length."""
        if len(columns) != len(self.dtypes):
            raise ValueError(f"{len(self.dtypes)} columns expected, got {len(columns)}")
        rows = len(columns[0])
        for col in columns:
            if len(col) != rows:
                raise ValueError(f"columns of {rows} and {len(col)} rows")
        if not rows:
            return
        with self._lock:
            self._append(columns, rows)

    def _append(self, columns: Sequence[np.ndarray], rows: int) -> None:
        f = self._file
        f.seek(0, 2)
        self._starts.append(self._n)
        self._offsets.append(f.tell())
        self._firsts.append(columns[0][0].item())
        for col, dtype in zip(columns, self.dtypes, strict=True):
            f.write(np.ascontiguousarray(col, dtype=dtype).data)
        self._n += rows

    def part(self, k: int, lo: int, hi: int) -> np.ndarray:
        lo, hi = max(0, lo), min(hi, self._n)
        dtype = self.dtypes[k]
        out = np.empty(max(0, hi - lo), dtype=dtype)
        if hi <= lo:
            return out
        with self._lock:
            self._read(k, lo, out)
        return out

    def _read(self, k: int, lo: int, out: np.ndarray) -> None:
        dtype = self.dtypes[k]
        f = self._file
        f.flush()
        starts, offsets = self._starts, self._offsets
        b = bisect_right(starts, lo) - 1
        done = 0
        while done < len(out):
            first = starts[b]
            rows = (starts[b + 1] if b + 1 < len(starts) else self._n) - first
            skip = sum(d.itemsize for d in self.dtypes[:k]) * rows
            at = lo + done - first  # row within the block
            take = min(rows - at, len(out) - done)
            f.seek(offsets[b] + skip + at * dtype.itemsize)
            view = memoryview(out[done : done + take]).cast("B")  # type: ignore[arg-type]
            got = f.readinto(view)  # type: ignore[attr-defined]
            if got != len(view):
                raise OSError(f"the feed's column file is short: read {got} of {len(view)} bytes")
            done += take
            b += 1

    def search(self, value: int | float, side: Literal["left", "right"]) -> int:
        """Reads one block of column 0: the one the blocks' first values point to."""
        find = bisect_left if side == "left" else bisect_right
        b = find(self._firsts, value) - 1
        if b < 0:
            return 0
        first = self._starts[b]
        end = self._starts[b + 1] if b + 1 < len(self._starts) else self._n
        return first + int(np.searchsorted(self.part(0, first, end), value, side=side))

    def close(self) -> None:
        self._file.close()
