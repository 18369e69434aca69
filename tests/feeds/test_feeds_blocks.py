"""A file read a few hundred bytes at a time gives what reading it whole gives.

The replay reads files in blocks of megabytes so that memory does not grow with the
file; the checks that compare rows (order, twins, jumps, gaps) and every message's row
number must not notice where a block ended. Each file here holds one fault (or none),
placed so that small blocks cut right through it, and is read with blocks of many sizes:
the columns, the warnings and the error message must equal those of one block.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from runner_plugins.feeds.barfile import BarColumns, TickColumns, read_file
from runner_plugins.feeds.checks import FeedDataError, ReadOptions
from runner_plugins.feeds.csvread import csv_tables

WHOLE = 1 << 30
SIZES = (64, 97, 200, 511, 1024)
HEADER = "timestamp,open,high,low,close,volume\n"


def bar_lines(n: int, start_minute: int = 0) -> list[str]:
    out = []
    for k in range(n):
        m = start_minute + k
        price = 1300 + (k % 7) * 0.25
        out.append(
            f"2013-10-07T{m // 60:02d}:{m % 60:02d}:00Z,{price},{price + 1},{price - 1},"
            f"{price + 0.5},{k % 13}\n"
        )
    return out


def outcome(path: Path, size: int, opts: ReadOptions) -> object:
    """What reading ``path`` in blocks of ``size`` gives: its arrays and warnings, or the
    error message."""
    try:
        cols = read_file(path, opts, block_bytes=size)
    except FeedDataError as exc:
        return ("error", str(exc))
    if isinstance(cols, BarColumns):
        arrays = (cols.ts, cols.open, cols.high, cols.low, cols.close, cols.volume, cols.rows)
    else:
        assert isinstance(cols, TickColumns)
        arrays = (cols.ts, cols.price, cols.size, cols.rows)
    return (type(cols).__name__, [a.tolist() for a in arrays if a is not None], cols.warnings)


def same_in_blocks(
    path: Path, opts: ReadOptions | None = None, sizes: tuple[int, ...] = SIZES
) -> object:
    opts = opts or ReadOptions()
    whole = outcome(path, WHOLE, opts)
    for size in sizes:
        assert outcome(path, size, opts) == whole, f"blocks of {size} bytes"
    return whole


def write(tmp_path: Path, text: str, name: str = "GC.csv") -> Path:
    path = tmp_path / name
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_bytes(text.encode())
    return path


def with_line(k: int, edit: Callable[[str], str], n: int = 40) -> str:
    lines = bar_lines(n)
    lines[k] = edit(lines[k])
    return HEADER + "".join(lines)


def test_a_clean_file_reads_the_same_in_any_blocks(tmp_path: Path) -> None:
    got = same_in_blocks(write(tmp_path, HEADER + "".join(bar_lines(60))))
    assert got[0] == "BarColumns"
    assert len(got[1][0]) == 60  # type: ignore[index]
    assert got[1][-1] == list(range(2, 62))  # type: ignore[index]


def test_a_gzip_file_of_several_members_reads_the_same(tmp_path: Path) -> None:
    text = HEADER + "".join(bar_lines(50))
    path = tmp_path / "GC.csv.gz"
    path.write_bytes(gzip.compress(text[:700].encode()) + gzip.compress(text[700:].encode()))
    got = same_in_blocks(path)
    assert got[0] == "BarColumns"
    assert len(got[1][0]) == 50  # type: ignore[index]


@pytest.mark.parametrize(
    ("k", "edit", "message"),
    [
        (30, lambda s: s.replace(",1300", ",\x01300", 1), "binary byte 0x01"),
        (30, lambda s: s.replace("Z,", "Z,\r", 1), "carriage return"),
        (30, lambda s: s.replace("Z,", "Z,\u200b", 1), "invisible character U+200B"),
        (30, lambda s: "2013-10-07T99:99:00Z" + s[20:], "cannot parse timestamp"),
        (30, lambda s: s.rsplit(",", 1)[0] + "\n", "expected 6 fields like the header, found 5"),
        (30, lambda s: s.rstrip("\n") + ",7\n", "expected 6 fields like the header, found 7"),
        (30, lambda s: s.replace(",1300", ",-1300", 1), "is not above zero"),
        (30, lambda s: s.replace(",1300", ",abc", 1), "not a finite number: 'abc"),
        (30, lambda s: "\n", "empty row"),
        (30, lambda s: s.replace("Z,", 'Z,"', 1), "never closes"),
        (30, lambda s: s.replace("T00:30", "T00:10", 1), "comes before the row above it"),
        (30, lambda s: s.replace("T00:30", "T00:29", 1), "two bars start at"),
    ],
)
def test_a_fault_past_the_first_block_is_named_by_its_row(
    tmp_path: Path, k: int, edit: Callable[[str], str], message: str
) -> None:
    got = same_in_blocks(write(tmp_path, with_line(k, edit)))
    assert got[0] == "error"
    assert message in got[1]  # type: ignore[index]
    assert f"row {k + 2}" in got[1]  # type: ignore[index]


def test_warnings_past_the_first_block_are_the_same(tmp_path: Path) -> None:
    lines = bar_lines(40)
    lines[25] = "2013-10-07T00:25:00Z,13000,13010,12990,13005,1\n"  # a jump, a later block
    text = HEADER.replace("volume", "volume,extra") + "".join(
        line.rstrip("\n") + ",x\n" for line in lines
    )
    got = same_in_blocks(write(tmp_path, text.rstrip("\n")))  # and no line end at the last
    warnings = got[2]  # type: ignore[index]
    assert any("the last row has no line end" in w and "row 41" in w for w in warnings)
    assert any("'extra' are not read" in w for w in warnings)
    assert any("price jump" in w and "first at row 27" in w for w in warnings)


def test_trailing_blank_lines_end_the_file_in_any_blocks(tmp_path: Path) -> None:
    got = same_in_blocks(write(tmp_path, HEADER + "".join(bar_lines(30)) + "\n\n  \n\n"))
    assert got[0] == "BarColumns"


def test_quoted_fields_across_a_cut(tmp_path: Path) -> None:
    lines = [line.replace("Z,", 'Z,"', 1).replace(",13", '",13', 1) for line in bar_lines(30)]
    lines = [f'"{line[:20]}"{line[20:]}' for line in bar_lines(30)]
    got = same_in_blocks(write(tmp_path, HEADER + "".join(lines)))
    assert got[0] == "BarColumns"


def test_the_repeated_dst_hour_cut_by_a_block_is_still_placed(tmp_path: Path) -> None:
    """Naive New York times across the fall-back hour: told apart by their order only."""
    stamps = [f"2013-11-03 00:{m:02d}:00" for m in range(0, 60, 5)]
    stamps += [f"2013-11-03 01:{m:02d}:00" for m in range(0, 60, 5)] * 2
    stamps += [f"2013-11-03 02:{m:02d}:00" for m in range(0, 30, 5)]
    text = HEADER + "".join(f"{s},10,11,9,10.5,1\n" for s in stamps)
    zone = ReadOptions(timezone="America/New_York")
    # the repeated hour (24 rows, 720 bytes) cut into two to four blocks
    got = same_in_blocks(write(tmp_path, text), zone, sizes=(300, 400, 500, 700))
    assert got[0] == "BarColumns"
    ts = np.array(got[1][0])  # type: ignore[index]
    assert (np.diff(ts) == 300 * 10**9).all()


def test_ticks_read_the_same_in_any_blocks(tmp_path: Path) -> None:
    text = "timestamp,price,size\n" + "".join(
        f"2013-10-07T00:00:{k // 3:02d}.{k % 3}Z,{1300 + k % 5},{k % 4}\n" for k in range(90)
    )
    got = same_in_blocks(write(tmp_path, text, "GC.csv.gz"))
    assert got[0] == "TickColumns"
    assert len(got[1][0]) == 90  # type: ignore[index]


def test_blocks_are_cut_at_line_ends_and_number_rows_from_the_header(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "".join(bar_lines(50)))
    tables = list(csv_tables(path, 256))
    assert len(tables) > 3
    rows = np.concatenate([t.rows for t in tables])
    assert rows.tolist() == list(range(2, 52))
    assert all(list(t.frame.columns) == HEADER.strip().split(",") for t in tables)


def test_a_parquet_file_is_read_in_batches(tmp_path: Path) -> None:
    import pandas as pd

    frame = pd.read_csv(write(tmp_path, HEADER + "".join(bar_lines(50))))
    path = tmp_path / "GC.parquet"
    frame.to_parquet(path, row_group_size=7)
    whole = outcome(path, WHOLE, ReadOptions())
    assert outcome(path, 64 * 5, ReadOptions()) == whole  # batches of 5 rows
    assert whole[0] == "BarColumns"  # type: ignore[index]
    assert whole[1][-1] == list(range(1, 51))  # type: ignore[index]


@pytest.mark.parametrize("row", [3, 12, 27, 40])
def test_a_price_jump_as_an_error_names_the_same_row_in_any_blocks(
    tmp_path: Path, row: int
) -> None:
    lines = bar_lines(40)
    lines[row - 2] = f"2013-10-07T00:{row - 2:02d}:00Z,13000,13010,12990,13005,1\n"
    got = same_in_blocks(write(tmp_path, HEADER + "".join(lines)), ReadOptions(on_jump="error"))
    assert got[0] == "error"
    assert f"row {row}: open: price jump: open 13000.0 against the previous close" in got[1]  # type: ignore[index]


def test_sorting_reads_every_block_first(tmp_path: Path) -> None:
    lines = bar_lines(40)
    lines[5], lines[33] = lines[33], lines[5]
    got = same_in_blocks(write(tmp_path, HEADER + "".join(lines)), ReadOptions(sort=True))
    assert got[0] == "BarColumns"
    assert got[1][-1][5] == 35  # type: ignore[index]  # the row the bar came from
