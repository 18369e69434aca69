"""A bar file read in blocks keeps its columns in a temporary file and reads them back by
row range as the arrays it would have held."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from runner_plugins.feeds.barfile import BarColumns, read_file
from runner_plugins.feeds.checks import ReadOptions
from runner_plugins.feeds.colstore import InMemory, Stored
from runner_plugins.feeds.replay import BarWindow, bar_window, iter_bars


def test_parts_across_blocks_equal_slices_of_the_whole() -> None:
    rng = np.random.default_rng(3)
    sizes = [5, 1, 17, 3, 9]
    blocks = [(rng.normal(size=n), rng.integers(0, 1000, n)) for n in sizes]
    store = Stored([np.dtype(np.float64), np.dtype(np.int64)])
    for block in blocks:
        store.append(block)
    store.append((np.empty(0), np.empty(0, np.int64)))  # an empty block is no block
    whole = [np.concatenate([b[k] for b in blocks]) for k in range(2)]
    held = InMemory(whole)
    assert len(store) == len(held) == sum(sizes)
    for lo in range(0, len(store) + 1):
        for hi in (lo, lo + 1, lo + 6, lo + 20, len(store) + 3):
            for k in range(2):
                got = store.part(k, lo, hi)
                assert got.dtype == whole[k].dtype
                assert np.array_equal(got, held.part(k, lo, hi))
    assert np.array_equal(store.column(1), whole[1])
    store.close()


def test_search_finds_what_searchsorted_finds_across_blocks() -> None:
    ts = np.array([3, 5, 5, 9, 12, 12, 12, 20, 31, 40, 41], dtype=np.int64)
    store = Stored([np.dtype(np.int64)])
    for lo, hi in [(0, 2), (2, 5), (5, 6), (6, 10), (10, 11)]:  # twins cut by a block edge
        store.append((ts[lo:hi],))
    held = InMemory([ts])
    for value in range(0, 45):
        for side in ("left", "right"):
            want = int(np.searchsorted(ts, value, side=side))
            assert store.search(value, side) == held.search(value, side) == want, (value, side)
    store.close()


def test_a_store_refuses_columns_of_other_lengths() -> None:
    store = Stored([np.dtype(np.float64), np.dtype(np.float64)])
    with pytest.raises(ValueError, match="rows"):
        store.append((np.ones(3), np.ones(4)))
    with pytest.raises(ValueError, match="2 columns"):
        store.append((np.ones(3),))
    store.close()


def _bars(path: Path, n: int) -> Path:
    lines = ["timestamp,open,high,low,close,volume"]
    for i in range(n):
        price = 1300 + (i % 17) * 0.1
        lines.append(
            f"2013-10-07T{i // 60:02d}:{i % 60:02d}:00Z,{price},{price + 0.5},"
            f"{price - 0.5},{price + 0.2},{i}"
        )
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_file_read_in_blocks_gives_the_bars_and_windows_of_one_block(tmp_path: Path) -> None:
    path = _bars(tmp_path / "GC.csv", 600)
    whole = read_file(path, ReadOptions())
    blocks = read_file(path, ReadOptions(), block_bytes=700)  # ~13 rows a block
    assert isinstance(whole, BarColumns) and isinstance(blocks, BarColumns)
    assert np.array_equal(whole.ts, blocks.ts)
    for name in ("open", "high", "low", "close", "volume", "rows"):
        assert np.array_equal(getattr(whole, name), getattr(blocks, name)), name
        assert np.array_equal(whole.part(name, 100, 377), blocks.part(name, 100, 377)), name
    assert blocks.row_of(0) == 2 and blocks.row_of(599) == 601
    minute = 60 * 10**9
    start, end = int(whole.ts[50]), int(whole.ts[500])
    got = [_fields(b) for b in iter_bars(blocks, "GC", minute, start, end)]
    assert got == [_fields(b) for b in iter_bars(whole, "GC", minute, start, end)]
    assert len(got) == 450
    window = BarWindow(blocks, bar_window(blocks, start, end, minute), minute)
    assert window.height == 450
    assert np.array_equal(window["end"], whole.ts[50:500] + minute)
    assert np.array_equal(window["close"], whole.close[50:500])
    assert np.array_equal(window.part("low", 10, 20), whole.low[60:70])
    assert set(window) == {"end", "open", "high", "low", "close", "volume"}


def _fields(bar: object) -> tuple[object, ...]:
    return tuple(
        getattr(bar, f) for f in ("symbol", "ts", "end", "open", "high", "low", "close", "volume")
    )
