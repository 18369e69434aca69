"""The catalog store: layout on disk, whole-day replacement, range reads, the manifest."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from runner.catalog import Catalog, CatalogError, GapRecord
from runner.catalog.store import TICK_SCHEMA
from tests.catalog.synth import walk_day

D1, D2, D3 = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)


def _cat(tmp_path: Path) -> Catalog:
    cat = Catalog(tmp_path / "catalog")
    for i, d in enumerate((D1, D2, D3)):
        cat.write_day("GCJ6", "1m", d, walk_day(d, seed=i, start_price=2000.0), source="test")
    return cat


def test_layout_is_hive_partitioned_and_readable_as_a_dataset(tmp_path: Path) -> None:
    cat = _cat(tmp_path)
    path = tmp_path / "catalog/bars/1m/symbol=GCJ6/date=2026-03-03/part-0.parquet"
    assert path.is_file()
    dataset = ds.dataset(tmp_path / "catalog/bars/1m", partitioning="hive", format="parquet")
    table = dataset.to_table(filter=ds.field("symbol") == "GCJ6")
    assert table.num_rows == 180
    assert set(table.column("date").to_pylist()) == {"2026-03-02", "2026-03-03", "2026-03-04"}
    assert cat.held_days("GCJ6", "1m") == {D1, D2, D3}
    assert cat.symbols() == ["GCJ6"] and cat.symbols("1m") == ["GCJ6"] and cat.symbols("1s") == []


def test_read_is_time_ordered_and_half_open(tmp_path: Path) -> None:
    cat = _cat(tmp_path)
    whole = cat.read("GCJ6", "1m")
    assert whole.num_rows == 180
    ts = whole.column("ts").to_pylist()
    assert ts == sorted(ts)
    start = datetime(2026, 3, 3, 14, 10, tzinfo=UTC)
    end = datetime(2026, 3, 3, 14, 20, tzinfo=UTC)
    part = cat.read("GCJ6", "1m", start, end)
    assert part.column("ts").to_pylist() == [start + timedelta(minutes=i) for i in range(10)]
    assert part.schema.field("ts").type == pa.timestamp("ns", tz="UTC")


def test_iter_batches_matches_read_in_small_batches(tmp_path: Path) -> None:
    cat = _cat(tmp_path)
    start = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
    batches = list(cat.iter_batches("GCJ6", "1m", start=start, batch_rows=7))
    assert all(b.num_rows <= 7 for b in batches)
    joined = pa.Table.from_batches(batches)
    assert joined.equals(cat.read("GCJ6", "1m", start=start))
    assert joined.num_rows == 150


def test_a_day_is_replaced_whole_and_the_manifest_follows(tmp_path: Path) -> None:
    cat = _cat(tmp_path)
    held = cat.manifest().get("GCJ6", "1m")
    assert held is not None
    assert (held.days, held.rows, held.source) == (3, 180, "test")
    assert held.first == datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
    assert held.last == datetime(2026, 3, 4, 14, 59, tzinfo=UTC)
    written = cat.write_day(
        "GCJ6", "1m", D2, walk_day(D2, seed=9, start_price=10.0, minutes=5), source="ib"
    )
    assert written == 5
    again = cat.manifest().get("GCJ6", "1m")
    assert again is not None
    assert (again.days, again.rows, again.source) == (3, 125, "ib")
    assert (
        cat.read(
            "GCJ6", "1m", datetime(2026, 3, 3, tzinfo=UTC), datetime(2026, 3, 4, tzinfo=UTC)
        ).num_rows
        == 5
    )
    leftovers = [p.name for p in (tmp_path / "catalog").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_an_empty_day_is_held_but_has_no_range(tmp_path: Path) -> None:
    cat = Catalog(tmp_path / "c")
    cat.write_day("GCJ6", "1m", D1, walk_day(D1, seed=1, start_price=1.0, minutes=0), source="s")
    assert cat.held_days("GCJ6", "1m") == {D1}
    held = cat.manifest().get("GCJ6", "1m")
    assert held is not None and held.first is None and held.days == 1 and held.rows == 0


def test_record_recomputes_from_files_and_keeps_gaps(tmp_path: Path) -> None:
    cat = _cat(tmp_path)
    gap = GapRecord(start=datetime(2026, 3, 3, tzinfo=UTC), end=datetime(2026, 3, 3, 1, tzinfo=UTC))
    cat.record("GCJ6", "1m", "test", gaps=[gap])
    cat.write_day(
        "GCJ6",
        "1m",
        date(2026, 3, 5),
        walk_day(date(2026, 3, 5), seed=4, start_price=1.0),
        source="test",
    )
    held = Catalog(tmp_path / "catalog").manifest().get("GCJ6", "1m")
    assert held is not None and held.gaps == [gap] and held.days == 4 and held.rows == 240


def test_ticks_have_their_own_columns(tmp_path: Path) -> None:
    cat = Catalog(tmp_path / "c")
    ts = [datetime(2026, 3, 2, 14, 0, s, tzinfo=UTC) for s in (1, 2, 3)]
    table = pa.Table.from_pydict({"ts": ts, "price": [1.0, 2.0, 3.0], "size": [1, 1, 2]})
    assert cat.write_day("GCJ6", "tick", D1, table, source="s") == 3
    assert cat.read("GCJ6", "tick").schema == TICK_SCHEMA


def test_trades_may_share_a_stamp_and_keep_their_order(tmp_path: Path) -> None:
    """A venue stamping seconds prints several trades in one: all are kept, in order."""
    cat = Catalog(tmp_path / "c")
    ts = [datetime(2026, 3, 2, 14, 0, s, tzinfo=UTC) for s in (2, 1, 1, 1)]
    table = pa.Table.from_pydict({"ts": ts, "price": [4.0, 1.0, 2.0, 3.0], "size": [1, 1, 1, 1]})
    assert cat.write_day("GCJ6", "tick", D1, table, source="s") == 4
    assert cat.read("GCJ6", "tick").column("price").to_pylist() == [1.0, 2.0, 3.0, 4.0]


def test_unsorted_rows_are_sorted_but_duplicates_refused(tmp_path: Path) -> None:
    cat = Catalog(tmp_path / "c")
    table = walk_day(D1, seed=1, start_price=5.0, minutes=4)
    cat.write_day("GCJ6", "1m", D1, table.take([3, 1, 0, 2]), source="s")
    assert cat.read("GCJ6", "1m").equals(table)
    with pytest.raises(CatalogError, match="share one time stamp"):
        cat.write_day("GCJ6", "1m", D1, table.take([0, 0, 1]), source="s")


@pytest.mark.parametrize(
    ("symbol", "bar", "table", "message"),
    [
        ("GC/J6", "1m", None, "cannot name a catalog holding"),
        ("GCJ6", "2x", None, "not a catalog bar size"),
        ("GCJ6", "1m", pa.table({"ts": [1]}), "lacks column"),
        (
            "GCJ6",
            "1m",
            pa.table(
                {
                    "ts": pa.array([datetime(2026, 1, 1)]),
                    "open": [1.0],
                    "high": [1.0],
                    "low": [1.0],
                    "close": [1.0],
                    "volume": [1.0],
                }
            ),
            "with a time zone",
        ),
    ],
)
def test_bad_requests_are_refused_clearly(
    tmp_path: Path, symbol: str, bar: str, table: pa.Table | None, message: str
) -> None:
    cat = Catalog(tmp_path / "c")
    with pytest.raises(CatalogError, match=message):
        cat.write_day(
            symbol,
            bar,
            D1,
            table if table is not None else walk_day(D1, seed=1, start_price=1.0),
            source="s",
        )
    assert not cat.manifest().holdings


def test_a_corrupt_manifest_is_named(tmp_path: Path) -> None:
    cat = Catalog(tmp_path / "c")
    (tmp_path / "c").mkdir()
    cat.manifest_path.write_text("{not json")
    with pytest.raises(CatalogError, match="manifest.json: not a catalog manifest"):
        cat.manifest()
