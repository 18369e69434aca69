"""Property: whatever happens to a data file, the reader refuses it naming the file and row,
or accepts it and gives exactly the bars its text says (issue 12 item 8, the data half).

Mutants: truncation (text and gzip), garbage and binary bytes, bad numbers, NaN and
infinities, zero and negative prices, swapped columns and values, shuffled, repeated and
deleted rows, naive and odd timestamps, day/month layouts, x100 spikes. An accepted mutant is
checked against an independent reading of its text (``csv`` + ``datetime.fromisoformat`` +
``float``): same bars, in the same order, and a jump beyond the multiple is never silent.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import math
import os
import re
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from runner_plugins.feeds.barfile import BarColumns, FeedDataError, ReadOptions, read_columns
from runner_plugins.feeds.checks import DEFAULT_JUMP_MULTIPLE

BUNDLED = Path(__file__).resolve().parents[2] / "runner_plugins" / "feeds" / "bundled"
ROWS = 60
with gzip.open(BUNDLED / "GC.csv.gz", "rt") as _f:
    _LINES = _f.read().splitlines()
HEADER = _LINES[0]
OFFSET_ROWS = _LINES[1 : ROWS + 1]  # 2013-10-07T00:00:00+00:00,1313.7,...
NY = "America/New_York"


def _naive(line: str) -> str:
    """The same row with its stamp as New York wall-clock time and no offset."""
    stamp, rest = line.split(",", 1)
    local = datetime.fromisoformat(stamp).astimezone(ZoneInfo(NY))
    return f"{local.strftime('%Y-%m-%d %H:%M:%S')},{rest}"


NAIVE_ROWS = [_naive(r) for r in OFFSET_ROWS]

BAD_NUMBERS = [
    "abc", "", " ", "NaN", "nan", "-nan", "inf", "-inf", "Infinity", "1e400", "-1e400", "0",
    "-0", "-1313.7", "0.0", "1,5", "0x10", "True", "1e-400", "1313.7.1", "--1", "1_000",
    "\u0661\u0662", "1313.7abc", "+-1",
]  # fmt: skip
ODD_STAMPS = [
    "2013-10-07", "2013-10-07 00:05", "07/10/2013 00:05", "10/07/2013 00:05", "7.10.2013 00:05",
    "13/10/2013 00:05", "0", "12", "1381104000", "1381104000000", "-5", "2013-13-45T00:00:00Z",
    "2013-10-07T24:00:00Z", "yesterday", "Oct 7 00:05", "Oct 7 2013 00:05",
    "2013-10-07T00:05:00+25:00", "2013-10-07 00:05 EST", "2013-10-07T00:05:00", "1e10",
    "2013-10-07T00:05:00.123456789Z", "9999-12-31T00:00:00Z", "1969-12-31T23:59:59Z",
    "2013-W41-1T00:05:00Z", "2013-280T00:05:00Z", "\u0000", "2013-10-07T00:05:00+00:00 trailing",
]  # fmt: skip
GARBAGE = [
    b"\x00", b"\xff\xfe", b"\x1f\x8b", b"\x07", b"\x7f", b"\xc3\x28", b"\r", b"\n", b",",
    b'"', b"\xef\xbb\xbf", b"\x1b[31m", b"\xe2\x80\x8b", b"\t", b";", b"\x00" * 7,
]  # fmt: skip
OPS = [
    "truncate", "garbage", "number", "nonfinite", "swap_header", "swap_values", "shuffle",
    "duplicate", "delete", "strip_offset", "odd_stamp", "ddmm", "spike", "blank", "extra_field",
    "none",
]  # fmt: skip


@st.composite
def mutant(draw: st.DrawFn) -> tuple[str, bytes, ReadOptions, bool]:
    """(operation, file bytes, feed options, gzip?) of one corrupted copy of a valid file."""
    naive = draw(st.booleans())
    rows = list(NAIVE_ROWS if naive else OFFSET_ROWS)
    header = HEADER
    opts = ReadOptions(timezone=NY if naive else None)
    op = draw(st.sampled_from(OPS))
    event(op)
    i = draw(st.integers(0, len(rows) - 1))
    fields = rows[i].split(",")
    col = draw(st.integers(0, len(fields) - 1))
    if op == "number":
        fields[draw(st.integers(1, 5))] = draw(st.sampled_from(BAD_NUMBERS))
    elif op == "nonfinite":
        fields[draw(st.integers(1, 5))] = draw(st.sampled_from(["nan", "inf", "-inf", "NaN"]))
    elif op == "swap_header":
        names = header.split(",")
        a, b = draw(st.lists(st.integers(0, 5), min_size=2, max_size=2, unique=True))
        names[a], names[b] = names[b], names[a]
        header = ",".join(names)
    elif op == "swap_values":
        a, b = draw(st.lists(st.integers(0, 5), min_size=2, max_size=2, unique=True))
        fields[a], fields[b] = fields[b], fields[a]
    elif op == "shuffle":
        j = draw(st.integers(0, len(rows) - 1))
        rows[i], rows[j] = rows[j], rows[i]
    elif op == "duplicate":
        rows.insert(i, rows[i])
    elif op == "delete":
        del rows[i]
    elif op == "strip_offset":
        for k in range(i, len(rows)):
            rows[k] = re.sub(r"(\+00:00|Z),", ",", rows[k], count=1)
        opts = ReadOptions(timezone=None)
    elif op == "odd_stamp":
        fields[0] = draw(st.sampled_from(ODD_STAMPS))
    elif op == "ddmm":
        rows = [_ddmm(r) for r in rows]
        if draw(st.booleans()):
            opts = ReadOptions(opts.timezone, "%d/%m/%Y %H:%M:%S%z" if not naive else None)
    elif op == "spike":
        k = draw(st.integers(1, 4))
        factor = draw(st.sampled_from([100.0, 0.01, 2.5, 10.0]))
        fields[k] = repr(float(fields[k]) * factor)
    elif op == "extra_field":
        fields.insert(col, draw(st.sampled_from(["1", "", "x"])))
    if op in ("number", "nonfinite", "swap_values", "odd_stamp", "spike", "extra_field"):
        rows[i] = ",".join(fields)
    if op == "blank":
        rows.insert(i, draw(st.sampled_from(["", " ", ",,,,,"])))
    if draw(st.booleans()) and op not in ("ddmm",):
        opts = ReadOptions(opts.timezone, opts.date_format, sort=True)
    data = (header + "\n" + "\n".join(rows) + "\n").encode()
    zipped = draw(st.booleans())
    if zipped:
        data = gzip.compress(data, mtime=0)
    if op == "truncate":
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif op == "garbage":
        at = draw(st.integers(0, len(data)))
        junk = draw(st.sampled_from(GARBAGE))
        data = data[:at] + junk + data[at:]
    return op, data, opts, zipped


def _ddmm(line: str) -> str:
    stamp, rest = line.split(",", 1)
    t = datetime.fromisoformat(stamp)
    zone = t.strftime("%z")
    return f"{t.strftime('%d/%m/%Y %H:%M:%S')}{zone},{rest}"


# ------------------------------------------------------------- the independent reading


class Unreadable(Exception):
    """The reference reader cannot take this text: the loader must not have accepted it."""


def reference(
    text: str, opts: ReadOptions, warned: tuple[str, ...] = ()
) -> list[tuple[int, float, float, float, float, float]]:
    """Bars as the text says them, read without pandas; columns the reader said it does not
    read are left out."""
    text = text.removeprefix("\ufeff")  # a byte-order mark says the encoding, not the data
    lines = text.rstrip("\r\n\t ").split("\n")
    table = list(csv.reader(io.StringIO("\n".join(lines)), skipinitialspace=True))
    names = [h.strip().lower() for h in table[0]]
    want = ["timestamp", "open", "high", "low", "close", "volume"]
    extra = [n for n in names if n not in want]
    if extra and not any(f"{n!r}" in w and "are not read" in w for n in extra for w in warned):
        raise Unreadable(f"header {names}, unused columns not warned about")
    if not set(want[:-1]) <= set(names) or len(set(names)) != len(names):
        raise Unreadable(f"header {names}")
    out = []
    for row in table[1:]:
        if len(row) != len(names):
            raise Unreadable(f"row {row}")
        d = dict(zip(names, (v.strip() for v in row), strict=True))
        stamp = re.sub(r"\s+", " ", d["timestamp"])  # a tab between date and time is a space
        extra = 0
        if opts.date_format is not None:
            t = datetime.strptime(stamp, opts.date_format)
        else:
            # datetime keeps microseconds: the digits past them are added as ns below
            frac = re.search(r"\.(\d{7,9})", stamp)
            extra = int(frac.group(1)[6:].ljust(3, "0")) if frac else 0
            if frac:
                stamp = stamp.replace(frac.group(0), "." + frac.group(1)[:6])
            t = _stamp(stamp)
        if t.tzinfo is None:
            if opts.timezone is None:
                raise Unreadable(f"naive {stamp}")
            t = t.replace(tzinfo=ZoneInfo(opts.timezone))
        whole = int(t.timestamp())
        ns = whole * 10**9 + t.microsecond * 1000 + extra
        try:
            values = [float(d.get(k, "0")) for k in want[1:]]  # volume is optional
        except ValueError as exc:
            raise Unreadable(str(row)) from exc
        out.append((ns, *values))
    if opts.sort:
        out.sort(key=lambda r: r[0])
    return out


def _stamp(text: str) -> datetime:
    """ISO 8601, or a layout with the month's name (unambiguous, so accepted)."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    for layout in ("%b %d %Y %H:%M", "%b %d %Y %H:%M:%S"):
        try:
            return datetime.strptime(text, layout)
        except ValueError:
            pass
    raise Unreadable(text)


def _bars(cols: BarColumns) -> list[tuple[int, float, float, float, float, float]]:
    return list(
        zip(
            cols.ts.tolist(),
            cols.open.tolist(),
            cols.high.tolist(),
            cols.low.tolist(),
            cols.close.tolist(),
            cols.volume.tolist(),
            strict=True,
        )
    )


def _jumps(bars: list[tuple[int, float, float, float, float, float]]) -> bool:
    """Any price beyond the multiple of its reference: the open against the previous close,
    the close against the open, high and low against the bar's open and close."""

    def far(a: float, b: float) -> bool:
        return max(a / b, b / a) > DEFAULT_JUMP_MULTIPLE

    for _, o, h, lo, c, _v in bars:
        if far(c, o) or far(h, max(o, c)) or far(lo, min(o, c)):
            return True
    return any(far(cur[1], prev[4]) for prev, cur in itertools.pairwise(bars))


# ------------------------------------------------------------- the property

TALLY: Counter[str] = Counter()
BY_OP: Counter[str] = Counter()
_SEQ = itertools.count()
WHOLE_FILE = re.compile(
    r": (the file is empty|missing column\(s\)|no 'timestamp' column|holds trades|"
    r"the name ends in \.gz)"
)


def check_one(tmp: Path, op: str, data: bytes, opts: ReadOptions, zipped: bool) -> str:
    """Load one mutant; assert the contract; return its outcome (refused/accepted/warned)."""
    path = tmp / f"m{next(_SEQ)}" / ("GC.csv.gz" if zipped else "GC.csv")
    path.parent.mkdir()
    path.write_bytes(data)
    try:
        cols = read_columns(path, opts)
    except FeedDataError as exc:
        message = str(exc)
        assert message.startswith(f"{path.resolve()}: "), message
        assert "\n" not in message, message
        located = re.match(rf"^{re.escape(str(path.resolve()))}: row \d+: ", message)
        assert located or WHOLE_FILE.search(message), message
        return "refused"
    except Exception as exc:  # a traceback for the user
        raise AssertionError(f"{op}: {type(exc).__name__}: {exc}") from exc
    assert isinstance(cols, BarColumns)
    text = gzip.decompress(data).decode() if zipped else data.decode()
    try:
        expected = reference(text, opts, cols.warnings)
    except Unreadable as exc:
        raise AssertionError(f"{op}: accepted a file the text does not say: {exc}") from exc
    got = _bars(cols)
    assert got == expected, f"{op}: the bars differ from the file's text"
    assert all(math.isfinite(x) and x > 0 for bar in got for x in bar[1:5])
    if _jumps(got):
        assert any("price jump" in w and "row " in w for w in cols.warnings), cols.warnings
        return "warned"
    return "accepted"


@pytest.fixture(scope="module", autouse=True)
def _tally() -> Iterator[None]:
    """How many mutants were refused, accepted or accepted with a warning (run with -s)."""
    yield
    print(f"\ndata fuzz: {sum(TALLY.values())} mutated files: {dict(TALLY)}")
    print(f"by mutation: {dict(sorted(BY_OP.items()))}")


@settings(
    max_examples=int(os.environ.get("RUNNER_DATA_FUZZ_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(m=mutant())
def test_a_corrupt_data_file_is_refused_with_file_and_row_or_read_exactly(
    tmp_path: Path, m: tuple[str, bytes, ReadOptions, bool]
) -> None:
    op, data, opts, zipped = m
    outcome = check_one(tmp_path, op, data, opts, zipped)
    TALLY[outcome] += 1
    BY_OP[f"{op} {outcome}"] += 1


def test_the_valid_bases_load_unchanged(tmp_path: Path) -> None:
    for rows, opts in ((OFFSET_ROWS, ReadOptions()), (NAIVE_ROWS, ReadOptions(timezone=NY))):
        data = (HEADER + "\n" + "\n".join(rows) + "\n").encode()
        assert check_one(tmp_path, "none", data, opts, False) == "accepted"


@pytest.mark.parametrize(
    ("op", "text", "message"),
    [
        (
            "spike",
            None,
            r"row 12: high: price jump: high 131380\.0 against the bar's open/close 1313\.7",
        ),
        ("zero", "0", r"row 12: high: price 0\.0 is not above zero"),
        ("nan", "nan", r"row 12: high: not a finite number: 'nan'"),
    ],
)
def test_errors_name_the_row_of_the_bad_value(tmp_path: Path, op, text, message) -> None:
    rows = list(OFFSET_ROWS)
    fields = rows[10].split(",")
    fields[2] = repr(float(fields[2]) * 100) if text is None else text
    rows[10] = ",".join(fields)
    path = tmp_path / "GC.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    with pytest.raises(FeedDataError, match=message):
        read_columns(path, ReadOptions(on_jump="error"))


def test_garbage_at_the_end_names_the_line_not_a_byte_position(tmp_path: Path) -> None:
    path = tmp_path / "GC.csv"
    path.write_bytes((HEADER + "\n" + "\n".join(OFFSET_ROWS) + "\n").encode() + b"\x00\xff\x13")
    with pytest.raises(FeedDataError, match=rf"GC\.csv: row {ROWS + 2}: binary byte 0x00"):
        read_columns(path)
    cut = gzip.compress((HEADER + "\n" + "\n".join(OFFSET_ROWS) + "\n").encode(), mtime=0)
    (tmp_path / "ES.csv.gz").write_bytes(cut[: len(cut) // 2])
    with pytest.raises(FeedDataError, match=r"ES\.csv\.gz: row \d+: the gzip data ends early"):
        read_columns(tmp_path / "ES.csv.gz")


def test_row_numbers_as_timestamps_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "GC.csv"
    rows = [f"{i},{r.split(',', 1)[1]}" for i, r in enumerate(OFFSET_ROWS)]
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    with pytest.raises(
        FeedDataError,
        match=r"GC\.csv: row 2: timestamp: 0 read as epoch s is "
        r"1970-01-01 00:00:00\+00:00, outside 1980\.\.2100",
    ):
        read_columns(path)


# ------------------------------------------------------------- tick files

TICK_HEADER = "timestamp,price,size"
TICK_ROWS = [
    f"{r.split(',')[0]},{r.split(',')[k]},{k}" for r in OFFSET_ROWS[:30] for k in (1, 4)
]  # two trades per minute: at the open price (size 1) and the close price (size 4)
TICK_OPS = ["number", "nonfinite", "size", "odd_stamp", "shuffle", "truncate", "garbage", "none"]


@st.composite
def tick_mutant(draw: st.DrawFn) -> tuple[str, bytes, ReadOptions]:
    rows = list(TICK_ROWS)
    op = draw(st.sampled_from(TICK_OPS))
    event(f"ticks {op}")
    i = draw(st.integers(0, len(rows) - 1))
    fields = rows[i].split(",")
    if op == "number":
        fields[1] = draw(st.sampled_from(BAD_NUMBERS))
    elif op == "nonfinite":
        fields[draw(st.integers(1, 2))] = draw(st.sampled_from(["nan", "inf", "-inf"]))
    elif op == "size":
        fields[2] = draw(st.sampled_from(["1.5", "-1", "0", "1e3", "2.0", "x", ""]))
    elif op == "odd_stamp":
        fields[0] = draw(st.sampled_from(ODD_STAMPS))
    elif op == "shuffle":
        j = draw(st.integers(0, len(rows) - 1))
        rows[i], rows[j] = rows[j], rows[i]
    if op in ("number", "nonfinite", "size", "odd_stamp"):
        rows[i] = ",".join(fields)
    data = (TICK_HEADER + "\n" + "\n".join(rows) + "\n").encode()
    if op == "truncate":
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif op == "garbage":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from(GARBAGE)) + data[at:]
    return op, data, ReadOptions(sort=draw(st.booleans()))


def tick_reference(
    text: str, opts: ReadOptions, warned: tuple[str, ...]
) -> list[tuple[int, float, int]]:
    """Trades as the text says them; a size column nothing reads (warned) means size 1."""
    text = text.removeprefix("\ufeff")
    table = list(csv.reader(io.StringIO(text.rstrip("\r\n\t ")), skipinitialspace=True))
    names = [h.strip().lower() for h in table[0]]
    if names[:2] != ["timestamp", "price"] or len(names) != 3:
        raise Unreadable(f"header {table[0]}")
    if names[2] != "size" and not any(f"{names[2]!r}" in w for w in warned):
        raise Unreadable(f"header {table[0]}, the unread column not warned about")
    out = []
    for row in table[1:]:
        if len(row) != 3:
            raise Unreadable(str(row))
        if names[2] != "size":
            row = [*row[:2], "1"]
        frac = re.search(r"\.(\d{7,9})", row[0])
        extra = int(frac.group(1)[6:].ljust(3, "0")) if frac else 0
        stamp = row[0].replace(frac.group(0), "." + frac.group(1)[:6]) if frac else row[0]
        t = _stamp(re.sub(r"\s+", " ", stamp.strip()))
        if t.tzinfo is None:
            raise Unreadable(f"naive {row[0]}")
        size = float(row[2])
        if size != int(size):
            raise Unreadable(f"size {row[2]}")
        ns = int(t.timestamp()) * 10**9 + t.microsecond * 1000 + extra
        out.append((ns, float(row[1]), int(size)))
    if opts.sort:
        out.sort(key=lambda r: r[0])
    return out


@settings(
    max_examples=int(os.environ.get("RUNNER_DATA_FUZZ_EXAMPLES", "400")) // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(m=tick_mutant())
def test_a_corrupt_tick_file_is_refused_with_file_and_row_or_read_exactly(
    tmp_path: Path, m: tuple[str, bytes, ReadOptions]
) -> None:
    op, data, opts = m
    path = tmp_path / f"t{next(_SEQ)}" / "GC.csv"
    path.parent.mkdir()
    path.write_bytes(data)
    try:
        cols = read_columns(path, opts)
    except FeedDataError as exc:
        message = str(exc)
        located = re.match(rf"^{re.escape(str(path.resolve()))}: row \d+: ", message)
        assert located or WHOLE_FILE.search(message), message
        TALLY["ticks refused"] += 1
        return
    except Exception as exc:
        raise AssertionError(f"ticks {op}: {type(exc).__name__}: {exc}") from exc
    if isinstance(cols, BarColumns):  # the header was cut: no 'price' column left
        raise AssertionError(f"ticks {op}: read as bars")
    try:
        expected = tick_reference(data.decode(), opts, cols.warnings)
    except (Unreadable, ValueError) as exc:
        raise AssertionError(f"ticks {op}: accepted a file the text does not say: {exc}") from exc
    got = list(zip(cols.ts.tolist(), cols.price.tolist(), cols.size.tolist(), strict=True))
    assert got == expected, f"ticks {op}: the trades differ from the file's text"
    TALLY["ticks accepted"] += 1
