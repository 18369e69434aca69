"""The catalog's column layouts and the Arrow work on them: checking, filtering, casting."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from runner.errors import RunnerError

BAR_SCHEMA = pa.schema(
    [
        ("ts", pa.timestamp("ns", tz="UTC")),
        ("open", pa.float64()),
        ("high", pa.float64()),
        ("low", pa.float64()),
        ("close", pa.float64()),
        ("volume", pa.float64()),
    ]
)
TICK_SCHEMA = pa.schema(
    [
        ("ts", pa.timestamp("ns", tz="UTC")),
        ("price", pa.float64()),
        ("size", pa.float64()),
    ]
)


class CatalogError(RunnerError):
    """A catalog request that cannot be served: bad symbol or bar name, malformed table."""


def conform(table: pa.Table, schema: pa.Schema, *, what: str) -> pa.Table:
    """``table`` in the catalog's column layout, sorted by time, or a clear refusal.

    Two bars never share a start; trades may share a stamp (a venue stamping seconds prints
    many trades in one), so they keep their order among equals (the sort is stable)."""
    missing = [n for n in schema.names if n not in table.column_names]
    if missing:
        raise CatalogError(f"{what}: table lacks column(s) {', '.join(missing)}")
    ts_type = table.schema.field("ts").type
    if not pa.types.is_timestamp(ts_type) or ts_type.tz is None:
        raise CatalogError(f"{what}: column ts must be a timestamp with a time zone, got {ts_type}")
    if table.column("ts").null_count:
        raise CatalogError(f"{what}: column ts holds empty stamps")
    try:
        columns = [table.column(f.name).cast(f.type) for f in schema]
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise CatalogError(f"{what}: {exc}") from None
    out = pa.Table.from_arrays(columns, schema=schema)
    if not is_sorted(out):
        out = out.sort_by("ts")
    if out.num_rows > 1 and not schema.equals(TICK_SCHEMA):
        ts = out.column("ts")
        same = pc.equal(ts.slice(1), ts.slice(0, out.num_rows - 1))
        if pc.any(same).as_py():
            raise CatalogError(f"{what}: two rows share one time stamp")
    return out


def is_sorted(table: pa.Table) -> bool:
    if table.num_rows < 2:
        return True
    ts = table.column("ts")
    back = pc.less(ts.slice(1), ts.slice(0, table.num_rows - 1))
    return not pc.any(back).as_py()


def rows_in(path: Path) -> int:
    return int(pq.ParquetFile(path).metadata.num_rows)


def edge(path: Path, which: str) -> datetime | None:
    ts = pq.read_table(path, columns=["ts"]).column("ts")
    if len(ts) == 0:
        return None
    value = pc.min_max(ts)[which].as_py()
    return utc(value)


def utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise CatalogError(f"time {value.isoformat()} has no time zone; give it in UTC")
    return value.astimezone(UTC)


def ts_filter(start: datetime | None, end: datetime | None) -> ds.Expression | None:
    field = ds.field("ts")
    expr = None
    if start is not None:
        expr = field >= pa.scalar(utc(start), pa.timestamp("ns", tz="UTC"))
    if end is not None:
        upper = field < pa.scalar(utc(end), pa.timestamp("ns", tz="UTC"))
        expr = upper if expr is None else expr & upper
    return expr


def ts_mask(batch: pa.RecordBatch, start: datetime | None, end: datetime | None) -> pa.Array:
    ts = batch.column(0)
    mask = None
    if start is not None:
        mask = pc.greater_equal(ts, pa.scalar(utc(start), pa.timestamp("ns", tz="UTC")))
    if end is not None:
        upper = pc.less(ts, pa.scalar(utc(end), pa.timestamp("ns", tz="UTC")))
        mask = upper if mask is None else pc.and_(mask, upper)
    return mask


def cast_batch(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    if batch.schema.equals(schema):
        return batch
    return pa.RecordBatch.from_arrays(
        [batch.column(f.name).cast(f.type) for f in schema], schema=schema
    )
