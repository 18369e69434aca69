"""The catalog on disk: hive-partitioned Parquet, one file per symbol and session day.

Layout under the catalog root (``catalog/`` beside ``strategies.d/`` by default)::

    bars/<bar>/symbol=<SYMBOL>/date=<YYYY-MM-DD>/part-0.parquet
    manifest.json

``<bar>`` is ``1m``, ``1s`` (any ``<N>s``/``<N>m``/``<N>h``), ``tick`` (trades: ts, price,
size) or ``ticks<N>`` (bars of N trades). ``<SYMBOL>`` is a contract (``GCZ6``) or a
continuous series built from contracts (``GC.c``), never a bare root. ``date`` is the
trading session's date in the exchange calendar, decided by the writer.

A day is replaced whole: the new file is written beside the old one and renamed over it,
so a fetch interrupted at any moment leaves either the old day or the new one, never half.
The manifest is rewritten the same way, under a lock, so two writers do not lose updates.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from runner.catalog.columns import (
    BAR_SCHEMA,
    TICK_SCHEMA,
    CatalogError,
    cast_batch,
    conform,
    edge,
    is_sorted,
    rows_in,
    ts_filter,
    ts_mask,
    utc,
)
from runner.catalog.manifest import ContinuousInfo, GapRecord, Holding, Manifest, holding_key

__all__ = ["BAR_SCHEMA", "TICK_SCHEMA", "Catalog", "CatalogError", "check_bar", "schema_for"]

try:  # POSIX only; elsewhere the manifest is updated without a lock
    import fcntl
except ImportError:  # pragma: no cover - not reached on the platforms the project runs on
    fcntl = None  # type: ignore[assignment]

_BAR_RE = re.compile(r"^(?:[1-9][0-9]*[smh]|tick|ticks[1-9][0-9]*)$")
_SYMBOL_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_DAY_DIR = re.compile(r"^date=(\d{4}-\d{2}-\d{2})$")
_FILE = "part-0.parquet"
# A session day's bars lie within a day or so of its date in UTC; reads prune day files
# by date with this margin and then filter exactly on ``ts``.
_PRUNE_MARGIN = timedelta(days=2)


def schema_for(bar: str) -> pa.Schema:
    """The column layout of ``bar``: trades for ``tick``, OHLCV for every kind of bar."""
    check_bar(bar)
    return TICK_SCHEMA if bar == "tick" else BAR_SCHEMA


def check_bar(bar: str) -> None:
    if not _BAR_RE.match(bar):
        raise CatalogError(
            f"bar {bar!r} is not a catalog bar size: expected 1m, 1s, 5m, 1h, tick or ticks<N>"
        )


def check_symbol(symbol: str) -> None:
    if not _SYMBOL_RE.match(symbol):
        raise CatalogError(
            f"symbol {symbol!r} cannot name a catalog holding: letters, digits, '.', '_' or '-'"
        )


class Catalog:
    """Read and write one catalog directory.

    The object holds nothing but the root: every call looks at the disk, so a fetch in
    another process and a backtest here see the same catalog.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # -- paths -----------------------------------------------------------------------
    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    def symbol_dir(self, symbol: str, bar: str) -> Path:
        check_symbol(symbol)
        check_bar(bar)
        return self.root / "bars" / bar / f"symbol={symbol}"

    def day_path(self, symbol: str, bar: str, day: date) -> Path:
        return self.symbol_dir(symbol, bar) / f"date={day.isoformat()}" / _FILE

    # -- writing -----------------------------------------------------------------------
    def write_day(self, symbol: str, bar: str, day: date, table: pa.Table, *, source: str) -> int:
        """Store one session day of ``symbol``, replacing what was held; returns rows written.

        An empty table is a valid day (the exchange was closed or nothing traded): holding
        it tells a resumed fetch the day is done.
        """
        clean = conform(table, schema_for(bar), what=f"{symbol} {bar} {day.isoformat()}")
        path = self.day_path(symbol, bar, day)
        path.parent.mkdir(parents=True, exist_ok=True)
        old_rows = rows_in(path) if path.exists() else 0
        tmp = path.with_name(f".{_FILE}.{os.getpid()}.tmp")
        try:
            pq.write_table(clean, tmp)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        with self._locked():
            manifest = self._load()
            held = manifest.get(symbol, bar)
            rows = (held.rows if held else 0) - old_rows + clean.num_rows
            holding = self._summarise(symbol, bar, source, rows=rows, previous=held)
            manifest.holdings[holding.key] = holding
            self._save(manifest)
        return clean.num_rows

    def record(
        self,
        symbol: str,
        bar: str,
        source: str,
        *,
        gaps: list[GapRecord] | None = None,
        checked_at: datetime | None = None,
        continuous: ContinuousInfo | None = None,
        fetched_at: datetime | None = None,
    ) -> Holding:
        """Recompute the holding of ``(symbol, bar)`` from its files and save it.

        Arguments left ``None`` keep what the manifest held; range, days and rows always
        come from the files.
        """
        with self._locked():
            manifest = self._load()
            previous = manifest.get(symbol, bar)
            rows = sum(rows_in(p) for p in self._day_files(symbol, bar))
            holding = self._summarise(
                symbol, bar, source, rows=rows, previous=previous, fetched_at=fetched_at
            )
            if gaps is not None:
                holding.gaps = list(gaps)
            if checked_at is not None:
                holding.checked_at = checked_at
            if continuous is not None:
                holding.continuous = continuous
            manifest.holdings[holding.key] = holding
            self._save(manifest)
            return holding

    def remove(self, symbol: str, bar: str) -> None:
        """Drop every day of a holding (a continuous series is rebuilt whole)."""
        for path in self._day_files(symbol, bar):
            path.unlink()
            with contextlib.suppress(OSError):
                path.parent.rmdir()
        with self._locked():
            manifest = self._load()
            manifest.holdings.pop(holding_key(symbol, bar), None)
            self._save(manifest)

    # -- reading -----------------------------------------------------------------------
    def held_days(self, symbol: str, bar: str) -> set[date]:
        return set(self._days(symbol, bar))

    def symbols(self, bar: str | None = None) -> list[str]:
        """Symbols holding at least one day, of one bar size or of any."""
        base = self.root / "bars"
        if bar is not None:
            check_bar(bar)
            bar_dirs = [base / bar]
        else:
            bar_dirs = sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []
        found: set[str] = set()
        for bar_dir in bar_dirs:
            if not bar_dir.is_dir():
                continue
            for sym_dir in bar_dir.iterdir():
                if sym_dir.name.startswith("symbol=") and any(
                    (d / _FILE).is_file() for d in sym_dir.iterdir()
                ):
                    found.add(sym_dir.name.removeprefix("symbol="))
        return sorted(found)

    def bars_of(self, symbol: str) -> list[str]:
        """The bar sizes held for ``symbol``."""
        base = self.root / "bars"
        if not base.is_dir():
            return []
        return sorted(
            d.name for d in base.iterdir() if _BAR_RE.match(d.name) and self._days(symbol, d.name)
        )

    def read(
        self,
        symbol: str,
        bar: str,
        start: datetime | None = None,
        end: datetime | None = None,
    ) -> pa.Table:
        """Every row of ``symbol`` with ``start <= ts < end``, in time order."""
        files = self._files_between(symbol, bar, start, end)
        schema = schema_for(bar)
        if not files:
            return schema.empty_table()
        dataset = ds.dataset([str(f) for f in files], schema=schema, format="parquet")
        table = dataset.to_table(filter=ts_filter(start, end))
        return table.sort_by("ts") if not is_sorted(table) else table

    def read_day(self, symbol: str, bar: str, day: date) -> pa.Table:
        """The whole file of one session day (empty when the day is not held)."""
        path = self.day_path(symbol, bar, day)
        schema = schema_for(bar)
        if not path.is_file():
            return schema.empty_table()
        table = pq.read_table(path)
        return table if table.schema.equals(schema) else table.select(schema.names).cast(schema)

    def iter_batches(
        self,
        symbol: str,
        bar: str,
        start: datetime | None = None,
        end: datetime | None = None,
        batch_rows: int = 65536,
    ) -> Iterator[pa.RecordBatch]:
        """The rows of :meth:`read`, a batch at a time, so memory stays flat over years."""
        if batch_rows < 1:
            raise CatalogError(f"batch_rows must be at least 1, got {batch_rows}")
        schema = schema_for(bar)
        for path in self._files_between(symbol, bar, start, end):
            for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows):
                batch = cast_batch(batch, schema)
                if start is not None or end is not None:
                    batch = batch.filter(ts_mask(batch, start, end))
                if batch.num_rows:
                    yield batch

    def manifest(self) -> Manifest:
        return self._load()

    # -- internals ---------------------------------------------------------------------
    def _days(self, symbol: str, bar: str) -> list[date]:
        base = self.symbol_dir(symbol, bar)
        if not base.is_dir():
            return []
        days = []
        for child in base.iterdir():
            m = _DAY_DIR.match(child.name)
            if m and (child / _FILE).is_file():
                days.append(date.fromisoformat(m.group(1)))
        return sorted(days)

    def _day_files(self, symbol: str, bar: str) -> list[Path]:
        return [self.day_path(symbol, bar, d) for d in self._days(symbol, bar)]

    def _files_between(
        self, symbol: str, bar: str, start: datetime | None, end: datetime | None
    ) -> list[Path]:
        lo = (utc(start) - _PRUNE_MARGIN).date() if start is not None else None
        hi = (utc(end) + _PRUNE_MARGIN).date() if end is not None else None
        return [
            self.day_path(symbol, bar, d)
            for d in self._days(symbol, bar)
            if (lo is None or d >= lo) and (hi is None or d <= hi)
        ]

    def _summarise(
        self,
        symbol: str,
        bar: str,
        source: str,
        *,
        rows: int,
        previous: Holding | None,
        fetched_at: datetime | None = None,
    ) -> Holding:
        files = self._day_files(symbol, bar)
        first = last = None
        for path in files:  # the first non-empty day
            first = edge(path, "min")
            if first is not None:
                break
        for path in reversed(files):
            last = edge(path, "max")
            if last is not None:
                break
        holding = Holding(
            symbol=symbol,
            bar=bar,
            source=source,
            first=first,
            last=last,
            days=len(files),
            rows=rows,
            fetched_at=fetched_at or datetime.now(UTC),
        )
        if previous is not None:
            holding.gaps = previous.gaps
            holding.checked_at = previous.checked_at
            holding.continuous = previous.continuous
        return holding

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        if fcntl is None:  # pragma: no cover
            yield
            return
        with open(self.root / ".manifest.lock", "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _load(self) -> Manifest:
        path = self.manifest_path
        if not path.is_file():
            return Manifest()
        try:
            return Manifest.model_validate_json(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise CatalogError(f"{path}: not a catalog manifest: {exc}") from None

    def _save(self, manifest: Manifest) -> None:
        path = self.manifest_path
        tmp = path.with_name(f".manifest.json.{os.getpid()}.tmp")
        tmp.write_text(manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)
