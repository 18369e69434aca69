"""A CSV or gzip CSV file as a sequence of tables of a few megabytes each.

Reading a 5M-row file whole costs about 240 bytes a row at its peak (the file's bytes, a
frame with a string per timestamp, the parsed columns), which is what kept a backtest's
memory growing with its length. Here the bytes are gunzipped as they are read, cut at line
ends into blocks of about ``block_bytes``, checked as text, and parsed block by block;
the caller turns each block into numeric columns before the next is read.

Messages are those of reading the file whole: every row is named by its line in the file
(the header is row 1), whatever block it fell in. A file with two different faults in two
blocks is refused for the fault in the earlier block.
"""

from __future__ import annotations

import csv
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal

from runner.api.lazy import lazy_import
from runner_plugins.feeds.checks import FeedDataError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:  # imported when a file is read, not when the feed is listed or validated
    np = lazy_import("numpy")
    pd = lazy_import("pandas")

BLOCK_BYTES = 4 << 20
"""Text parsed at a time: about 70,000 one-minute bars, some 20 MB while parsed."""
_READ = 1 << 20  # bytes of the file read at a time

# Bytes no text file holds (tab, CR and LF are text).
_BINARY = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Every number the closest double to its text, as float() reads it (the fuzz test checks
# it): pandas 3 does so by default and deprecates the option, pandas 2 needs round_trip.
_FLOAT_PRECISION: Literal["round_trip"] | None = (
    None if int(version("pandas").split(".")[0]) >= 3 else "round_trip"
)
# Zero-width and direction marks, a byte-order mark past the start: text that looks the same.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# Every byte but those: what ``bytes.translate(None, _TEXT_BYTES)`` leaves is binary.
_TEXT_BYTES = bytes([9, 10, 13, *range(0x20, 0x7F), *range(0x80, 0x100)])
_BARE_CR = re.compile(rb"\r(?!\n)")  # pandas ends a line there, rows would be miscounted
_TOKENIZE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_OPEN_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")
_BLANK = b"\r\n\t "


@dataclass(frozen=True, slots=True)
class Table:
    """A file's raw table (positional index), each row's number, and reading notes."""

    frame: pd.DataFrame
    rows: np.ndarray
    warnings: tuple[str, ...] = ()


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# --------------------------------------------------------------------------- bytes


def _decoded(path: Path, size: int) -> Iterator[bytes]:
    """The file's bytes in pieces, gunzipped (by the magic bytes) as they are read."""
    try:
        f = path.open("rb")
    except OSError as exc:
        raise FeedDataError(f"{path}: cannot read the file: {first_line(exc)}") from exc
    with f:
        try:
            head = f.read(size)
        except OSError as exc:
            raise FeedDataError(f"{path}: cannot read the file: {first_line(exc)}") from exc
        if head[:2] == b"\x1f\x8b":
            yield from _gunzip(path, f, head, size)
        elif path.name.lower().endswith(".gz"):
            raise FeedDataError(f"{path}: the name ends in .gz but the file is not gzip data")
        else:
            while head:
                yield head
                head = f.read(size)


def _gunzip(path: Path, f: IO[bytes], head: bytes, size: int) -> Iterator[bytes]:
    """Every gzip member of the file; a cut or corrupt stream is named with the row it hit
    (corrupt: the row the member began at; cut or trailed by junk: the row reached)."""
    lines = 0  # line ends given out so far
    member_lines = 0  # line ends before the current member
    d = zlib.decompressobj(wbits=31)
    data = head
    while True:
        if not data:
            data = f.read(size)
            if not data:
                if not d.eof:
                    raise FeedDataError(
                        f"{path}: row {lines + 1}: the gzip data ends early: the file was cut short"
                    )
                return
        try:
            out = d.decompress(data)
        except zlib.error as exc:
            raise FeedDataError(
                f"{path}: row {member_lines + 1}: corrupt gzip data ({exc})"
            ) from exc
        data = b""
        if out:
            lines += out.count(b"\n")
            yield out
        if not d.eof:
            continue
        rest = d.unused_data
        while len(rest) < 2:
            more = f.read(size)
            if not more:
                break
            rest += more
        if rest[:2] != b"\x1f\x8b":
            while rest:
                if rest.strip(b"\x00"):
                    raise FeedDataError(
                        f"{path}: row {lines + 1}: bytes after the end of the gzip data"
                    )
                rest = f.read(size)
            return
        d = zlib.decompressobj(wbits=31)
        member_lines = lines
        data = rest


def _lines(path: Path, size: int, block_bytes: int) -> Iterator[tuple[bytes, bool]]:
    """Text cut after a line end, about ``block_bytes`` at a time, and whether it is the
    last piece. A piece never ends inside a quoted field nor before nothing but blank
    lines (those are the file's end, which the last piece sees whole)."""
    buf = b""
    start = True
    for piece in _decoded(path, size):
        buf += piece
        if start:
            if len(buf) < 3:
                continue
            if buf.startswith(b"\xef\xbb\xbf"):
                buf = buf[3:]
            start = False
        while len(buf) >= block_bytes:
            cut = _cut(buf, block_bytes)
            if cut <= 0:
                break
            yield buf[:cut], False
            buf = buf[cut:]
    if start and buf.startswith(b"\xef\xbb\xbf"):
        buf = buf[3:]
    yield buf, True


def _cut(buf: bytes, block_bytes: int) -> int:
    """Where a block of ``buf`` ends: after the last line end within about ``block_bytes``
    that is followed by more than blank lines and closes every quote; 0 when none is."""
    content = len(buf.rstrip(_BLANK))
    end = buf.rfind(b"\n", 0, min(content, block_bytes)) + 1
    if end <= 0:
        end = buf.find(b"\n", block_bytes, content) + 1  # a line longer than a block
    while 0 < end:
        if b'"' not in buf or not buf.count(b'"', 0, end) % 2:
            return end
        end = buf.find(b"\n", end, content) + 1  # a quoted field is open there: go on
    return 0


def _check_text(path: Path, data: bytes, before: int) -> None:
    """UTF-8 text without binary bytes or invisible characters; ``before`` counts the
    file's lines ahead of ``data``."""
    if data.translate(None, _TEXT_BYTES):  # cheap: only control bytes survive the delete
        bad = _BINARY.search(data)
        assert bad is not None
        pos = bad.start()
        raise FeedDataError(
            f"{path}: row {before + _line_of(data, pos)}: binary byte "
            f"0x{data[pos]:02x} at column {_column_of(data, pos)}; "
            "a CSV file holds text only"
        )
    if b"\r" in data:
        bare = _BARE_CR.search(data)
        if bare is not None:
            pos = bare.start()
            raise FeedDataError(
                f"{path}: row {before + _line_of(data, pos)}: a carriage return (\\r) at "
                f"column {_column_of(data, pos)} not followed by a line feed; lines end in "
                "\\n or \\r\\n"
            )
    if data.isascii():
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        pos = exc.start
        raise FeedDataError(
            f"{path}: row {before + _line_of(data, pos)}: byte 0x{data[pos]:02x} at column "
            f"{_column_of(data, pos)} is not UTF-8 text"
        ) from exc
    hidden = _INVISIBLE.search(text)
    if hidden is not None:
        pos = hidden.start()
        line = before + text.count("\n", 0, pos) + 1
        raise FeedDataError(
            f"{path}: row {line}: invisible character U+{ord(text[pos]):04X} at column "
            f"{pos - text.rfind(chr(10), 0, pos)}: it would change a name or number unseen"
        )


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def _column_of(data: bytes, pos: int) -> int:
    return pos - data.rfind(b"\n", 0, pos)


# --------------------------------------------------------------------------- tables


def csv_tables(path: Path, block_bytes: int = BLOCK_BYTES) -> Iterator[Table]:
    """The file's rows, a block at a time, with lower-cased, stripped column names.

    Every block is parsed after the file's header line, so pandas reads its columns, names
    and field counts as in the whole file; the last block carries the reading notes (a
    last row without a line end).
    """
    header: bytes | None = None
    ranged, width = True, 0  # the first block's: the file's row shape
    before = 0  # lines of the file ahead of the block
    for data, last in _lines(path, _READ, block_bytes):
        _check_text(path, data, before)
        notes: list[str] = []
        body = data
        if last:
            if data[-2:-1].isspace() or not data.endswith(b"\n"):
                body = data.rstrip(_BLANK)
            if header is None and (not body or body.isspace()):
                raise FeedDataError(f"{path}: the file is empty")
            if not body:
                return
            if not data.endswith(b"\n") and (header is not None or b"\n" in body):
                row = before + body.count(b"\n") + 1
                notes.append(
                    f"{path}: row {row}: the last row has no line end; was the file cut short?"
                )
        text = body if body is data else body + b"\n"
        if header is None:
            frame = _parse(path, text, 0)
            header = data[: data.find(b"\n") + 1]
            first = 2  # the header is row 1
            if not len(frame.columns):
                raise FeedDataError(f"{path}: row 1: no column names in the header")
            if not len(frame) and last:
                raise FeedDataError(f"{path}: the file is empty: a header and no rows")
            short_body = body
            # a first row longer than the header makes its first field the index; pandas
            # then expects that many fields of every row
            ranged = isinstance(frame.index, pd.RangeIndex)
            width = len(frame.columns) + (0 if ranged else frame.index.nlevels)
        else:
            frame = _parse(path, header + text, before - 1)
            first = before + 1
            short_body = header + body
            if isinstance(frame.index, pd.RangeIndex) != ranged:
                _first_row_width(path, body, first, width)
        frame.columns = [str(c).strip().lower() for c in frame.columns]
        rows = np.arange(first, first + len(frame))
        empty = frame.isna().all(axis=1).to_numpy()
        if empty.any():
            i = int(np.flatnonzero(empty)[0])
            raise FeedDataError(f"{path}: row {rows[i]}: empty row")
        _short_rows(path, short_body, frame, first)
        before += data.count(b"\n")
        yield Table(frame, rows, tuple(notes))


def _first_row_width(path: Path, body: bytes, row: int, width: int) -> None:
    """The first row of a block has another number of fields than the file's rows above
    it: the error reading the file whole gives there."""
    line = body[: body.find(b"\n") + 1 or len(body)].decode("utf-8")
    saw = len(next(csv.reader([line.rstrip("\r\n")]), []))
    raise FeedDataError(f"{path}: row {row}: expected {width} fields like the header, found {saw}")


def _parse(path: Path, body: bytes, shift: int) -> pd.DataFrame:
    """One block (after the header line) by pandas; ``shift``: file lines ahead of the
    block's header line, to name rows as the file counts them."""
    try:
        return pd.read_csv(
            io.BytesIO(body),
            encoding="utf-8",
            skipinitialspace=True,
            skip_blank_lines=False,
            keep_default_na=False,  # "nan", "NA", "null" are named in messages, not missing
            na_values=[""],
            float_precision=_FLOAT_PRECISION,
        )
    except pd.errors.EmptyDataError as exc:
        raise FeedDataError(f"{path}: the file is empty") from exc
    except pd.errors.ParserError as exc:
        m = _TOKENIZE.search(str(exc))
        quote = _OPEN_QUOTE.search(str(exc))
        if quote:
            raise FeedDataError(
                f'{path}: row {int(quote.group(1)) + 1 + shift}: a quote (") opens a field '
                "that never closes"
            ) from exc
        if m:
            want, line, saw = m.groups()
            raise FeedDataError(
                f"{path}: row {int(line) + shift}: expected {want} fields like the header, "
                f"found {saw}"
            ) from exc
        raise FeedDataError(f"{path}: cannot read the file: {first_line(exc)}") from exc
    except (ValueError, OSError) as exc:
        raise FeedDataError(f"{path}: cannot read the file: {first_line(exc)}") from exc


def _short_rows(path: Path, body: bytes, frame: pd.DataFrame, first: int) -> None:
    """A row with fewer fields than the header: pandas fills the rest with nothing, so a
    split header name or a cut row would silently lose a column.

    Only rows whose last field came out empty can be short; they are counted from the text.
    Row ``i`` of the frame is line ``i + 1`` of ``body`` (after its header line) and row
    ``first + i`` of the file.
    """
    width = len(frame.columns)
    maybe = np.flatnonzero(frame.iloc[:, -1].isna().to_numpy())
    if not len(maybe):
        return
    text = body.decode("utf-8")
    if '"' in text:
        records = list(csv.reader(io.StringIO(text)))
        if len(records) != text.count("\n") + 1:
            return  # quoted line breaks: rows are not lines; pandas checked the long ones
        counts = [len(records[i + 1]) for i in maybe.tolist()]
    else:
        lines = text.split("\n")
        counts = [lines[i + 1].count(",") + 1 for i in maybe.tolist()]
    for i, count in zip(maybe.tolist(), counts, strict=True):
        if count < width:
            raise FeedDataError(
                f"{path}: row {first + i}: expected {width} fields like the header, found {count}"
            )
