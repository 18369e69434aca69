"""Reading bar and tick files (CSV, gzip CSV, Parquet) into columns of UTC nanoseconds.

Parsing is vectorized with pandas and kept apart from building event objects so that a
million-row file costs one pass of C code plus one list comprehension. Every user mistake
(binary bytes, missing columns, a timestamp that does not parse or parses two ways, a DST
gap, a price that cannot be right) becomes a :class:`FeedDataError` written
``file: row N: field: message``; the rules themselves live in
:mod:`runner_plugins.feeds.checks`.

Rows are numbered as the file's own reader counts them: in a CSV the header is row 1, so
row N is line N in an editor and row N in a spreadsheet; in Parquet the first data row is
row 1.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from runner.api.lazy import lazy_import
from runner_plugins.feeds import checks
from runner_plugins.feeds.checks import FeedDataError, ReadOptions, where
from runner_plugins.feeds.colstore import Held, InMemory, Stored
from runner_plugins.feeds.csvread import BLOCK_BYTES, Table, csv_tables, first_line

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq
else:  # imported when a file is read, not when the feed is listed or validated
    np = lazy_import("numpy")
    pd = lazy_import("pandas")
    pa = lazy_import("pyarrow")
    pc = lazy_import("pyarrow.compute")
    pq = lazy_import("pyarrow.parquet")

__all__ = [
    "BarColumns",
    "FeedDataError",
    "ReadOptions",
    "Table",
    "TickColumns",
    "read_columns",
    "read_file",
]

BAR_COLUMNS: tuple[str, ...] = ("timestamp", "open", "high", "low", "close", "volume")
TICK_COLUMNS: tuple[str, ...] = ("timestamp", "price", "size")
_TIME_ALIASES = ("timestamp", "time", "datetime", "date")

# An explicit UTC offset (Z, +02:00, -0500, +05) right after a clock time.
_OFFSET = r"\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$"
# 07/10/2013, 7.10.13, 10-07-2013: day/month or month/day cannot be told from the text.
_AMBIGUOUS_DATE = r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}(?:\D|$)"
# Epoch numbers before this are row numbers or times of day, not market data (1980-01-01).
_EPOCH_FLOOR_NS = 315_532_800 * 10**9
_EPOCH_CEILING_NS = 4_102_444_800 * 10**9  # 2100-01-01


PRICE_NAMES: tuple[str, ...] = ("open", "high", "low", "close", "volume")
_HELD = ("ts", *PRICE_NAMES, "rows")


class BarColumns:
    """Bars of one file as arrays, sorted by start time (int64 ns UTC).

    The start times, prices, volume and each bar's row in the file (for messages) are
    held by a :class:`~.colstore.Held`, in memory or, for a file read in blocks, in a
    temporary file: ``part(name, lo, hi)`` reads a range of rows, ``search`` finds a
    moment among the start times, ``ts``, ``open``... read a whole column. ``warnings``
    is what was accepted but looked wrong (price jumps, a cut-off last line).
    """

    __slots__ = ("_has_rows", "_held", "_spacing", "path", "warnings")

    def __init__(
        self,
        path: Path,
        ts: np.ndarray,
        open: np.ndarray,
        high: np.ndarray,
        low: np.ndarray,
        close: np.ndarray,
        volume: np.ndarray,
        rows: np.ndarray | None = None,
        warnings: tuple[str, ...] = (),
    ) -> None:
        kept = [ts, open, high, low, close, volume]
        if rows is not None:
            kept.append(rows)
        self._init(path, InMemory(kept), rows is not None, warnings)

    @classmethod
    def held(cls, path: Path, held: Held, warnings: tuple[str, ...]) -> BarColumns:
        """Columns whose start times, prices, volume and rows (in that order) ``held``
        holds."""
        self = cls.__new__(cls)
        self._init(path, held, True, warnings)
        return self

    def _init(self, path: Path, held: Held, has_rows: bool, warnings: tuple[str, ...]) -> None:
        self.path = path
        self._held = held
        self._has_rows = has_rows
        self.warnings = warnings
        self._spacing: list[int | None] = []

    def __len__(self) -> int:
        return len(self._held)

    def __repr__(self) -> str:
        return f"BarColumns({str(self.path)!r}, {len(self)} bars)"

    def part(self, name: str, lo: int, hi: int) -> np.ndarray:
        """Rows ``lo:hi`` of a column (``ts``, ``open`` .. ``volume``, ``rows``)."""
        return self._held.part(_HELD.index(name), lo, hi)

    def search(self, moment: int, side: Literal["left", "right"]) -> int:
        """``np.searchsorted(ts, moment, side)`` without reading every start time."""
        return self._held.search(moment, side)

    @property
    def ts(self) -> np.ndarray:
        return self._held.column(0)

    @property
    def open(self) -> np.ndarray:
        return self._held.column(1)

    @property
    def high(self) -> np.ndarray:
        return self._held.column(2)

    @property
    def low(self) -> np.ndarray:
        return self._held.column(3)

    @property
    def close(self) -> np.ndarray:
        return self._held.column(4)

    @property
    def volume(self) -> np.ndarray:
        return self._held.column(5)

    @property
    def rows(self) -> np.ndarray | None:
        return self._held.column(6) if self._has_rows else None

    def row_of(self, i: int) -> int | None:
        """The file row of bar ``i`` (None: the bars were built, not read)."""
        return int(self._held.part(6, i, i + 1)[0]) if self._has_rows else None

    def spacing_ns(self) -> int | None:
        """The most common distance between consecutive bars: the bar length of the file
        (found once: every stream, window and check of a backtest asks for it)."""
        if not self._spacing:
            self._spacing.append(self._most_common_gap())
        return self._spacing[0]

    def _most_common_gap(self) -> int | None:
        """Counted a span of bars at a time: no sorted copy of every gap."""
        tally: dict[int, int] = {}
        for lo in range(0, len(self) - 1, _SPAN):
            gaps = np.diff(self.part("ts", lo, lo + _SPAN + 1))
            values, counts = np.unique(gaps[gaps > 0], return_counts=True)
            for value, count in zip(values.tolist(), counts.tolist(), strict=True):
                tally[value] = tally.get(value, 0) + count
        if not tally:
            return None
        most = max(tally.values())
        return min(v for v, c in tally.items() if c == most)  # the smallest of equals, as before


_SPAN = 1 << 20
"""Bars whose gaps are counted in one pass."""


@dataclass(frozen=True, slots=True)
class TickColumns:
    """Trades of one file as arrays, in time order (int64 ns UTC)."""

    path: Path
    ts: np.ndarray
    price: np.ndarray
    size: np.ndarray
    rows: np.ndarray | None = None
    warnings: tuple[str, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.ts)

    def row_of(self, i: int) -> int | None:
        """The file row of trade ``i``."""
        return None if self.rows is None else int(self.rows[i])


def is_csv(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(".csv") or name.endswith(".csv.gz")


PARQUET_BATCH = 262_144
"""Rows of a Parquet file converted at a time (row groups are read as they are needed)."""


def read_tables(path: Path, block_bytes: int = BLOCK_BYTES) -> Iterator[Table]:
    """The raw rows of a data file a block at a time, with lower-cased, stripped column
    names: never the whole file in memory as text or as a frame."""
    if not path.is_file():
        raise FeedDataError(f"{path}: no such file")
    if is_csv(path):
        return csv_tables(path, block_bytes)
    if path.name.lower().endswith(".parquet"):
        return _parquet_tables(path, max(1, block_bytes // 64))
    raise FeedDataError(f"{path}: unknown file type (expected .csv, .csv.gz or .parquet)")


def _parquet_tables(path: Path, batch_rows: int) -> Iterator[Table]:
    try:
        source = pq.ParquetFile(path)
        total = source.metadata.num_rows
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise FeedDataError(f"{path}: cannot read the Parquet file: {first_line(exc)}") from exc
    if not total:
        raise FeedDataError(f"{path}: the file is empty: no rows")
    schema = source.schema_arrow
    done = 0
    batches = source.iter_batches(batch_size=min(batch_rows, PARQUET_BATCH))
    while True:
        try:
            batch = next(batches, None)
            if batch is None:
                return
            frame = pa.Table.from_batches([batch], schema=schema).to_pandas()
        except (OSError, ValueError, pa.ArrowException) as exc:
            raise FeedDataError(f"{path}: cannot read the Parquet file: {first_line(exc)}") from exc
        if not isinstance(frame.index, pd.RangeIndex):
            frame = frame.reset_index()
        frame = frame.reset_index(drop=True)
        frame.columns = [str(c).strip().lower() for c in frame.columns]
        yield Table(frame, np.arange(done + 1, done + len(frame) + 1))
        done += len(frame)


def _time_column(frame: pd.DataFrame, path: Path, wanted: tuple[str, ...]) -> str:
    for name in _TIME_ALIASES:
        if name in frame.columns:
            return name
    raise FeedDataError(
        f"{path}: no 'timestamp' column; expected columns {', '.join(wanted)}, "
        f"found {', '.join(map(str, frame.columns)) or 'none'}"
    )


def _require(
    frame: pd.DataFrame, path: Path, names: tuple[str, ...], wanted: tuple[str, ...]
) -> None:
    missing = [n for n in names if n not in frame.columns]
    if missing:
        raise FeedDataError(
            f"{path}: missing column(s) {', '.join(missing)}; expected columns "
            f"{', '.join(wanted)}, found {', '.join(map(str, frame.columns))}"
        )


class _Stamps:
    """Where a timestamp column comes from, for messages and the time-zone rule."""

    __slots__ = ("field", "opts", "path", "rows")

    def __init__(self, path: Path, rows: np.ndarray, field: str, opts: ReadOptions) -> None:
        self.path = path
        self.rows = rows
        self.field = field
        self.opts = opts

    def error(self, pos: int, message: str) -> FeedDataError:
        return FeedDataError(f"{where(self.path, int(self.rows[pos]), self.field)}: {message}")

    def zone(self, pos: int, shown: object) -> str:
        """The feed's stated zone; naive stamps without one are refused, never read as UTC."""
        tz = self.opts.timezone
        if tz is None:
            raise self.error(
                pos,
                f"{shown!s} has no UTC offset and the feed states no timezone; state the "
                "zone the file is written in (feed setting timezone, e.g. America/New_York, "
                "or UTC) or write the offsets in the file",
            )
        return tz


def parse_timestamps(
    values: pd.Series,
    opts: ReadOptions,
    path: Path,
    field: str,
    rows: np.ndarray | None = None,
) -> np.ndarray:
    """UTC epoch nanoseconds of a timestamp column; see :func:`_parse_timestamps`.

    A date outside what nanoseconds hold (before 1677 or after 2262) is named by its row.
    """
    at = _Stamps(path, np.arange(1, len(values) + 1) if rows is None else rows, field, opts)
    try:
        out = _parse_timestamps(values.reset_index(drop=True), at)
    except (pd.errors.OutOfBoundsDatetime, OverflowError) as exc:
        for pos, value in enumerate(values.tolist()):
            try:
                year = pd.Timestamp(value).year
            except (pd.errors.OutOfBoundsDatetime, OverflowError, ValueError, TypeError):
                year = 0
            if not _FIRST_YEAR <= year < _LAST_YEAR:
                raise at.error(pos, f"{value!r} is {_OUTSIDE}") from exc
        raise FeedDataError(f"{path}: {field}: {first_line(exc)}") from exc
    odd = (out < _FLOOR_NS) | (out >= _CEILING_NS)
    if odd.any():
        pos = int(np.flatnonzero(odd)[0])
        raise at.error(pos, f"{values.iloc[pos]!r} is {_OUTSIDE}")
    return out


_FIRST_YEAR, _LAST_YEAR = 1800, 2200
_OUTSIDE = f"outside the years {_FIRST_YEAR}..{_LAST_YEAR - 1}: not a market timestamp"
_FLOOR_NS = calendar.timegm((_FIRST_YEAR, 1, 1, 0, 0, 0)) * 1_000_000_000
_CEILING_NS = calendar.timegm((_LAST_YEAR, 1, 1, 0, 0, 0)) * 1_000_000_000


def _parse_timestamps(values: pd.Series, at: _Stamps) -> np.ndarray:
    """UTC epoch nanoseconds of a timestamp column (positional index).

    Text with an offset keeps its offset (any zone, mixed offsets allowed, so a file that
    crosses a DST change in local time is read right); naive text and naive datetimes are
    wall-clock times in the feed's stated zone, which must then be stated; numbers are
    epoch seconds, ms, us or ns by magnitude. A day/month layout that reads two ways needs
    ``date_format``.
    """
    opts = at.opts
    if len(values) == 0:
        return np.empty(0, dtype=np.int64)
    if values.isna().any():
        raise at.error(int(np.flatnonzero(values.isna().to_numpy())[0]), "missing timestamp")
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return _ns(values.dt.tz_convert("UTC"))
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return _localize(pd.DatetimeIndex(values), at, np.arange(len(values)))
    if pd.api.types.is_bool_dtype(values.dtype):
        raise at.error(0, f"{values.iloc[0]!r} is not a timestamp")
    if pd.api.types.is_numeric_dtype(values.dtype):
        return _epoch(values.to_numpy(), at)
    text = values.astype(str).str.strip()
    if opts.date_format is not None:
        return _formatted(text, at)
    ambiguous = _matches(text, _AMBIGUOUS_DATE)
    if ambiguous.any():
        pos = int(np.flatnonzero(ambiguous)[0])
        raise at.error(
            pos,
            f"{text.iloc[pos]!r} reads as day/month or as month/day; state the layout with "
            "the feed setting date_format (e.g. '%d/%m/%Y %H:%M' or '%m/%d/%Y %H:%M') or "
            "write ISO 8601 (2013-10-07 09:30)",
        )
    has_offset = _matches(text, _OFFSET)
    out = np.empty(len(text), dtype=np.int64)
    if has_offset.any():
        aware = _to_datetime(text[has_offset], at, utc=True)
        out[has_offset] = _ns(aware)
    naive_mask = ~has_offset
    if naive_mask.any():
        naive = _to_datetime(text[naive_mask], at, utc=False)
        if naive.dt.tz is not None:  # e.g. a trailing "UTC" word the offset pattern missed
            out[naive_mask] = _ns(naive.dt.tz_convert("UTC"))
        else:
            positions = np.flatnonzero(naive_mask)
            local = _localize(pd.DatetimeIndex(naive), at, positions, text)
            out[naive_mask] = local
    return out


def _matches(text: pd.Series, pattern: str) -> np.ndarray:
    """Which rows match, with Arrow's RE2 (pandas' regex is per row)."""
    try:
        arr = pa.array(text.array, type=pa.large_string())  # zero-copy for Arrow strings
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        arr = pa.array(text.to_numpy(dtype=object), type=pa.large_string())
    found = pc.match_substring_regex(arr, pattern)
    return found.to_numpy(zero_copy_only=False).astype(bool, copy=False)


def _ns(values: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """Epoch ns of datetimes whatever their stored resolution (pandas 3 may keep us or s)."""
    index = pd.DatetimeIndex(values)
    if index.tz is not None:
        index = index.tz_convert("UTC").tz_localize(None)
    return index.as_unit("ns").asi8.copy()


def _formatted(text: pd.Series, at: _Stamps) -> np.ndarray:
    """Every row in the stated layout; a row in another layout is an error, not a guess."""
    fmt = at.opts.date_format
    assert fmt is not None
    aware = "%z" in fmt or "%Z" in fmt
    try:
        parsed = pd.to_datetime(text, format=fmt, utc=aware, errors="coerce")
    except ValueError as exc:
        raise FeedDataError(f"{at.path}: date_format {fmt!r}: {first_line(exc)}") from exc
    bad = parsed.isna().to_numpy()
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise at.error(pos, f"{text.iloc[pos]!r} does not match date_format {fmt!r}")
    if aware:
        return _ns(parsed)
    return _localize(pd.DatetimeIndex(parsed), at, np.arange(len(text)), text)


_YEAR = r"(?:^|\D)\d{4}(?:\D|$)"
# What the fallback parser may see: it skips stray punctuation (";2013-10-07" would pass).
_PLAIN = r"^[0-9A-Za-z][0-9A-Za-z ,:/.+\-]*$"


def _to_datetime(text: pd.Series, at: _Stamps, *, utc: bool) -> pd.Series:
    """ISO 8601 in one vectorized pass, other layouts only for the rows that need them.

    A row in another layout must name its year: the fallback parser fills a missing year,
    month or day from today's date, which would make the bars depend on the wall clock. It
    also skips stray punctuation, so only letters, digits and date separators reach it.
    """
    parsed = pd.to_datetime(text, format="ISO8601", utc=utc, errors="coerce")
    bad = parsed.isna()
    if bad.any():
        retry_text = text[bad]
        stray = ~_matches(retry_text, _PLAIN)
        if stray.any():
            pos = _position(retry_text, int(np.flatnonzero(stray)[0]))
            raise at.error(pos, f"cannot parse timestamp {text.loc[pos]!r}")
        no_year = ~_matches(retry_text, _YEAR)
        if no_year.any():
            pos = _position(retry_text, int(np.flatnonzero(no_year)[0]))
            raise at.error(pos, f"cannot parse timestamp {text.loc[pos]!r} (no year)")
        retry = pd.to_datetime(retry_text, format="mixed", utc=utc, errors="coerce")
        if utc or retry.dt.tz is None:
            parsed = parsed.astype(retry.dtype) if parsed.dtype != retry.dtype else parsed
            parsed[bad] = retry
        still = parsed.isna()
        if still.any():
            pos = _position(text, int(np.flatnonzero(still.to_numpy())[0]))
            raise at.error(pos, f"cannot parse timestamp {text.loc[pos]!r}")
    return parsed


def _position(part: pd.Series, k: int) -> int:
    """The row position of the ``k``-th entry of a part of a column (labels are positions:
    the column was given a fresh RangeIndex)."""
    return int(part.index.to_numpy()[k])


def _localize(
    naive: pd.DatetimeIndex,
    at: _Stamps,
    positions: np.ndarray,
    shown: pd.Series | None = None,
) -> np.ndarray:
    """Wall-clock times in the stated zone to UTC ns; the repeated DST hour is told apart by
    order. ``positions`` maps each entry of ``naive`` to its row position."""
    first_pos = int(positions[0])
    tz = at.zone(first_pos, repr(shown.loc[first_pos]) if shown is not None else naive[0])
    years = np.asarray(naive.year)
    far = (years < _FIRST_YEAR) | (years >= _LAST_YEAR)
    if far.any():
        k = int(np.flatnonzero(far)[0])
        raise at.error(int(positions[k]), f"{naive[k]} is {_OUTSIDE}")
    if tz.upper() in ("UTC", "Z", "ETC/UTC"):
        return _ns(naive)
    try:
        return _ns(naive.tz_localize(tz, ambiguous="infer", nonexistent="raise"))
    except (ValueError, TypeError) as first:
        try:
            probe = naive.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
        except Exception as exc:
            raise FeedDataError(f"{at.path}: bad time zone {tz!r}: {first_line(exc)}") from exc
        bad = np.flatnonzero(probe.isna())
        if not len(bad):
            raise FeedDataError(f"{at.path}: {first_line(first)}") from first
        k = int(bad[0])
        stamp = naive[k]
        try:
            naive[k : k + 1].tz_localize(tz, ambiguous="raise", nonexistent="raise")
            why = "is ambiguous"
        except Exception as exc:
            why = "is ambiguous" if "ambiguous" in str(exc).lower() else "does not exist"
        raise at.error(
            int(positions[k]),
            f"{stamp} {why} in {tz} (a DST change); write the timestamps with their UTC offset",
        ) from first


def _epoch(raw: np.ndarray, at: _Stamps) -> np.ndarray:
    if not np.isfinite(raw).all():
        raise at.error(int(np.flatnonzero(~np.isfinite(raw))[0]), "not a timestamp")
    biggest = float(np.abs(raw).max())
    out: np.ndarray | None = None
    unit = "ns"
    for limit, scale, name in ((1e11, 10**9, "s"), (1e14, 10**6, "ms"), (1e17, 10**3, "us")):
        if biggest < limit:
            unit = name
            if np.issubdtype(raw.dtype, np.integer):
                out = raw.astype(np.int64) * scale  # exact, no float rounding
            else:
                out = (raw.astype(np.float64) * scale).round().astype(np.int64)
            break
    if out is None:
        out = raw.astype(np.int64)
    odd = (out < _EPOCH_FLOOR_NS) | (out >= _EPOCH_CEILING_NS)
    if odd.any():
        pos = int(np.flatnonzero(odd)[0])
        raise at.error(
            pos,
            f"{raw[pos].item()!r} read as epoch {unit} is {checks.stamp(out[pos])}, outside "
            "1980..2100: a row number or a time of day rather than a timestamp? Write "
            "dates (2013-10-07T09:30:00Z) or epoch seconds",
        )
    return out


def _numbers(frame: pd.DataFrame, name: str, path: Path, rows: np.ndarray) -> np.ndarray:
    col = frame[name]
    if pd.api.types.is_bool_dtype(col.dtype):
        raise FeedDataError(f"{where(path, int(rows[0]), name)}: not a number: {col.iloc[0]!r}")
    values = pd.to_numeric(col, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    bad = ~np.isfinite(values)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raw = col.iloc[i]
        shown = raw.item() if isinstance(raw, np.generic) else raw
        what = "missing value" if pd.isna(raw) else f"not a finite number: {shown!r}"
        raise FeedDataError(f"{where(path, int(rows[i]), name)}: {what}")
    return values


def _unused(columns: object, path: Path, wanted: tuple[str, ...]) -> list[str]:
    """A warning naming the columns nothing reads: a misspelt 'volume' would be zeros."""
    known = {*wanted, *_TIME_ALIASES}
    extra = [str(c) for c in columns if c not in known]  # type: ignore[attr-defined]
    if not extra:
        return []
    return [
        f"{path}: row 1: column(s) {', '.join(repr(c) for c in extra)} are not read "
        f"(the columns read are {', '.join(wanted)})"
    ]


Parts = list["np.ndarray"]
"""One block's columns: ts, the values, rows (the last)."""


def _bar_block(table: Table, path: Path, opts: ReadOptions) -> tuple[str, Parts]:
    """A block's bars as columns, each row checked on its own (prices, OHLC, volume)."""
    frame, rows = table.frame, table.rows
    time_col = _time_column(frame, path, BAR_COLUMNS)
    _require(frame, path, ("open", "high", "low", "close"), BAR_COLUMNS)
    ts = parse_timestamps(frame[time_col], opts, path, time_col, rows)
    o, h, lo, c = (_numbers(frame, n, path, rows) for n in ("open", "high", "low", "close"))
    v = _numbers(frame, "volume", path, rows) if "volume" in frame.columns else np.zeros(len(ts))
    checks.positive_prices(path, rows, {"open": o, "high": h, "low": lo, "close": c})
    checks.ohlc_consistent(path, rows, o, h, lo, c)
    if (v < 0).any():
        i = int(np.flatnonzero(v < 0)[0])
        raise FeedDataError(f"{where(path, int(rows[i]), 'volume')}: negative volume {v[i]}")
    return time_col, [ts, o, h, lo, c, v, rows]


def _bars_of(
    path: Path, opts: ReadOptions, time_col: str, parts: Parts, columns: object, notes: list[str]
) -> BarColumns:
    """The whole file's bars: the checks between rows (order, twins, jumps) on all of them."""
    ts, o, h, lo, c, v, rows = parts
    perm = checks.time_order(path, rows, ts, time_col, sort=opts.sort, unique=True)
    if perm is not None:
        ts, o, h, lo, c, v, rows = (a[perm] for a in (ts, o, h, lo, c, v, rows))
    before = np.r_[np.nan, c[:-1]] if len(c) else c
    comparisons: list[checks.Comparison] = [
        ("open", o, before, "the previous close"),
        ("close", c, o, "the open"),
        ("high", h, np.maximum(o, c), "the bar's open/close"),
        ("low", lo, np.minimum(o, c), "the bar's open/close"),
    ]
    jumps = checks.jumps(path, rows, comparisons, multiple=opts.jump_multiple, action=opts.on_jump)
    del before, comparisons
    unused = _unused(columns, path, BAR_COLUMNS)
    return BarColumns(path, ts, o, h, lo, c, v, rows, (*notes, *unused, *jumps))


def frame_to_bars(table: Table, path: Path, opts: ReadOptions) -> BarColumns:
    time_col, parts = _bar_block(table, path, opts)
    return _bars_of(path, opts, time_col, parts, table.frame.columns, list(table.warnings))


def _tick_block(table: Table, path: Path, opts: ReadOptions) -> tuple[str, Parts]:
    frame, rows = table.frame, table.rows
    time_col = _time_column(frame, path, TICK_COLUMNS)
    _require(frame, path, ("price",), TICK_COLUMNS)
    ts = parse_timestamps(frame[time_col], opts, path, time_col, rows)
    price = _numbers(frame, "price", path, rows)
    size = _numbers(frame, "size", path, rows) if "size" in frame.columns else np.ones(len(ts))
    checks.positive_prices(path, rows, {"price": price})
    odd = (size < 0) | (size != np.round(size))
    if odd.any():
        i = int(np.flatnonzero(odd)[0])
        raise FeedDataError(
            f"{where(path, int(rows[i]), 'size')}: {size[i]!r} is not a whole number of "
            "contracts (0 or more)"
        )
    return time_col, [ts, price, size, rows]


def _ticks_of(
    path: Path, opts: ReadOptions, time_col: str, parts: Parts, columns: object, notes: list[str]
) -> TickColumns:
    ts, price, size, rows = parts
    perm = checks.time_order(path, rows, ts, time_col, sort=opts.sort, unique=False)
    if perm is not None:
        ts, price, size, rows = ts[perm], price[perm], size[perm], rows[perm]
    before = np.r_[np.nan, price[:-1]] if len(price) else price
    jumps = checks.jumps(
        path,
        rows,
        [("price", price, before, "the previous price")],
        multiple=opts.jump_multiple,
        action=opts.on_jump,
    )
    unused = _unused(columns, path, TICK_COLUMNS)
    return TickColumns(path, ts, price, size.astype(np.int64), rows, (*notes, *unused, *jumps))


def frame_to_ticks(table: Table, path: Path, opts: ReadOptions) -> TickColumns:
    time_col, parts = _tick_block(table, path, opts)
    return _ticks_of(path, opts, time_col, parts, table.frame.columns, list(table.warnings))


def is_tick_table(frame: pd.DataFrame) -> bool:
    return "price" in frame.columns and "close" not in frame.columns


def read_file(
    path: Path, opts: ReadOptions, block_bytes: int = BLOCK_BYTES
) -> BarColumns | TickColumns:
    """Bars or ticks of a file, read and checked a block at a time.

    Only the numeric columns of the whole file are ever held (56 bytes a bar), never its
    text or a frame of it. A block whose naive local times cannot be placed alone (the
    repeated hour of a DST change cut in two) is read again together with the next one.
    """
    tables = read_tables(path, block_bytes)
    first = next(tables)
    ticks = is_tick_table(first.frame)
    block = _tick_block if ticks else _bar_block
    columns = first.frame.columns
    notes: list[str] = []
    parts: list[Parts] = []
    time_col = ""
    carried: checks.Carried | None = None
    before: tuple[object, ...] = ()  # the checks as they stood before the last block
    table: Table | None = first
    previous: Table | None = None
    store: _BarStore | None = None  # the blocks of a bar file read in more than one
    while table is not None:
        following = next(tables, None)
        for tries in range(_JOINS + 1):
            try:
                time_col, got = block(table, path, opts)
                break
            except FeedDataError:
                if tries == _JOINS or (following is None and previous is None):
                    raise
                if previous is not None:  # the rows before: the first pass of the hour
                    table, previous = _joined(previous, table), None
                    parts.pop()
                    if carried is not None:
                        carried.back(before)
                else:
                    assert following is not None
                    table = _joined(table, following)
                    following = next(tables, None)
        if carried is None and not opts.sort:
            carried = checks.Carried(path, time_col, opts, unique=not ticks)
        if carried is not None:
            before = carried.mark()
            if ticks:
                carried.trades(got[0], got[-1], got[1])
            else:
                carried.bars(got[0], got[-1], *got[1:5])
                if parts:  # the block before stands now: it is never read again with this one
                    store = store or _BarStore()
                    store.add(parts.pop())
        parts.append(got)
        notes.extend(table.warnings)
        previous, table = table, following
    if store is not None:
        store.add(parts.pop())
        notes += _unused(columns, path, BAR_COLUMNS)
        notes += carried.warnings() if carried is not None else []
        return store.columns(path, tuple(notes))
    joined = _concatenated(parts)
    if carried is None:  # sorting needs the whole file first
        if ticks:
            return _ticks_of(path, opts, time_col, joined, columns, notes)
        return _bars_of(path, opts, time_col, joined, columns, notes)
    notes += _unused(columns, path, TICK_COLUMNS if ticks else BAR_COLUMNS)
    notes += carried.warnings()
    if ticks:
        ts, price, size, rows = joined
        return TickColumns(path, ts, price, size.astype(np.int64), rows, tuple(notes))
    ts, o, h, lo, c, v, rows = joined
    return BarColumns(path, ts, o, h, lo, c, v, rows, tuple(notes))


class _BarStore:
    """A bar file's blocks as they are read, in a temporary file."""

    __slots__ = ("held",)

    def __init__(self) -> None:
        i8, f8 = np.dtype(np.int64), np.dtype(np.float64)
        self.held = Stored([i8] + [f8] * len(PRICE_NAMES) + [i8])

    def add(self, parts: Parts) -> None:
        """One block's columns (ts, the prices, volume, rows), let go of once written."""
        self.held.append(parts)
        parts.clear()

    def columns(self, path: Path, warnings: tuple[str, ...]) -> BarColumns:
        return BarColumns.held(path, self.held, warnings)


_JOINS = 3
"""Blocks a failing block is joined with, one by one, before its error stands."""


def _joined(a: Table, b: Table) -> Table:
    frame = pd.concat([a.frame, b.frame], ignore_index=True)
    return Table(frame, np.concatenate([a.rows, b.rows]), (*a.warnings, *b.warnings))


def _concatenated(parts: list[Parts]) -> Parts:
    """Each column of all blocks in one array, one column at a time (the blocks' pieces
    are let go as it goes: the peak is the result and one column)."""
    if len(parts) == 1:
        return parts[0]
    out: Parts = []
    for k in range(len(parts[0])):
        pieces = [p[k] for p in parts]
        for p in parts:
            p[k] = np.empty(0)
        out.append(np.concatenate(pieces))
        del pieces
    return out


@functools.lru_cache(maxsize=16)
def _cached(path: str, version: tuple[int, int], opts: ReadOptions) -> BarColumns | TickColumns:
    """``version`` (mtime in ns, size) is only a key of the cache: a changed file is read again."""
    return read_file(Path(path), opts)


def read_columns(path: Path, opts: ReadOptions | None = None) -> BarColumns | TickColumns:
    """Bars or ticks of a file, whichever its columns hold; parsed once per file version.

    Messages name the file by its resolved path, the one the cache holds.
    """
    path = Path(path)
    try:
        st = path.stat()
    except OSError as exc:
        raise FeedDataError(f"{path}: no such file") from exc
    return _cached(str(path.resolve()), (st.st_mtime_ns, st.st_size), opts or ReadOptions())


def resample(columns: BarColumns, length_ns: int, target_ns: int) -> BarColumns:
    """Longer bars from shorter ones, buckets aligned to multiples of the target length.

    Alignment on the epoch makes 5-minute bars start on :00, :05, ... and hourly bars on
    the hour, which is what a bot asking for them expects.
    """
    if target_ns == length_ns:
        return columns
    if target_ns < length_ns or target_ns % length_ns:
        raise FeedDataError(
            f"{columns.path}: cannot build {target_ns // 10**9}s bars from "
            f"{length_ns // 10**9}s bars (need a whole multiple)"
        )
    if not len(columns):
        return columns
    bucket = columns.ts - columns.ts % target_ns
    starts = np.flatnonzero(np.r_[True, bucket[1:] != bucket[:-1]])
    ends = np.r_[starts[1:], len(bucket)] - 1
    return BarColumns(
        columns.path,
        bucket[starts],
        columns.open[starts],
        np.maximum.reduceat(columns.high, starts),
        np.minimum.reduceat(columns.low, starts),
        columns.close[ends],
        np.add.reduceat(columns.volume, starts),
        None if columns.rows is None else columns.rows[starts],
        columns.warnings,
    )
