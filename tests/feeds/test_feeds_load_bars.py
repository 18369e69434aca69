"""Reading bar and tick files: time zones, formats, bar lengths, windows and errors."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from runner.errors import RunnerError
from runner.model import MINUTE_NS, NS, Bar, from_datetime
from runner_plugins.feeds import bundled
from runner_plugins.feeds.barfile import FeedDataError, ReadOptions
from runner_plugins.feeds.replay import load_bars, load_ticks
from runner_plugins.feeds.symbols import candidate_names, root_of

HEADER = "timestamp,open,high,low,close,volume\n"


def write(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text(header + "".join(r + "\n" for r in rows))
    return path


def ns(*args: int, tz=UTC) -> int:
    return from_datetime(datetime(*args, tzinfo=tz))


def test_root_of_strips_month_and_year() -> None:
    assert root_of("GCZ3") == "GC"
    assert root_of("GCZ13") == "GC"
    assert root_of("6EZ3") == "6E"
    assert root_of("MCLX3") == "MCL"
    assert root_of("ZNZ3") == "ZN"
    assert root_of("USO") == "USO"
    assert root_of("VIX") == "VIX"
    assert candidate_names("GCZ3")[:3] == ["GCZ3.csv", "GCZ3.csv.gz", "GCZ3.parquet"]
    assert candidate_names("GCZ3")[3:] == ["GC.csv", "GC.csv.gz", "GC.parquet"]


def test_naive_timestamps_use_the_given_zone(tmp_path: Path) -> None:
    f = write(tmp_path / "x.csv", ["2013-10-07 09:30,1,2,0.5,1.5,10", "2013-10-07 09:31,1,2,1,1,5"])
    utc = load_bars(f, tz="UTC")
    ny = load_bars(f, tz="America/New_York")
    assert utc[0].ts == ns(2013, 10, 7, 9, 30)
    assert ny[0].ts == ns(2013, 10, 7, 13, 30)  # EDT is UTC-4
    assert ny[0].end - ny[0].ts == MINUTE_NS
    assert ny[0].symbol == "X"


def test_naive_timestamps_without_a_stated_zone_are_refused(tmp_path: Path) -> None:
    f = write(tmp_path / "x.csv", ["2013-10-07 09:30,1,2,0.5,1.5,10", "2013-10-07 09:31,1,2,1,1,5"])
    with pytest.raises(
        FeedDataError,
        match=r"x\.csv: row 2: timestamp: '2013-10-07 09:30' has "
        r"no UTC offset and the feed states no timezone",
    ):
        load_bars(f)


def test_offsets_win_over_the_zone_and_may_differ_per_row(tmp_path: Path) -> None:
    rows = [
        "2013-10-07T09:30:00-04:00,1,1,1,1,1",  # New York
        "2013-10-07T14:31:00+01:00,1,1,1,1,1",  # London
        "2013-10-07T22:32:00+09:00,1,1,1,1,1",  # Tokyo
        "2013-10-07T13:33:00Z,1,1,1,1,1",
    ]
    bars = load_bars(write(tmp_path / "x.csv", rows), tz="Asia/Kolkata")
    assert [b.ts for b in bars] == [ns(2013, 10, 7, 13, m) for m in (30, 31, 32, 33)]


def test_mixed_naive_and_offset_rows(tmp_path: Path) -> None:
    rows = ["2013-10-07 09:30,1,1,1,1,1", "2013-10-07T13:31:00+00:00,1,1,1,1,1"]
    bars = load_bars(write(tmp_path / "x.csv", rows), tz="America/New_York")
    assert [b.ts for b in bars] == [ns(2013, 10, 7, 13, 30), ns(2013, 10, 7, 13, 31)]


def test_dst_fall_back_hour_is_told_apart_by_order(tmp_path: Path) -> None:
    # 2013-11-03 01:00-02:00 happens twice in New York; 30-minute bars through it.
    rows = [f"2013-11-03 {t},1,1,1,1,1" for t in ("00:30", "01:00", "01:30", "01:00", "01:30")]
    rows.append("2013-11-03 02:00,1,1,1,1,1")
    bars = load_bars(write(tmp_path / "x.csv", rows), tz="America/New_York")
    assert [b.ts for b in bars] == [
        ns(2013, 11, 3, 4, 30),
        ns(2013, 11, 3, 5, 0),
        ns(2013, 11, 3, 5, 30),
        ns(2013, 11, 3, 6, 0),
        ns(2013, 11, 3, 6, 30),
        ns(2013, 11, 3, 7, 0),
    ]
    assert all(b.end - b.ts == 30 * MINUTE_NS for b in bars)


def test_dst_spring_forward_gap_is_an_error_naming_the_line(tmp_path: Path) -> None:
    rows = ["2013-03-10 01:30,1,1,1,1,1", "2013-03-10 02:30,1,1,1,1,1"]
    f = write(tmp_path / "x.csv", rows)
    with pytest.raises(
        FeedDataError, match=r"x\.csv: row 3: timestamp: .*does not exist in America/New_York"
    ):
        load_bars(f, tz="America/New_York")


def test_offsets_across_a_dst_change(tmp_path: Path) -> None:
    rows = ["2013-11-03T01:30:00-04:00,1,1,1,1,1", "2013-11-03T01:00:00-05:00,1,1,1,1,1"]
    bars = load_bars(write(tmp_path / "x.csv", rows), bar_seconds=1800)
    assert [b.ts for b in bars] == [ns(2013, 11, 3, 5, 30), ns(2013, 11, 3, 6, 0)]


def test_csv_gzip_and_parquet_give_equal_bars(tmp_path: Path) -> None:
    src = bundled.path_for("GC")
    assert src is not None
    frame = pd.read_csv(src)
    frame.to_csv(tmp_path / "g.csv", index=False)
    (tmp_path / "g.csv.gz").write_bytes(gzip.compress((tmp_path / "g.csv").read_bytes()))
    aware = frame.assign(timestamp=pd.to_datetime(frame["timestamp"], utc=True))
    aware.to_parquet(tmp_path / "g.parquet")
    strings = frame.copy()
    strings.to_parquet(tmp_path / "s.parquet")
    a = load_bars(tmp_path / "g.csv", symbol="GCZ3")
    b = load_bars(tmp_path / "g.csv.gz", symbol="GCZ3")
    c = load_bars(tmp_path / "g.parquet", symbol="GCZ3")
    d = load_bars(tmp_path / "s.parquet", symbol="GCZ3")
    assert len(a) == len(frame) > 6000
    assert a == b == c == d
    assert a == load_bars("GCZ3", symbol="GCZ3")


def test_parquet_naive_datetimes_use_the_zone(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "timestamp": pd.to_datetime(["2013-10-07 09:30", "2013-10-07 09:31"]),
            "open": [1.0, 2.0],
            "high": [1.0, 2.0],
            "low": [1.0, 2.0],
            "close": [1.0, 2.0],
            "volume": [3, 4],
        }
    )
    frame.to_parquet(tmp_path / "n.parquet")
    bars = load_bars(tmp_path / "n.parquet", tz="America/Chicago")
    assert bars[0].ts == ns(2013, 10, 7, 14, 30)
    assert bars[1].close == 2.0 and bars[1].volume == 4.0


def test_epoch_numbers_by_magnitude(tmp_path: Path) -> None:
    t0 = ns(2013, 10, 7, 13, 30)
    for scale in (NS, 10**6, 10**3, 1):
        rows = [f"{(t0 + i * MINUTE_NS) // scale},1,1,1,1,1" for i in range(3)]
        bars = load_bars(write(tmp_path / f"e{scale}.csv", rows))
        assert [b.ts for b in bars] == [t0, t0 + MINUTE_NS, t0 + 2 * MINUTE_NS]


def test_bar_length_is_the_most_common_spacing(tmp_path: Path) -> None:
    # 5-minute bars with a lunch gap and one missing bar.
    times = ["09:30", "09:35", "09:40", "09:50", "09:55", "13:00", "13:05"]
    rows = [f"2013-10-07 {t},1,1,1,1,1" for t in times]
    bars = load_bars(write(tmp_path / "x.csv", rows), tz="UTC")
    assert {b.end - b.ts for b in bars} == {5 * MINUTE_NS}
    daily = load_bars("USO_1d")
    assert daily[0].end - daily[0].ts == 86400 * NS
    hourly = load_bars("EURUSD_1h")
    assert hourly[0].end - hourly[0].ts == 3600 * NS
    forced = load_bars(write(tmp_path / "x.csv", rows), bar_seconds=60, tz="UTC")
    assert {b.end - b.ts for b in forced} == {MINUTE_NS}


def test_one_bar_needs_an_explicit_length(tmp_path: Path) -> None:
    f = write(tmp_path / "one.csv", ["2013-10-07 09:30,1,1,1,1,1"])
    with pytest.raises(FeedDataError, match="bar_seconds"):
        load_bars(f, tz="UTC")
    assert load_bars(f, bar_seconds=300, tz="UTC")[0].end == ns(2013, 10, 7, 9, 35)


def test_rows_out_of_order_are_refused_unless_the_feed_says_sort(tmp_path: Path) -> None:
    # A rule changed on purpose: rows were sorted into place without a word; a shuffled or
    # twice-pasted file is more often broken than unsorted, so now only `sort: true` sorts.
    rows = [
        "2013-10-07 09:32,3,3,3,3,1",
        "2013-10-07 09:30,1,1,1,1,1",
        "2013-10-07 09:31,2,2,2,2,1",
    ]
    f = write(tmp_path / "x.csv", rows)
    with pytest.raises(
        FeedDataError, match=r"x\.csv: row 3: timestamp: 2013-10-07 09:30:00\+00:00 comes before"
    ):
        load_bars(f, tz="UTC")
    bars = load_bars(f, options=ReadOptions(timezone="UTC", sort=True))
    assert [b.close for b in bars] == [1.0, 2.0, 3.0]


def test_window_keeps_bars_inside_start_and_complete_by_end(tmp_path: Path) -> None:
    rows = [f"2013-10-07 09:{m:02d},{m},{m},{m},{m},1" for m in range(30, 40)]
    f = write(tmp_path / "x.csv", rows)
    bars = load_bars(f, start=ns(2013, 10, 7, 9, 32), end=ns(2013, 10, 7, 9, 35), tz="UTC")
    assert [b.close for b in bars] == [32.0, 33.0, 34.0]  # the 09:35 bar ends at 09:36


def test_column_names_are_case_and_space_insensitive_and_volume_optional(tmp_path: Path) -> None:
    f = write(
        tmp_path / "x.csv", ["2013-10-07 09:30, 1, 2, 0.5, 1.5"], " Timestamp,Open,High,Low,CLOSE\n"
    )
    bars = load_bars(f, bar_seconds=60, tz="UTC")
    assert bars == [Bar("X", ns(2013, 10, 7, 9, 30), ns(2013, 10, 7, 9, 31), 1, 2, 0.5, 1.5, 0.0)]


def test_bundled_names_resolve_by_root_and_set_the_symbol() -> None:
    gc = load_bars("GCZ3")
    assert gc[0].symbol == "GC"
    assert load_bars("gc", symbol="GCZ13")[0].symbol == "GCZ13"
    assert load_bars("USO_1d")[0].symbol == "USO"
    assert bundled.path_for("6EZ3") == bundled.DATA_DIR / "6E.csv.gz"
    assert bundled.path_for("MCLX3") == bundled.DATA_DIR / "MCL.csv.gz"
    assert bundled.path_for("NOPE") is None


# ---------------------------------------------------------------- errors


def test_missing_bundled_name_lists_what_exists() -> None:
    with pytest.raises(FeedDataError, match=r"no bundled data for 'ZZZ'.*ZZZ\.csv.*bundled: .*GC"):
        load_bars("ZZZ")


def test_missing_file_path(tmp_path: Path) -> None:
    with pytest.raises(FeedDataError, match="no such file"):
        load_bars(tmp_path / "absent.csv")


def test_missing_column_names_the_file_and_columns(tmp_path: Path) -> None:
    f = write(tmp_path / "x.csv", ["2013-10-07 09:30,1,1,1"], "timestamp,open,high,close\n")
    with pytest.raises(FeedDataError, match=r"x\.csv: missing column\(s\) low; expected columns"):
        load_bars(f)
    g = write(tmp_path / "y.csv", ["1,1,1,1,1"], "when,open,high,low,close\n")
    with pytest.raises(FeedDataError, match="no 'timestamp' column"):
        load_bars(g)


def test_unparsable_timestamp_names_the_line(tmp_path: Path) -> None:
    rows = ["2013-10-07 09:30,1,1,1,1,1", "2013-10-07 09:31,1,1,1,1,1", "yesterday,1,1,1,1,1"]
    with pytest.raises(FeedDataError, match=r"x\.csv: row 4: timestamp: .*'yesterday'"):
        load_bars(write(tmp_path / "x.csv", rows), tz="UTC")


def test_parquet_errors_name_the_row(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "timestamp": ["2013-10-07 09:30", "bad"],
            "open": [1.0, 1],
            "high": [1.0, 1],
            "low": [1.0, 1],
            "close": [1.0, 1],
            "volume": [1, 1],
        }
    )
    frame.to_parquet(tmp_path / "p.parquet")
    with pytest.raises(FeedDataError, match=r"p\.parquet: row 2: timestamp: cannot parse"):
        load_bars(tmp_path / "p.parquet")


def test_not_a_number_names_line_and_field(tmp_path: Path) -> None:
    rows = ["2013-10-07 09:30,1,1,1,1,1", "2013-10-07 09:31,1,abc,1,1,1"]
    with pytest.raises(FeedDataError, match=r"x\.csv: row 3: high: not a finite number: 'abc'"):
        load_bars(write(tmp_path / "x.csv", rows), tz="UTC")
    rows = ["2013-10-07 09:30,1,1,1,,1", "2013-10-07 09:31,1,1,1,1,1"]
    with pytest.raises(FeedDataError, match=r"y\.csv: row 2: close: missing value"):
        load_bars(write(tmp_path / "y.csv", rows), tz="UTC")


def test_inconsistent_high_low_is_an_error(tmp_path: Path) -> None:
    rows = ["2013-10-07 09:30,1,1,1,1,1", "2013-10-07 09:31,5,4,3,4.5,1"]
    with pytest.raises(
        FeedDataError, match=r"x\.csv: row 3: open: open 5.0 is outside \[low 3.0, high 4.0\]"
    ):
        load_bars(write(tmp_path / "x.csv", rows), tz="UTC")


def test_duplicate_bar_start_is_an_error(tmp_path: Path) -> None:
    rows = [
        "2013-10-07 09:30,1,1,1,1,1",
        "2013-10-07 09:31,1,1,1,1,1",
        "2013-10-07 09:31,2,2,2,2,1",
    ]
    with pytest.raises(
        FeedDataError,
        match=r"x\.csv: row 4: timestamp: two bars start at 2013-10-07 09:31.*rows 3 and 4",
    ):
        load_bars(write(tmp_path / "x.csv", rows), tz="UTC")


def test_ragged_and_empty_files(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(FeedDataError, match="empty"):
        load_bars(tmp_path / "empty.csv")
    rows = ["2013-10-07 09:30,1,1,1,1,1", "2013-10-07 09:31,1,1,1,1,1,7,8"]
    with pytest.raises(
        FeedDataError, match=r"x\.csv: row 3: expected 6 fields like the header, found 8"
    ):
        load_bars(write(tmp_path / "x.csv", rows), tz="UTC")


def test_errors_are_runner_errors_printed_without_traceback(tmp_path: Path) -> None:
    with pytest.raises(RunnerError):
        load_bars(tmp_path / "absent.csv")


# ---------------------------------------------------------------- ticks


def test_tick_files_load_as_trades(tmp_path: Path) -> None:
    f = write(
        tmp_path / "t.csv",
        ["2013-10-07T09:30:00.250-04:00,1300.1,2", "2013-10-07T09:30:00.100-04:00,1300.0,1"],
        "timestamp,price,size\n",
    )
    with pytest.raises(FeedDataError, match=r"t\.csv: row 3: timestamp: .* comes before the row"):
        load_ticks(f, symbol="GCZ3")
    trades = load_ticks(f, symbol="GCZ3", options=ReadOptions(sort=True))
    assert [(t.price, t.size) for t in trades] == [(1300.0, 1), (1300.1, 2)]
    assert trades[0].ts == ns(2013, 10, 7, 13, 30) + 100_000_000
    assert trades[0].symbol == "GCZ3"
    with pytest.raises(FeedDataError, match="holds trades"):
        load_bars(f, options=ReadOptions(sort=True))
    with pytest.raises(FeedDataError, match="holds bars"):
        load_ticks("GC")


def test_other_layouts_parse_row_by_row(tmp_path: Path) -> None:
    rows = ["Oct 7 2013 09:30,1,1,1,1,1", "2013-10-07 09:31,1,1,1,1,1"]
    bars = load_bars(write(tmp_path / "us.csv", rows), tz="America/New_York")
    assert [b.ts for b in bars] == [ns(2013, 10, 7, 13, 30), ns(2013, 10, 7, 13, 31)]
    rows = ["2013/10/07 09:30 -0400,1,1,1,1,1", "2013-10-07T13:31:00Z,1,1,1,1,1"]
    bars = load_bars(write(tmp_path / "us2.csv", rows), tz="Asia/Tokyo")
    assert [b.ts for b in bars] == [ns(2013, 10, 7, 13, 30), ns(2013, 10, 7, 13, 31)]


def test_day_month_layouts_need_the_stated_format(tmp_path: Path) -> None:
    rows = ["07/10/2013 09:30,1,1,1,1,1", "13/10/2013 09:31,1,1,1,1,1"]
    f = write(tmp_path / "eu.csv", rows)
    with pytest.raises(
        FeedDataError,
        match=r"eu\.csv: row 2: timestamp: '07/10/2013 09:30' reads "
        r"as day/month or as month/day; state the layout with the feed setting "
        r"date_format",
    ):
        load_bars(f, tz="UTC", bar_seconds=60)
    dm = load_bars(f, bar_seconds=60, options=ReadOptions("UTC", "%d/%m/%Y %H:%M"))
    assert [b.ts for b in dm] == [ns(2013, 10, 7, 9, 30), ns(2013, 10, 13, 9, 31)]
    with pytest.raises(
        FeedDataError,
        match=r"eu\.csv: row 3: timestamp: '13/10/2013 09:31' does "
        r"not match date_format '%m/%d/%Y %H:%M'",
    ):
        load_bars(f, bar_seconds=60, options=ReadOptions("UTC", "%m/%d/%Y %H:%M"))


def test_integer_epoch_milliseconds_are_exact(tmp_path: Path) -> None:
    ms = [1381152600123, 1381152660123]
    bars = load_bars(write(tmp_path / "ms.csv", [f"{m},1,1,1,1,1" for m in ms]))
    assert [b.ts for b in bars] == [m * 10**6 for m in ms]
