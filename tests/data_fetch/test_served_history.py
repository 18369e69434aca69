"""The servers' history before their bundled data: deterministic, on the tick grid, inside
the exchange calendar's sessions, and the same whichever end a request counts from."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fetch_support import gc_bars, session_minutes

from runner.api import MINUTE_NS, NS
from runner.api.history import session_window
from runner_sims.history import history_bars

NOW = int(datetime(2026, 11, 4, tzinfo=UTC).timestamp()) * NS
BUNDLED = [b for b in gc_bars()]  # unshifted: 2013, so everything in 2026 lies after it


def _ns(d: date) -> int:
    return int(datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp()) * NS


def _bundled_late() -> list:
    """The bundled week moved to end on 2026-11-03, as a server shifts it to its now."""
    shift = _ns(date(2026, 11, 3)) - BUNDLED[-1].end
    return [
        b.__class__(b.symbol, b.ts + shift, b.end + shift, b.open, b.high, b.low, b.close, b.volume)
        for b in BUNDLED
    ]


def test_a_session_is_whole_deterministic_and_on_the_grid() -> None:
    day = date(2026, 3, 10)
    opens, closes = session_window("COMEX", day) or (0, 0)
    bundled = _bundled_late()
    first = history_bars(bundled, "GCJ6", opens, closes, NOW)
    again = history_bars(bundled, "GCJ6", opens, closes, NOW)
    assert first == again and len(first) == session_minutes("COMEX", day)
    assert [b.ts for b in first] == list(range(opens, closes, MINUTE_NS))
    for b in first:
        assert b.low <= min(b.open, b.close) <= max(b.open, b.close) <= b.high
        assert all(abs(p * 10 - round(p * 10)) < 1e-6 for p in (b.open, b.high, b.low, b.close))
    other = history_bars(bundled, "GCM6", opens, closes, NOW)
    assert [b.close for b in other] != [b.close for b in first], "seeded by the contract"


def test_days_off_have_no_bars() -> None:
    good_friday = date(2026, 4, 3)
    assert session_window("COMEX", good_friday) is None
    start, end = _ns(date(2026, 4, 3)) + 12 * 3600 * NS, _ns(date(2026, 4, 5)) + 12 * 3600 * NS
    assert history_bars(_bundled_late(), "GCJ6", start, end, NOW) == []


def test_the_last_bars_of_a_range_are_the_tail_of_the_first() -> None:
    bundled = _bundled_late()
    start, end = _ns(date(2026, 10, 1)), bundled[0].ts
    everything = history_bars(bundled, "GCZ6", start, end, NOW)
    tail = history_bars(bundled, "GCZ6", start, end, NOW, limit=5000, last=True)
    head = history_bars(bundled, "GCZ6", start, end, NOW, limit=5000)
    assert len(everything) > 5000
    assert tail == everything[-5000:] and head == everything[:5000]


def test_a_range_reaching_into_the_bundled_data_is_bundled_only() -> None:
    bundled = _bundled_late()
    got = history_bars(bundled, "GCZ6", bundled[0].ts - 86400 * NS, NOW, NOW)
    assert [(b.ts, b.close) for b in got] == [(b.ts, b.close) for b in bundled]
    assert {b.symbol for b in got} == {"GCZ6"}


def test_nothing_before_the_calendar_or_after_now() -> None:
    bundled = _bundled_late()
    assert history_bars(bundled, "GCZ6", 1 * NS, 2 * NS, NOW) == []
    assert history_bars(bundled, "GCZ6", NOW, NOW + 86400 * NS, NOW) == []
    assert history_bars(None, "GCZ6", _ns(date(2026, 3, 10)), NOW, NOW) == []


def test_a_fractional_tick_is_written_exactly() -> None:
    day = date(2026, 3, 10)
    opens, closes = session_window("COMEX", day) or (0, 0)
    bars = history_bars(_bundled_late(), "ZNM6", opens, opens + 30 * MINUTE_NS, NOW)
    assert len(bars) == 30
    for b in bars:  # ZN moves in 1/64: every price is a whole number of ticks, unrounded
        for p in (b.open, b.high, b.low, b.close):
            assert p / 0.015625 == round(p / 0.015625)
