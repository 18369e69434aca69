"""What the replay feed accepts but reports: holes while the session was open, price jumps,
columns nothing reads. The bundled data, which every shipped bot runs on, reports nothing."""

from __future__ import annotations

import gzip
from pathlib import Path

from runner_plugins.feeds import bundled
from runner_plugins.feeds.replay import ReplayFeed, ReplayParams

BUNDLED = Path(bundled.DATA_DIR)
SYMBOLS = ["ESZ3", "GCZ3", "SPY", "VIX", "ZNZ3", "6JZ3", "6EZ3", "CLZ3", "MCLZ3", "NGZ3", "USO"]


def gc_lines() -> list[str]:
    with gzip.open(BUNDLED / "GC.csv.gz", "rt") as f:
        return f.read().splitlines()


def test_the_bundled_data_reports_nothing() -> None:
    feed = ReplayFeed(ReplayParams())
    for symbol in [*SYMBOLS, "MGCZ3", "MESZ3"]:
        feed.columns(symbol)
    assert feed.warnings == []


def test_a_hole_in_open_session_is_counted_in_one_warning(tmp_path: Path) -> None:
    lines = gc_lines()
    # 2013-10-08 14:00-17:00 UTC and 2013-10-09 15:00-17:00 (COMEX open: the New York
    # morning); 2013-10-10 16:00-17:00 is one hour: within the tolerance
    holes = (
        "2013-10-08T14", "2013-10-08T15", "2013-10-08T16",
        "2013-10-09T15", "2013-10-09T16", "2013-10-10T16",
    )  # fmt: skip
    kept = [ln for ln in lines if not ln.startswith(holes)]
    (tmp_path / "GC.csv").write_text("\n".join(kept) + "\n")
    feed = ReplayFeed(ReplayParams(data=str(tmp_path)))
    feed.columns("GCZ3")
    (warning,) = feed.warnings
    assert warning.startswith(f"{tmp_path / 'GC.csv'}: 2 gap(s) of more than 60 minutes while ")
    assert "the COMEX session of GCZ3 was open; the largest: 180 open minutes from " in warning
    assert "2013-10-08 13:59" in warning or "2013-10-08 14:00" in warning
    # a tolerance above the largest hole: nothing to report
    quiet = ReplayFeed(ReplayParams(data=str(tmp_path), max_gap_minutes=200))
    quiet.columns("GCZ3")
    assert quiet.warnings == []


def test_a_spike_is_reported_once_with_count_and_row(tmp_path: Path) -> None:
    lines = gc_lines()
    for i in (50, 51):
        fields = lines[i].split(",")
        fields[1:5] = [repr(float(v) * 100) for v in fields[1:5]]
        lines[i] = ",".join(fields)
    (tmp_path / "GC.csv").write_text("\n".join(lines) + "\n")
    feed = ReplayFeed(ReplayParams(data=str(tmp_path)))
    feed.columns("GCZ3")
    feed.columns("GCZ3")  # read again: noted once
    (warning,) = feed.warnings
    assert warning.startswith(
        f"{tmp_path / 'GC.csv'}: 2 row(s) with a price jump of more than 2x, first at row 51: "
        "open 131560.0 against the previous close 1315.7"
    )


def test_unread_columns_are_named(tmp_path: Path) -> None:
    lines = gc_lines()
    lines[0] = lines[0].replace("volume", "vol")
    (tmp_path / "GC.csv").write_text("\n".join(lines) + "\n")
    feed = ReplayFeed(ReplayParams(data=str(tmp_path)))
    cols = feed.columns("GCZ3")
    assert not cols.volume.any()  # what the file says: no volume column
    assert feed.warnings == [
        f"{tmp_path / 'GC.csv'}: row 1: column(s) 'vol' are not read (the columns read are "
        "timestamp, open, high, low, close, volume)"
    ]
