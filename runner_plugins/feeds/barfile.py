"""Reading bar and tick files (CSV, gzip CSV, Parquet) into columns of UTC nanoseconds.

Parsing is vectorized with pandas and kept apart from building event objects so that a
million-row file costs one pass of C code plus one list comprehension. Every user mistake
(missing columns, a timestamp that does not parse, a DST gap) becomes a
:class:`FeedDataError` naming the file, the line and the field.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from runner.api import RunnerError

BAR_COLUMNS: tuple[str, ...] = ("timestamp", "open", "high", "low", "close", "volume")
TICK_COLUMNS: tuple[str, ...] = ("timestamp", "price", "size")
_TIME_ALIASES = ("timestamp", "time", "datetime", "date")

# An explicit UTC offset (Z, +02:00, -0500, +05) right after a clock time.
_OFFSET = r"\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$"


class FeedDataError(RunnerError, ValueError):
    """A data file cannot be used; the message says which file, where, and why."""


@dataclass(frozen=True, slots=True)
class BarColumns:
    """Bars of one file as arrays, sorted by start time (int64 ns UTC)."""

    path: Path
    ts: np.ndarray
    open: np.ndarray
    high: np.ndarray
    low: np.ndarray
    close: np.ndarray
    volume: np.ndarray

    def __len__(self) -> int:
        return len(self.ts)

    def spacing_ns(self) -> int | None:
        """The most common distance between consecutive bars: the bar length of the file."""
        if len(self.ts) < 2:
            return None
        gaps = np.diff(self.ts)
        gaps = gaps[gaps > 0]
        if not len(gaps):
            return None
        values, counts = np.unique(gaps, return_counts=True)
        return int(values[np.argmax(counts)])


@dataclass(frozen=True, slots=True)
class TickColumns:
    """Trades of one file as arrays, in time order (int64 ns UTC)."""

    path: Path
    ts: np.ndarray
    price: np.ndarray
    size: np.ndarray

    def __len__(self) -> int:
        return len(self.ts)


def is_csv(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(".csv") or name.endswith(".csv.gz")


def _where(path: Path, row: int) -> str:
    """CSV rows are reported as editor line numbers (the header is line 1)."""
    return f"{path}, line {row + 2}" if is_csv(path) else f"{path}, row {row + 1}"


def read_table(path: Path) -> pd.DataFrame:
    """The raw table of a data file with lower-cased, stripped column names."""
    if not path.is_file():
        raise FeedDataError(f"{path}: no such file")
    try:
        if is_csv(path):
            frame = pd.read_csv(path, skipinitialspace=True)
        elif path.name.lower().endswith(".parquet"):
            frame = pd.read_parquet(path)
            if not isinstance(frame.index, pd.RangeIndex):
                frame = frame.reset_index()
        else:
            raise FeedDataError(f"{path}: unknown file type (expected .csv, .csv.gz or .parquet)")
    except FeedDataError:
        raise
    except pd.errors.EmptyDataError as exc:
        raise FeedDataError(f"{path}: the file is empty") from exc
    except (pd.errors.ParserError, UnicodeDecodeError, OSError, ValueError) as exc:
        raise FeedDataError(f"{path}: cannot read the file: {_first_line(exc)}") from exc
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    return frame


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


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


def parse_timestamps(values: pd.Series, tz: str, path: Path, field: str) -> np.ndarray:
    """UTC epoch nanoseconds of a timestamp column.

    Text with an offset keeps its offset (any zone, mixed offsets allowed, so a file that
    crosses a DST change in local time is read right); naive text and naive datetimes are
    wall-clock times in ``tz``; numbers are epoch seconds, ms, us or ns by magnitude.
    """
    if len(values) == 0:
        return np.empty(0, dtype=np.int64)
    if values.isna().any():
        row = int(np.flatnonzero(values.isna().to_numpy())[0])
        raise FeedDataError(f"{_where(path, row)}, field '{field}': missing timestamp")
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return _ns(values.dt.tz_convert("UTC"))
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return _localize(pd.DatetimeIndex(values), tz, path, field)
    if pd.api.types.is_numeric_dtype(values.dtype):
        return _epoch(values.to_numpy(), path, field)
    text = values.astype(str).str.strip()
    has_offset = _has_offset(text)
    out = np.empty(len(text), dtype=np.int64)
    if has_offset.any():
        aware = _to_datetime(text[has_offset], path, field, utc=True)
        out[has_offset] = _ns(aware)
    naive_mask = ~has_offset
    if naive_mask.any():
        naive = _to_datetime(text[naive_mask], path, field, utc=False)
        if naive.dt.tz is not None:  # e.g. a trailing "UTC" word the offset pattern missed
            out[naive_mask] = _ns(naive.dt.tz_convert("UTC"))
        else:
            local = _localize(pd.DatetimeIndex(naive), tz, path, field, rows=naive.index)
            out[naive_mask] = local
    return out


def _has_offset(text: pd.Series) -> np.ndarray:
    """Which rows carry a UTC offset, matched with Arrow's RE2 (pandas' regex is per row)."""
    try:
        arr = pa.array(text.array, type=pa.large_string())  # zero-copy for Arrow strings
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        arr = pa.array(text.to_numpy(dtype=object), type=pa.large_string())
    found = pc.match_substring_regex(arr, _OFFSET)
    return found.to_numpy(zero_copy_only=False).astype(bool, copy=False)


def _ns(values: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """Epoch ns of datetimes whatever their stored resolution (pandas 3 may keep us or s)."""
    index = pd.DatetimeIndex(values)
    if index.tz is not None:
        index = index.tz_convert("UTC").tz_localize(None)
    return index.as_unit("ns").asi8.copy()


def _to_datetime(text: pd.Series, path: Path, field: str, *, utc: bool) -> pd.Series:
    """ISO 8601 in one vectorized pass, other layouts only for the rows that need them."""
    parsed = pd.to_datetime(text, format="ISO8601", utc=utc, errors="coerce")
    bad = parsed.isna()
    if bad.any():
        retry = pd.to_datetime(text[bad], format="mixed", utc=utc, errors="coerce")
        if utc or retry.dt.tz is None:
            parsed = parsed.astype(retry.dtype) if parsed.dtype != retry.dtype else parsed
            parsed[bad] = retry
        still = parsed.isna()
        if still.any():
            row = int(text.index[np.flatnonzero(still.to_numpy())[0]])
            raise FeedDataError(
                f"{_where(path, row)}, field '{field}': cannot parse timestamp {text.loc[row]!r}"
            )
    return parsed


def _localize(
    naive: pd.DatetimeIndex,
    tz: str,
    path: Path,
    field: str,
    rows: pd.Index | None = None,
) -> np.ndarray:
    """Wall-clock times in ``tz`` to UTC ns; the repeated DST hour is told apart by order."""
    if tz.upper() in ("UTC", "Z", "ETC/UTC"):
        return _ns(naive)
    try:
        return _ns(naive.tz_localize(tz, ambiguous="infer", nonexistent="raise"))
    except (ValueError, TypeError) as first:
        try:
            probe = naive.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
        except Exception as exc:
            raise FeedDataError(f"{path}: bad time zone {tz!r}: {_first_line(exc)}") from exc
        bad = np.flatnonzero(probe.isna())
        if not len(bad):
            raise FeedDataError(f"{path}: {_first_line(first)}") from first
        pos = int(bad[0])
        row = int(rows[pos]) if rows is not None else pos
        stamp = naive[pos]
        try:
            naive[pos : pos + 1].tz_localize(tz, ambiguous="raise", nonexistent="raise")
            why = "is ambiguous"
        except Exception as exc:
            why = "is ambiguous" if "ambiguous" in str(exc).lower() else "does not exist"
        raise FeedDataError(
            f"{_where(path, row)}, field '{field}': {stamp} {why} in {tz} "
            "(a DST change); write the timestamps with their UTC offset"
        ) from first


def _epoch(raw: np.ndarray, path: Path, field: str) -> np.ndarray:
    if not np.isfinite(raw).all():
        row = int(np.flatnonzero(~np.isfinite(raw))[0])
        raise FeedDataError(f"{_where(path, row)}, field '{field}': not a timestamp")
    biggest = float(np.abs(raw).max())
    for limit, scale in ((1e11, 10**9), (1e14, 10**6), (1e17, 10**3)):
        if biggest < limit:
            if np.issubdtype(raw.dtype, np.integer):
                return raw.astype(np.int64) * scale  # exact, no float rounding
            return (raw.astype(np.float64) * scale).round().astype(np.int64)
    return raw.astype(np.int64)


def _numbers(frame: pd.DataFrame, name: str, path: Path) -> np.ndarray:
    col = frame[name]
    values = pd.to_numeric(col, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    bad = ~np.isfinite(values)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raw = col.iloc[row]
        what = "missing value" if pd.isna(raw) else f"not a number: {raw!r}"
        raise FeedDataError(f"{_where(path, row)}, field '{name}': {what}")
    return values


def _order(ts: np.ndarray) -> np.ndarray | None:
    """A stable sort permutation, or None when the file is already in time order."""
    if len(ts) < 2 or bool((np.diff(ts) >= 0).all()):
        return None
    return np.argsort(ts, kind="stable")


def frame_to_bars(frame: pd.DataFrame, path: Path, tz: str = "UTC") -> BarColumns:
    time_col = _time_column(frame, path, BAR_COLUMNS)
    _require(frame, path, ("open", "high", "low", "close"), BAR_COLUMNS)
    ts = parse_timestamps(frame[time_col], tz, path, time_col)
    o, h, lo, c = (_numbers(frame, n, path) for n in ("open", "high", "low", "close"))
    if "volume" in frame.columns:
        v = _numbers(frame, "volume", path)
    else:
        v = np.zeros(len(ts))
    bad = (h < np.maximum(o, c)) | (lo > np.minimum(o, c)) | (lo > h)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise FeedDataError(
            f"{_where(path, row)}, fields 'high'/'low': high {h[row]} and low {lo[row]} do not "
            f"contain open {o[row]} and close {c[row]}"
        )
    if (v < 0).any():
        row = int(np.flatnonzero(v < 0)[0])
        raise FeedDataError(f"{_where(path, row)}, field 'volume': negative volume {v[row]}")
    perm = _order(ts)
    if perm is not None:
        ts, o, h, lo, c, v = (a[perm] for a in (ts, o, h, lo, c, v))
    dup = np.flatnonzero(np.diff(ts) == 0)
    if len(dup):
        first = int(dup[0]) if perm is None else int(perm[dup[0] + 1])
        raise FeedDataError(
            f"{_where(path, first)}, field '{time_col}': two bars start at "
            f"{pd.Timestamp(int(ts[dup[0]]), tz='UTC')}"
        )
    return BarColumns(path, ts, o, h, lo, c, v)


def frame_to_ticks(frame: pd.DataFrame, path: Path, tz: str = "UTC") -> TickColumns:
    time_col = _time_column(frame, path, TICK_COLUMNS)
    _require(frame, path, ("price",), TICK_COLUMNS)
    ts = parse_timestamps(frame[time_col], tz, path, time_col)
    price = _numbers(frame, "price", path)
    size = _numbers(frame, "size", path) if "size" in frame.columns else np.ones(len(ts))
    perm = _order(ts)
    if perm is not None:
        ts, price, size = ts[perm], price[perm], size[perm]
    return TickColumns(path, ts, price, size.astype(np.int64))


def is_tick_table(frame: pd.DataFrame) -> bool:
    return "price" in frame.columns and "close" not in frame.columns


@functools.lru_cache(maxsize=16)
def _cached(path: str, version: tuple[int, int], tz: str) -> BarColumns | TickColumns:
    """``version`` (mtime in ns, size) is only a key of the cache: a changed file is read again."""
    p = Path(path)
    frame = read_table(p)
    if is_tick_table(frame):
        return frame_to_ticks(frame, p, tz)
    return frame_to_bars(frame, p, tz)


def read_columns(path: Path, tz: str = "UTC") -> BarColumns | TickColumns:
    """Bars or ticks of a file, whichever its columns hold; parsed once per file version."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError as exc:
        raise FeedDataError(f"{path}: no such file") from exc
    return _cached(str(path.resolve()), (st.st_mtime_ns, st.st_size), tz)


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
    )
