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

from array import array
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from runner.engine.bars import BarBuilder, BarGrid
from runner.errors import RunnerError

if TYPE_CHECKING:
    from runner.api import Indicator
    from runner.engine.bot import BotRunner
    from runner.model import Bar

_NAMES = ("open", "high", "low", "close", "volume")

BLOCK = 65_536
"""Rows of precomputed values turned into Python objects at a time."""

Update = Callable[["Bar"], object]


class BatchIndicator(Protocol):
    def batch(self, columns: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]: ...


class BatchOutOfStep(RunnerError):
    """The bars of the run are not the bars the indicators were computed over."""

    exit_code = 2


class Columns:
    """One symbol's bars as an indicator sees them (after the bot's own bar building)."""

    __slots__ = ("ends", "prices")

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
        self.ends = np.frombuffer(ends, dtype=np.int64) if ends else np.empty(0, np.int64)
        self.prices = {
            name: np.frombuffer(col, dtype=np.float64) if col else np.empty(0, np.float64)
            for name, col in zip(_NAMES, (o, h, lo, c, v), strict=True)
        }


class Cursor:
    """Hands one symbol's precomputed outputs to its indicators, one bar per ``step``.

    ``step`` is generated for the symbol's exact outputs (one unpacking of a row into the
    indicators' attributes), the way rule expressions are compiled: it runs on every bar.
    """

    __slots__ = ("_arrays", "_next", "i", "rows", "step", "symbol")

    def __init__(
        self,
        symbol: str,
        ends: np.ndarray,
        targets: list[tuple[Any, str, np.ndarray]],
        rest: tuple[Update, ...],
    ) -> None:
        self.symbol = symbol
        self._arrays = [ends] + [values for _, _, values in targets]
        self._next = 0
        self.rows: list[tuple[Any, ...]] = []
        self.i = 0
        env: dict[str, Any] = {"__builtins__": {}, "_c": self, "len": len}
        stores = ["_e"]
        for k, (obj, attr, _) in enumerate(targets):
            env[f"_o{k}"] = obj
            stores.append(f"_o{k}.{attr}")
        lines = [
            "def _step(bar):",
            "    i = _c.i",
            "    rows = _c.rows",
            "    if i == len(rows):",
            "        rows = _c.refill()",
            "        i = 0",
            f"    {', '.join(stores)}, = rows[i]",
            "    _c.i = i + 1",
            "    if _e != bar.end:",
            "        _c.out_of_step(bar, _e)",
        ]
        for k, update in enumerate(rest):
            env[f"_u{k}"] = update
            lines.append(f"    _u{k}(bar)")
        exec(compile("\n".join(lines) + "\n", f"<batch {symbol}>", "exec"), env)
        self.step: Update = env["_step"]

    def refill(self) -> list[tuple[Any, ...]]:
        lo = self._next
        hi = min(lo + BLOCK, len(self._arrays[0]))
        if lo >= hi:
            raise BatchOutOfStep(
                f"{self.symbol}: more bars than the indicators were computed over ({lo}); "
                "the feed replayed different bars the second time"
            )
        self._next = hi
        self.rows = list(zip(*(a[lo:hi].tolist() for a in self._arrays), strict=True))
        self.i = 0
        return self.rows

    def out_of_step(self, bar: Bar, expected: int) -> None:
        raise BatchOutOfStep(
            f"{self.symbol}: a bar ending at {bar.end} arrived where the indicators were "
            f"computed for one ending at {expected}; the feed replayed different bars"
        )


def batched(ind: Indicator) -> BatchIndicator | None:
    return ind if callable(getattr(ind, "batch", None)) else None  # type: ignore[return-value]


def install(
    runners: list[BotRunner], symbols: set[str], history: Callable[[str], Iterable[Bar]]
) -> int:
    """Compute the batch-capable indicators of ``runners`` that read ``symbols`` (bar
    histories; bars built from trades keep their updates) over ``history(symbol)``, and
    point each bot's intake at a cursor instead of their updates; returns how many
    indicators now run from whole-history arrays.

    Bots that read one symbol at one bar size share one pass over its bars.
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
            if cols is None:
                fresh = None
                if grid is not None:
                    fresh = BarBuilder(
                        symbol, BarGrid(grid.size // 10**9, str(grid.tz), grid.anchor_time)
                    )
                cols = cache[key] = Columns(history(symbol), fresh)
            targets: list[tuple[Any, str, np.ndarray]] = []
            rest: list[Update] = []
            for ind in inds:
                b = batched(ind)
                if b is None:
                    rest.append(ind.update)
                    continue
                outputs = b.batch(cols.prices)
                for attr in type(ind).output_names(ind.params):
                    targets.append((ind, attr, outputs[attr]))
                count += 1
            cursor = Cursor(symbol, cols.ends, targets, tuple(rest))
            runner.intake.replace_updates(symbol, (cursor.step,))
    return count
