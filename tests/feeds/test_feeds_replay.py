"""The replay feed plugin: lookup, merged replay, history, pacing and errors."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pydantic
import pytest

from runner.api.base import PluginKind
from runner.api.clock import TimeSlice
from runner.engine.clock import AcceleratedClock, SimulatedClock
from runner.model import MINUTE_NS, Bar, Trade, from_datetime
from runner.plugins import registry
from runner_plugins.feeds import bundled
from runner_plugins.feeds.barfile import FeedDataError
from runner_plugins.feeds.replay import ReplayFeed, ReplayParams
from tests.waiting import until

HEADER = "timestamp,open,high,low,close,volume\n"


def ns(*args: int) -> int:
    return from_datetime(datetime(*args, tzinfo=UTC))


def write_minutes(path: Path, start: datetime, count: int, price: float, step: int = 1) -> Path:
    lines = [HEADER]
    for i in range(count):
        t = from_datetime(start) + i * step * MINUTE_NS
        p = price + i
        stamp = datetime.fromtimestamp(t / 1e9, tz=UTC).isoformat()
        lines.append(f"{stamp},{p},{p + 0.5},{p - 0.5},{p},{i + 1}\n")
    path.write_text("".join(lines))
    return path


def feed(data: Path | None = None, **kw) -> ReplayFeed:
    params = ReplayParams(data=str(data) if data else None, **kw)
    return ReplayFeed(params)


def test_registered_through_the_entry_point() -> None:
    info = registry().get(PluginKind.FEED, "replay")
    assert info is not None and info.cls is ReplayFeed
    assert info.cls(info.cls.Params()).directory == bundled.DATA_DIR


def test_params_reject_typos_and_unknown_zones() -> None:
    with pytest.raises(pydantic.ValidationError, match="Extra inputs"):
        ReplayParams(dat="x")
    with pytest.raises(pydantic.ValidationError, match="unknown time zone 'Mars/Base'"):
        ReplayParams(timezone="Mars/Base")
    with pytest.raises(pydantic.ValidationError):
        ReplayParams(speed=-1)
    p = ReplayParams(start="2013-10-08", end="2013-10-09T15:00")
    assert p.start == date(2013, 10, 8)
    assert p.end == datetime(2013, 10, 9, 15, 0)


def test_symbol_file_beats_root_file_and_symbol_is_the_requested_one(tmp_path: Path) -> None:
    write_minutes(tmp_path / "GC.csv", datetime(2013, 10, 7, tzinfo=UTC), 3, 1300)
    write_minutes(tmp_path / "GCZ3.csv", datetime(2013, 10, 7, tzinfo=UTC), 3, 2000)
    f = feed(tmp_path)
    assert [b.close for b in f.replay(["GCZ3"], None, None)] == [2000, 2001, 2002]
    bars = list(f.replay(["GCG4"], None, None))
    assert [b.close for b in bars] == [1300, 1301, 1302]
    assert {b.symbol for b in bars} == {"GCG4"}


def test_missing_file_names_symbol_directory_and_tried_names(tmp_path: Path) -> None:
    write_minutes(tmp_path / "ES.csv", datetime(2013, 10, 7, tzinfo=UTC), 2, 1)
    with pytest.raises(FeedDataError) as err:
        list(feed(tmp_path).replay(["CLX3"], None, None))
    text = str(err.value)
    assert "'CLX3'" in text and str(tmp_path) in text
    assert "CLX3.csv, CLX3.csv.gz, CLX3.parquet, CL.csv, CL.csv.gz, CL.parquet" in text
    assert "files there: ES" in text
    with pytest.raises(FeedDataError, match="does not exist"):
        list(feed(tmp_path / "nope").replay(["ES"], None, None))


def test_merge_orders_by_bar_end_then_symbol(tmp_path: Path) -> None:
    t0 = datetime(2013, 10, 7, 14, 0, tzinfo=UTC)
    write_minutes(tmp_path / "AA.csv", t0, 10, 1)  # 1-minute bars
    write_minutes(tmp_path / "BB.csv", t0, 4, 100, step=5)  # 5-minute bars
    write_minutes(tmp_path / "CC.csv", t0, 10, 50)
    events = list(feed(tmp_path).replay(["CC", "BB", "AA"], None, None))
    keys = [(e.end, e.symbol) for e in events]
    assert keys == sorted(keys)
    assert len(events) == 24
    # At 14:05 the 5-minute bar and both 1-minute bars close together: AA, BB, CC.
    at = [e.symbol for e in events if e.end == ns(2013, 10, 7, 14, 5)]
    assert at == ["AA", "BB", "CC"]
    assert {e.end - e.ts for e in events if e.symbol == "BB"} == {5 * MINUTE_NS}


def test_replay_of_bundled_week_is_time_ordered() -> None:
    events = list(feed().replay(["GCZ3", "ESZ3", "VIX", "USO"], None, None))
    assert len(events) == 6687 + 6826 + 2025 + 1950
    assert all(a.end <= b.end for a, b in zip(events, events[1:], strict=False))
    assert {e.symbol for e in events} == {"GCZ3", "ESZ3", "VIX", "USO"}


def test_window_from_arguments_and_params(tmp_path: Path) -> None:
    write_minutes(tmp_path / "ES.csv", datetime(2013, 10, 7, 23, 50, tzinfo=UTC), 20, 1)
    f = feed(tmp_path)
    got = list(f.replay(["ES"], ns(2013, 10, 7, 23, 55), ns(2013, 10, 8, 0, 5)))
    assert [b.ts for b in got] == [ns(2013, 10, 7, 23, 55) + i * MINUTE_NS for i in range(10)]
    # Dates in params are days in the feed's zone; an end date covers its whole day.
    ny = feed(tmp_path, timezone="America/New_York", start=date(2013, 10, 7), end=date(2013, 10, 7))
    assert len(list(ny.replay(["ES"], None, None))) == 20  # 19:50-20:10 New York
    tokyo = feed(tmp_path, timezone="Asia/Tokyo", start=date(2013, 10, 8), end=date(2013, 10, 8))
    first = list(tokyo.replay(["ES"], None, None))
    assert first[0].ts == ns(2013, 10, 7, 23, 50) and len(first) == 20
    utc = feed(tmp_path, start=date(2013, 10, 8))
    assert [b.ts for b in utc.replay(["ES"], None, None)][0] == ns(2013, 10, 8)
    moment = feed(tmp_path, end=datetime(2013, 10, 7, 23, 53))
    assert len(list(moment.replay(["ES"], None, None))) == 3


def test_csv_and_parquet_replays_are_equal(tmp_path: Path) -> None:
    import pandas as pd

    frame = pd.read_csv(bundled.DATA_DIR / "ES.csv.gz")
    (tmp_path / "csv").mkdir()
    (tmp_path / "pq").mkdir()
    frame.to_csv(tmp_path / "csv" / "ES.csv", index=False)
    frame.assign(timestamp=pd.to_datetime(frame["timestamp"], utc=True)).to_parquet(
        tmp_path / "pq" / "ES.parquet"
    )
    a = list(feed(tmp_path / "csv").replay(["ESZ3"], None, None))
    b = list(feed(tmp_path / "pq").replay(["ESZ3"], None, None))
    assert a == b and len(a) == 6826


async def test_history_resamples_to_the_requested_bar_length() -> None:
    f = feed()
    start, end = ns(2013, 10, 8, 14, 0), ns(2013, 10, 8, 15, 0)
    one = await f.history("ESZ3", 60, start, end)
    five = await f.history("ESZ3", 300, start, end)
    assert len(five) == 12
    assert all(b.end - b.ts == 300 * 10**9 and b.ts % (300 * 10**9) == 0 for b in five)
    first = [b for b in one if b.ts < start + 5 * MINUTE_NS]
    assert five[0].open == first[0].open and five[0].close == first[-1].close
    assert five[0].high == max(b.high for b in first)
    assert five[0].low == min(b.low for b in first)
    assert five[0].volume == sum(b.volume for b in first)
    with pytest.raises(FeedDataError, match="whole multiple"):
        await f.history("ESZ3", 90, start, end)


def test_tick_files_replay_as_trades_merged_with_bars(tmp_path: Path) -> None:
    (tmp_path / "GC.csv").write_text(
        "timestamp,price,size\n2013-10-07T14:00:30Z,1300.0,1\n2013-10-07T14:01:30Z,1300.5,2\n"
    )
    write_minutes(tmp_path / "ES.csv", datetime(2013, 10, 7, 14, 0, tzinfo=UTC), 2, 1)
    f = feed(tmp_path)
    events = list(f.replay(["GCZ3", "ESZ3"], None, None))
    kinds = [(type(e).__name__, e.symbol) for e in events]
    assert kinds == [("Trade", "GCZ3"), ("Bar", "ESZ3"), ("Trade", "GCZ3"), ("Bar", "ESZ3")]
    trades = list(f.replay_ticks(["GCZ3"], None, None))
    assert trades == [
        Trade("GCZ3", ns(2013, 10, 7, 14, 0) + 30 * 10**9, 1300.0, 1),
        Trade("GCZ3", ns(2013, 10, 7, 14, 1) + 30 * 10**9, 1300.5, 2),
    ]
    with pytest.raises(FeedDataError, match="holds bars"):
        list(f.replay_ticks(["ESZ3"], None, None))


# ---------------------------------------------------------------- live-paced streaming


async def test_stream_as_fast_as_possible_delivers_everything_in_order(tmp_path: Path) -> None:
    write_minutes(tmp_path / "AA.csv", datetime(2013, 10, 7, tzinfo=UTC), 700, 1)
    write_minutes(tmp_path / "BB.csv", datetime(2013, 10, 7, tzinfo=UTC), 700, 1)
    f = feed(tmp_path)
    got: list[Bar] = []
    f.sink = got.append
    await f.connect()
    await f.subscribe(["AA", "BB"])
    await f.wait()
    assert len(got) == 1400
    assert [(b.end, b.symbol) for b in got] == sorted((b.end, b.symbol) for b in got)
    assert isinstance(f.clock, SimulatedClock)
    assert f.clock.now() == got[-1].end
    await f.close()


class Ticking:
    """A monotonic clock that moves one second each time it is read."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        self.t += 1.0
        return self.t


async def _pump_with(tmp_path: Path, budget: float) -> tuple[list[Bar], list[int]]:
    write_minutes(tmp_path / "AA.csv", datetime(2013, 10, 7, tzinfo=UTC), 900, 1)
    write_minutes(tmp_path / "BB.csv", datetime(2013, 10, 7, tzinfo=UTC), 900, 1)
    f = feed(tmp_path)
    got: list[Bar] = []
    waited: list[int] = []  # bars sunk each time the pump waited for the core

    async def drained() -> None:
        waited.append(len(got))

    f.sink = got.append
    f.drained = drained
    f.turns = TimeSlice(budget, monotonic=Ticking())
    await f.subscribe(["AA", "BB"])
    await f.wait()
    await f.close()
    return got, waited


async def test_full_speed_stream_gives_way_by_time_between_instants(tmp_path: Path) -> None:
    # every reading of the clock spends the slice: the pump waits for the core after
    # every instant (two bars, AA and BB of one minute), never inside one
    got, waited = await _pump_with(tmp_path, budget=0.5)
    assert len(got) == 1800
    assert waited == list(range(0, 1800, 2))
    # a slice never spent: no turn at all, however many bars (no count decides)
    again, none = await _pump_with(tmp_path, budget=float("inf"))
    assert none == []
    assert [(b.end, b.symbol, b.close) for b in again] == [(b.end, b.symbol, b.close) for b in got]


async def test_paced_stream_releases_bars_when_the_clock_passes_their_end(tmp_path: Path) -> None:
    # 600x: one market minute every 0.1 s of wall time; 1000 minutes last 100 s, far
    # longer than the test, so the stream is still running when it is closed.
    write_minutes(tmp_path / "ES.csv", datetime(2013, 10, 7, 14, 0, tzinfo=UTC), 1000, 1)
    f = feed(tmp_path, speed=600)
    seen: list[tuple[int, int]] = []
    f.sink = lambda b: seen.append((b.end, f.clock.now()))
    await f.subscribe(["ES"])
    assert isinstance(f.clock, AcceleratedClock)
    (task,) = f._tasks
    await until(lambda: len(seen) >= 3, what="three paced bars")
    # Causality, not wall time: a loaded machine may release bars late, never early.
    assert all(now >= end for end, now in seen)  # each released once the clock passed its end
    ends = [end for end, _ in seen]
    assert ends == sorted(ends) and len(set(ends)) == len(ends)
    assert not task.done()  # paced: not everything at once
    await f.close()
    assert task.done() and f._tasks == []  # close() ended the stream: nothing more can come


async def test_late_subscriber_joins_at_the_shared_present(tmp_path: Path) -> None:
    t0 = datetime(2013, 10, 7, 14, 0, tzinfo=UTC)
    write_minutes(tmp_path / "AA.csv", t0, 2000, 1)  # 2000 minutes: 100 s at 1200x
    write_minutes(tmp_path / "BB.csv", t0, 2000, 1)
    f = feed(tmp_path, speed=1200)  # a market minute every 0.05 s
    seen: list[Bar] = []
    f.sink = seen.append
    await f.subscribe(["AA"])
    await until(lambda: len(seen) >= 3, what="AA streaming")
    joined = f.clock.now()  # read just before subscribing: BB joins at or after this
    await f.subscribe(["BB", "AA"])  # AA is already streaming: not duplicated
    await until(lambda: sum(b.symbol == "BB" for b in seen) >= 3, what="BB streaming")
    await f.close()
    bb = [b for b in seen if b.symbol == "BB"]
    aa = [b for b in seen if b.symbol == "AA"]
    assert bb and all(b.end > joined for b in bb)
    assert len({b.end for b in aa}) == len(aa)


async def test_stream_errors_surface_through_wait(tmp_path: Path) -> None:
    write_minutes(tmp_path / "ES.csv", datetime(2013, 10, 7, tzinfo=UTC), 5, 1)
    f = feed(tmp_path)

    def broken(event: object) -> None:
        raise RuntimeError("sink failed")

    f.sink = broken
    await f.subscribe(["ES"])
    with pytest.raises(RuntimeError, match="sink failed"):
        await f.wait()
    await f.close()


async def test_subscribe_unknown_symbol_fails_before_streaming(tmp_path: Path) -> None:
    f = feed(tmp_path)
    with pytest.raises(FeedDataError, match="no data for symbol 'NQZ3'"):
        await f.subscribe(["NQZ3"])
    assert f._tasks == []


def test_connection_profile_directory_is_used(tmp_path: Path) -> None:
    write_minutes(tmp_path / "ES.csv", datetime(2013, 10, 7, tzinfo=UTC), 2, 7)

    class Profile:
        data_dir = str(tmp_path)

    f = ReplayFeed(ReplayParams(), connection=Profile())
    assert [b.close for b in f.replay(["ES"], None, None)] == [7, 8]
