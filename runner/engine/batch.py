"""Indicator values of a backtest computed over the whole history before the first bar.

A backtest knows its bars in advance. An indicator that offers ``batch(columns)`` (the
built-ins with a TA-Lib definition) is computed once over every bar it will see, in C, and
during the run its outputs are handed to it bar by bar instead of its ``update`` being
called: the decisions still read ``rsi.value`` and ``bb.lower`` from the same objects,
through the same pipeline. Live and paper runs never come here; they keep the O(1)
updates. Indicators without ``batch`` (hedge ratio, VWAP, third-party ones) are updated
as always, after the handed-out values of the same bar.

The values a bar hands out are checked against that bar (its end time), so a feed that
replays different bars the second time fails loudly instead of trading on shifted values.
"""

from __future__ import annotations

import math
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain
from typing import IO, TYPE_CHECKING, Any, Protocol

import numpy as np

from runner.engine.bars import BarBuilder, BarGrid
from runner.errors import RunnerError

if TYPE_CHECKING:
    from runner.api import Indicator
    from runner.engine.bot import BotRunner
    from runner.model import Bar

_NAMES = ("open", "high", "low", "close", "volume")

BLOCK = 16_384
"""Rows of precomputed values turned into Python objects at a time. Fewer rows hold less
while the orders made meanwhile pin what a block used (5M bars: 308 MiB with 65,536, 284
to 296 with this); 4,096 to 65,536 ran ``Engine.run`` at the same speed."""

Update = Callable[["Bar"], object]


class BatchIndicator(Protocol):
    def batch(self, columns: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]: ...


class BatchOutOfStep(RunnerError):
    """The bars of the run are not the bars the indicators were computed over."""

    exit_code = 2


Arrays = Mapping[str, np.ndarray]
"""A history as arrays: ``end`` (int64 ns) and ``open high low close volume``."""


class Columns:
    """One symbol's bars as an indicator sees them (after the bot's own bar building)."""

    __slots__ = ("_arrays", "_ends", "prices")
    _arrays: Arrays | None
    _ends: np.ndarray | None
    prices: Mapping[str, np.ndarray]

    @classmethod
    def of(cls, arrays: Arrays) -> Columns:
        """Bars the feed already holds as arrays (no bar building in between); a column is
        read from ``arrays`` when an indicator asks for it, and not kept."""
        self = cls.__new__(cls)
        self._arrays = arrays
        self._ends = None
        self.prices = _Prices(arrays)
        return self

    @property
    def ends(self) -> np.ndarray:
        if self._ends is not None:
            return self._ends
        assert self._arrays is not None
        return np.asarray(self._arrays["end"], dtype=np.int64)

    def __init__(self, bars: Iterable[Bar], builder: BarBuilder | None) -> None:
        ends = array("q")
        o, h, lo, c, v = array("d"), array("d"), array("d"), array("d"), array("d")
        take_end, take_o, take_h = ends.append, o.append, h.append
        take_l, take_c, take_v = lo.append, c.append, v.append
        for bar in bars:
            for b in (bar,) if builder is None else builder.add_bar(bar):
                take_end(b.end)
                take_o(b.open)
                take_h(b.high)
                take_l(b.low)
                take_c(b.close)
                take_v(b.volume)
        self._arrays = None
        self._ends = np.frombuffer(ends, dtype=np.int64) if ends else np.empty(0, np.int64)
        self.prices = {
            name: np.frombuffer(col, dtype=np.float64) if col else np.empty(0, np.float64)
            for name, col in zip(_NAMES, (o, h, lo, c, v), strict=True)
        }


class _Prices(Mapping[str, np.ndarray]):
    """A feed's price columns as float64, read on each ask (an indicator holds what it
    reads for as long as it computes); ``part`` reads a range of rows when the feed can."""

    __slots__ = ("_arrays",)

    def __init__(self, arrays: Arrays) -> None:
        self._arrays = arrays

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in _NAMES:
            raise KeyError(name)
        return np.asarray(self._arrays[name], dtype=np.float64)

    def __iter__(self) -> Iterator[str]:
        return iter(_NAMES)

    def __len__(self) -> int:
        return len(_NAMES)

    @property
    def height(self) -> int | None:
        return getattr(self._arrays, "height", None)

    def part(self, name: str, lo: int, hi: int) -> np.ndarray:
        read = getattr(self._arrays, "part", None)
        got = read(name, lo, hi) if read is not None else self._arrays[name][lo:hi]
        return np.asarray(got, dtype=np.float64)


class Spilled:
    """Columns of equal length in a temporary file, read back a block of rows at a time.

    A backtest of 5M bars with five indicator outputs would hold 200 MB of them for the
    whole run; written out, a run holds one block (deleted with the object or by ``close``).
    """

    __slots__ = ("_columns", "_file", "_n")

    def __init__(self, first: np.ndarray) -> None:
        self._n = len(first)
        self._file: IO[bytes] | None = tempfile.TemporaryFile(prefix="runner-batch-")
        self._columns: list[tuple[int, np.dtype[Any]]] = []
        self.add(first)

    def add(self, col: np.ndarray) -> None:
        """One more column, written out at once (the caller may let go of it)."""
        f = self._file
        assert f is not None, "write after close"
        if len(col) != self._n:
            raise ValueError(f"columns of {self._n} and {len(col)} rows")
        f.seek(0, 2)
        self._columns.append((f.tell(), col.dtype))
        f.write(np.ascontiguousarray(col).data)
        f.flush()

    def reserve(self) -> int:
        """Room for one more float64 column, filled by ``put``; returns its number."""
        f = self._file
        assert f is not None, "write after close"
        f.seek(0, 2)
        at = f.tell()
        dtype = np.dtype(np.float64)
        f.truncate(at + self._n * dtype.itemsize)
        self._columns.append((at, dtype))
        return len(self._columns) - 1

    def put(self, k: int, lo: int, values: np.ndarray) -> None:
        """Rows ``lo`` on of column ``k`` (made by ``reserve``)."""
        f = self._file
        assert f is not None, "write after close"
        offset, dtype = self._columns[k]
        if lo + len(values) > self._n:
            raise ValueError(f"rows {lo}..{lo + len(values)} of a column of {self._n}")
        f.seek(offset + lo * dtype.itemsize)
        f.write(np.ascontiguousarray(values, dtype=dtype).data)
        f.flush()

    def __len__(self) -> int:
        return self._n

    def rows(self, lo: int, hi: int) -> list[tuple[Any, ...]]:
        """Rows ``lo`` to ``hi`` as tuples of Python numbers."""
        f = self._file
        assert f is not None, "read after close"
        hi = min(hi, self._n)
        cols = []
        for offset, dtype in self._columns:
            f.seek(offset + lo * dtype.itemsize)
            cols.append(np.fromfile(f, dtype=dtype, count=max(0, hi - lo)).tolist())
        return list(zip(*cols, strict=True))

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class Cursor:
    """Hands one symbol's precomputed outputs to its indicators, one bar per ``step``.

    ``step`` is generated for the symbol's exact outputs: one row taken from a C-level
    iterator over blocks of rows, unpacked straight into the indicators' attributes (the
    way rule expressions are compiled): it runs on every bar.
    """

    __slots__ = ("_rows", "_width", "step", "symbol")

    def __init__(
        self,
        symbol: str,
        rows: Spilled,
        targets: list[tuple[Any, str]],
        rest: tuple[Update, ...],
    ) -> None:
        """``rows``: the bars' end times, then one column per target (object, attribute)."""
        self.symbol = symbol
        self._rows = rows
        self._width = len(targets) + 1
        env: dict[str, Any] = {
            "__builtins__": {},
            "_c": self,
            "_next": chain.from_iterable(self._blocks()).__next__,
        }
        stores = ["_e"]
        for k, (obj, attr) in enumerate(targets):
            env[f"_o{k}"] = obj
            stores.append(f"_o{k}.{attr}")
        lines = [
            "def _step(bar):",
            f"    {', '.join(stores)}, = _next()",
            "    if _e != bar.end:",
            "        _c.out_of_step(bar, _e)",
        ]
        for k, update in enumerate(rest):
            env[f"_u{k}"] = update
            lines.append(f"    _u{k}(bar)")
        exec(compile("\n".join(lines) + "\n", f"<batch {symbol}>", "exec"), env)
        self.step: Update = env["_step"]

    def _blocks(self) -> Iterator[list[tuple[Any, ...]]]:
        """Rows in blocks of ``BLOCK``, then rows ending at -1: a bar past the computed
        history meets one and is reported as out of step."""
        rows = self._rows
        for lo in range(0, len(rows), BLOCK):
            yield rows.rows(lo, lo + BLOCK)
        while True:
            yield [(-1,) + (math.nan,) * (self._width - 1)]

    def out_of_step(self, bar: Bar, expected: int) -> None:
        if expected == -1:
            raise BatchOutOfStep(
                f"{self.symbol}: more bars than the indicators were computed over "
                f"({len(self._rows)}); the feed replayed different bars the second time"
            )
        raise BatchOutOfStep(
            f"{self.symbol}: a bar ending at {bar.end} arrived where the indicators were "
            f"computed for one ending at {expected}; the feed replayed different bars"
        )


def batched(ind: Indicator) -> BatchIndicator | None:
    return ind if callable(getattr(ind, "batch", None)) else None  # type: ignore[return-value]


def install(
    runners: list[BotRunner],
    symbols: set[str],
    history: Callable[[str], Iterable[Bar]],
    arrays: Callable[[str], Arrays | None] | None = None,
) -> int:
    """Compute the batch-capable indicators of ``runners`` that read ``symbols`` (bar
    histories; bars built from trades keep their updates) over ``history(symbol)``, and
    point each bot's intake at a cursor instead of their updates; returns how many
    indicators now run from whole-history arrays. The outputs go to a temporary file as
    each bot's are computed (:class:`Spilled`), so no more than one bot's are held.

    Bots that read one symbol at one bar size share one pass over its bars; ``arrays``
    gives a symbol's history without building a ``Bar`` per row, when the feed can.
    """
    cache: dict[tuple[str, Any], Columns] = {}
    count = 0
    for runner in runners:
        builders = runner.intake.builders
        for symbol, inds in runner.indicators.items():
            if symbol not in symbols or not any(batched(i) for i in inds):
                continue
            builder = builders.get(symbol)
            grid = None if builder is None else builder.grid
            key = (symbol, None if grid is None else (grid.size, str(grid.tz), grid.anchor_time))
            cols = cache.get(key)
            if cols is None and arrays is not None and grid is None:
                held = arrays(symbol)
                if held is not None:
                    cols = cache[key] = Columns.of(held)
            if cols is None:
                fresh = None
                if grid is not None:
                    fresh = BarBuilder(
                        symbol, BarGrid(grid.size // 10**9, str(grid.tz), grid.anchor_time)
                    )
                cols = cache[key] = Columns(history(symbol), fresh)
            spilled = Spilled(cols.ends)
            targets: list[tuple[Any, str]] = []
            rest: list[Update] = []
            for ind in inds:
                b = batched(ind)
                if b is None:
                    rest.append(ind.update)
                    continue
                names = type(ind).output_names(ind.params)
                targets.extend((ind, attr) for attr in names)
                count += 1
                blocks = getattr(ind, "batch_blocks", None)
                if callable(blocks):
                    _spill_blocks(spilled, names, blocks(cols.prices), symbol)
                    continue
                outputs = b.batch(cols.prices)
                for attr in names:
                    spilled.add(outputs[attr])
                del outputs
            cursor = Cursor(symbol, spilled, targets, tuple(rest))
            runner.intake.replace_updates(symbol, (cursor.step,))
    return count


def _spill_blocks(
    spilled: Spilled, names: tuple[str, ...], blocks: Iterable[Mapping[str, Any]], symbol: str
) -> None:
    """Outputs given a block of bars at a time, written out as they come."""
    columns = [spilled.reserve() for _ in names]
    lo = 0
    for block in blocks:
        size = len(block[names[0]])
        for k, attr in zip(columns, names, strict=True):
            spilled.put(k, lo, block[attr])
        lo += size
    if lo != len(spilled):
        raise BatchOutOfStep(
            f"{symbol}: an indicator gave {lo} rows of values for {len(spilled)} bars"
        )
