"""Replay of bar and tick files: the feed of backtests and of live-paced paper runs.

Files are parsed column-wise once (see :mod:`runner_plugins.feeds.barfile`) and turned
into event objects in a single pass, so a run over a million bars spends its time in the
engine rather than in the reader.
"""

from __future__ import annotations

from itertools import repeat
from pathlib import Path

from runner_plugins.feeds import bundled
from runner_plugins.feeds.barfile import BarColumns, FeedDataError, TickColumns, read_columns
from runner_plugins.feeds.symbols import SUFFIXES, root_of

from runner.engine.events import NS, Bar, Trade

__all__ = ["FeedDataError", "load_bars", "load_ticks", "resolve_source"]


def resolve_source(source: str | Path) -> tuple[Path, str | None]:
    """A file path, or a bundled root/symbol name, to (file, root name when bundled)."""
    path = Path(source)
    if path.is_file():
        return path, None
    text = str(source)
    looks_like_name = "/" not in text and "\\" not in text and not text.lower().endswith(SUFFIXES)
    if looks_like_name and text.strip():
        found = bundled.path_for(text)
        if found is not None:
            return found, _stem(found)
        raise FeedDataError(
            f"no bundled data for {text!r} in {bundled.DATA_DIR} "
            f"(available: {', '.join(available_bundled())})"
        )
    raise FeedDataError(f"{path}: no such file")


def available_bundled() -> list[str]:
    names = set()
    for p in bundled.DATA_DIR.iterdir():
        for suffix in SUFFIXES:
            if p.name.endswith(suffix) and p.is_file():
                names.add(p.name[: -len(suffix)])
    return sorted(names)


def bar_length_ns(columns: BarColumns, bar_seconds: int | None) -> int:
    """Bar length from the caller, else from the file's most common spacing."""
    if bar_seconds is not None:
        if bar_seconds <= 0:
            raise FeedDataError(f"bar_seconds must be positive, got {bar_seconds}")
        return int(bar_seconds) * NS
    spacing = columns.spacing_ns()
    if spacing is None:
        raise FeedDataError(
            f"{columns.path}: cannot infer the bar length from fewer than two bars; "
            "give bar_seconds"
        )
    return spacing


def window(ts: list[int] | object, start: int | None, end: int | None, length: int):
    """Index range of bars with ``ts >= start`` and ``ts + length <= end`` (sorted ``ts``)."""
    import numpy as np

    arr = ts  # numpy array of starts
    lo = 0 if start is None else int(np.searchsorted(arr, start, side="left"))
    hi = len(arr) if end is None else int(np.searchsorted(arr, end - length, side="right"))
    return lo, max(lo, hi)


def bars_from_columns(
    columns: BarColumns,
    symbol: str,
    *,
    start: int | None = None,
    end: int | None = None,
    bar_seconds: int | None = None,
) -> list[Bar]:
    length = bar_length_ns(columns, bar_seconds)
    lo, hi = window(columns.ts, start, end, length)
    ts = columns.ts[lo:hi]
    return list(
        map(
            Bar,
            repeat(symbol, hi - lo),
            ts.tolist(),
            (ts + length).tolist(),
            columns.open[lo:hi].tolist(),
            columns.high[lo:hi].tolist(),
            columns.low[lo:hi].tolist(),
            columns.close[lo:hi].tolist(),
            columns.volume[lo:hi].tolist(),
        )
    )


def load_bars(
    source: str | Path,
    *,
    symbol: str | None = None,
    tz: str | None = None,
    start: int | None = None,
    end: int | None = None,
    bar_seconds: int | None = None,
) -> list[Bar]:
    """Bars of a CSV/Parquet file or of a bundled product ("GC", "GCZ3").

    ``ts`` is the bar start and ``end = ts + bar length`` (``bar_seconds`` or the file's
    most common spacing), both int ns UTC. Naive timestamps are wall-clock in ``tz``
    (default UTC); explicit offsets are honoured. ``start``/``end`` (ns) keep the bars
    that start at or after ``start`` and are complete by ``end``.
    """
    path, root = resolve_source(source)
    columns = read_columns(path, tz or "UTC")
    if isinstance(columns, TickColumns):
        raise FeedDataError(
            f"{path}: holds trades (timestamp, price, size), not bars; use load_ticks"
        )
    name = symbol or root or _stem(path)
    return bars_from_columns(columns, name, start=start, end=end, bar_seconds=bar_seconds)


def load_ticks(
    source: str | Path,
    *,
    symbol: str | None = None,
    tz: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> list[Trade]:
    """Trades of a tick file (timestamp, price, size) with ``start <= ts < end``."""
    import numpy as np

    path, root = resolve_source(source)
    columns = read_columns(path, tz or "UTC")
    if not isinstance(columns, TickColumns):
        raise FeedDataError(f"{path}: holds bars, not trades (timestamp, price, size)")
    name = symbol or root or _stem(path)
    lo = 0 if start is None else int(np.searchsorted(columns.ts, start, side="left"))
    hi = len(columns) if end is None else int(np.searchsorted(columns.ts, end, side="left"))
    hi = max(lo, hi)
    return list(
        map(
            Trade,
            repeat(name, hi - lo),
            columns.ts[lo:hi].tolist(),
            columns.price[lo:hi].tolist(),
            columns.size[lo:hi].tolist(),
        )
    )


def _stem(path: Path) -> str:
    """The product a file is named after: GC.csv.gz -> GC, USO_1d.csv.gz -> USO."""
    name = path.name
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return root_of(name.split("_")[0])
