from datetime import UTC, datetime, time

from runner.engine.bars import BarBuilder, BarGrid
from runner.model import MINUTE_NS, NS, Bar, Trade, from_datetime


def ns(*args, tz=UTC) -> int:
    return from_datetime(datetime(*args, tzinfo=tz))


def minute_bar(ts: int, price: float, volume: float = 1.0) -> Bar:
    return Bar("GCZ3", ts, ts + MINUTE_NS, price, price + 1, price - 1, price + 0.5, volume)


def test_five_minute_bars_from_minutes_close_on_their_last_input():
    b = BarBuilder("GCZ3", BarGrid(300, "America/New_York", time(18, 0)))
    start = ns(2013, 10, 7, 14, 0)
    out = []
    for i in range(10):
        out += b.add_bar(minute_bar(start + i * MINUTE_NS, 100.0 + i))
    assert [(x.ts, x.end) for x in out] == [
        (start, start + 5 * MINUTE_NS),
        (start + 5 * MINUTE_NS, start + 10 * MINUTE_NS),
    ]
    first = out[0]
    assert (first.open, first.high, first.low, first.close, first.volume) == (
        100.0,
        105.0,
        99.0,
        104.5,
        5.0,
    )


def test_gap_closes_the_old_bar_and_completes_the_new_one_in_one_call():
    b = BarBuilder("X", BarGrid(300))
    t0 = ns(2013, 10, 7, 14, 0)
    assert b.add_bar(minute_bar(t0, 1.0)) == ()
    out = b.add_bar(minute_bar(t0 + 9 * MINUTE_NS, 2.0))  # the 14:09 bar ends the 14:05 bar
    assert [x.ts for x in out] == [t0, t0 + 5 * MINUTE_NS]
    assert out[0].close == 1.5 and out[1].open == 2.0


def test_hour_bars_align_to_the_session_open_across_dst():
    grid = BarGrid(4 * 3600, "America/Chicago", time(17, 0))
    # 2026-11-01: Chicago falls back; the session opening that evening is at 17:00 CST
    start, end = grid.start_of(ns(2026, 11, 1, 23, 30))  # 17:30 CST
    assert start == ns(2026, 11, 1, 23, 0)
    assert end == start + 4 * 3600 * NS
    # the day before, 17:00 CDT is 22:00 UTC
    start, _ = grid.start_of(ns(2026, 10, 31, 22, 30))
    assert start == ns(2026, 10, 31, 22, 0)


def test_trades_build_bars_and_flush_closes_a_quiet_bar():
    b = BarBuilder("ESZ3", BarGrid(60))
    t0 = ns(2013, 10, 7, 14, 0)
    assert b.add_trade(Trade("ESZ3", t0 + 1 * NS, 1675.0, 2)) is None
    assert b.add_trade(Trade("ESZ3", t0 + 20 * NS, 1676.0, 1)) is None
    assert b.add_trade(Trade("ESZ3", t0 + 40 * NS, 1674.5, 3)) is None
    assert b.flush(t0 + 59 * NS) is None
    bar = b.flush(t0 + 60 * NS)
    assert (bar.open, bar.high, bar.low, bar.close, bar.volume) == (
        1675.0,
        1676.0,
        1674.5,
        1674.5,
        6,
    )
    assert b.flush(t0 + 120 * NS) is None
