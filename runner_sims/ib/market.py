"""Market state of the local TWS server: bar history, last prices and the replay of bars.

Bundled bars are years old, so the series are shifted in time: one moment of the data (the
middle of the span all files share, unless told) is moved to the server's start time, with
the same shift for every product so that the legs of a pair stay aligned. Everything before
it is history for ``reqHistoricalData``, everything after it is replayed as trades and
quotes. ``speed`` compresses replay time (60: one minute bar per second).
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from runner.api import MINUTE_NS, NS, Bar
from runner_sims.history import history_bars
from runner_sims.trades import Print, history_trades


@dataclass(slots=True)
class Book:
    """Last trade and top of book of one product."""

    last: float | None = None
    last_size: float = 0.0
    bid: float | None = None
    ask: float | None = None
    bid_size: float = 0.0
    ask_size: float = 0.0
    volume: float = 0.0


@dataclass(slots=True)
class Series:
    bars: list[Bar]  # shifted to server time, sorted by ts
    starts: list[int] = field(default_factory=list)
    cursor: int = 0  # first bar not yet replayed

    def __post_init__(self) -> None:
        self.starts = [b.ts for b in self.bars]


def _common_middle(raw: dict[str, list[Bar]]) -> int:
    """The middle of the span all series share (of their union when they share none)."""
    lo = max(b[0].ts for b in raw.values())
    hi = min(b[-1].ts for b in raw.values())
    if hi <= lo:
        lo = min(b[0].ts for b in raw.values())
        hi = max(b[-1].ts for b in raw.values())
    return (lo + hi) // 2


def aggregate(bars: list[Bar], bar_ns: int) -> list[Bar]:
    """Bars of ``bar_ns`` length from shorter bars (buckets aligned to the epoch)."""
    out: list[Bar] = []
    for b in bars:
        start = b.ts - b.ts % bar_ns
        if out and out[-1].ts == start:
            cur = out[-1]
            cur.high = max(cur.high, b.high)
            cur.low = min(cur.low, b.low)
            cur.close = b.close
            cur.volume += b.volume
            cur.end = max(cur.end, b.end)
        else:
            out.append(
                Bar(b.symbol, start, start + bar_ns, b.open, b.high, b.low, b.close, b.volume)
            )
    return out


def bar_ticks(bar: Bar) -> list[float]:
    """The trades one bar is replayed as: open, the extreme away from the close, the other
    extreme, close (so stops and limits inside the range are touched in a plausible order)."""
    if bar.close >= bar.open:
        return [bar.open, bar.low, bar.high, bar.close]
    return [bar.open, bar.high, bar.low, bar.close]


class Market:
    def __init__(
        self,
        bars: dict[str, list[Bar]] | None = None,
        *,
        speed: float = 1.0,
        start: int | None = None,
        clock: Callable[[], int] = time.time_ns,
    ) -> None:
        self.speed = speed
        self.clock = clock  # the server's wall: the real one, or one a test or --start sets
        self.t0 = clock() // MINUTE_NS * MINUTE_NS
        self.wall0 = clock()
        self.books: dict[str, Book] = {}
        self.series: dict[str, Series] = {}
        raw = {root: sorted(b, key=lambda x: x.ts) for root, b in (bars or {}).items() if b}
        if not raw:
            return
        # One shift for every product, so that a pair's legs stay aligned in time.
        anchor = start if start is not None else _common_middle(raw)
        anchor = anchor // MINUTE_NS * MINUTE_NS
        delta = self.t0 - anchor
        for root, series_bars in raw.items():
            shifted = [
                Bar(b.symbol, b.ts + delta, b.end + delta, b.open, b.high, b.low, b.close, b.volume)
                for b in series_bars
            ]
            series = Series(shifted)
            series.cursor = bisect.bisect_left(series.starts, self.t0)
            self.series[root] = series
            if series.cursor > 0:
                self.books[root] = Book(last=shifted[series.cursor - 1].close)

    def now(self) -> int:
        """Server time in ns: its clock, run faster by ``speed`` while replaying."""
        wall = self.clock()
        return self.t0 + int((wall - self.wall0) * self.speed) if self.speed > 0 else wall

    def book(self, root: str) -> Book:
        return self.books.setdefault(root, Book())

    def history(
        self, root: str, end: int, duration_ns: int, bar_ns: int, symbol: str | None = None
    ) -> list[Bar]:
        series = self.series.get(root)
        if series is None:
            return []
        lo = bisect.bisect_left(series.starts, end - duration_ns)
        hi = bisect.bisect_left(series.starts, end)
        done = [b for b in series.bars[lo : min(hi, series.cursor)] if b.end <= end]
        if series.bars and end <= series.bars[0].ts:  # wholly before the bundled data
            first = series.bars[0].ts
            early = history_bars(
                series.bars[:1], symbol or root, end - duration_ns, end, first, bar_ns
            )
            if bar_ns < MINUTE_NS:  # synthetic seconds, in the bar size asked for
                early = aggregate(early, bar_ns)
            done = [b for b in early if b.end <= min(end, first)] + done
        bars = [Bar(b.symbol, b.ts, b.end, b.open, b.high, b.low, b.close, b.volume) for b in done]
        return bars if bar_ns <= MINUTE_NS else aggregate(bars, bar_ns)

    def trades_from(self, root: str, symbol: str, start: int, count: int) -> list[Print]:
        """The first ``count`` trades at or after ``start`` up to now, and the rest of the
        last one's second (TWS answers a second's trades whole). Synthetic history runs up
        to the first bundled bar and the bundled history on from there, as one series."""
        series = self.series.get(root)
        if series is None or not series.bars:
            return []
        now, first = self.now(), series.bars[0].ts
        need = count + MINUTE_NS // NS  # a second's trades lie within one minute's
        out: list[Print] = []
        if start < first:
            out = history_trades(series.bars, symbol, start, first, first, limit=need)
        if len(out) < need and now > first:
            rest = history_trades(series.bars, symbol, max(start, first), now, now, limit=need)
            out += rest[: need - len(out)]
        return whole_seconds(out, count)

    def trades_before(self, root: str, symbol: str, end: int, count: int) -> list[Print]:
        """The last ``count`` trades before ``end`` (within a week of it), and the rest of
        the first one's second."""
        series = self.series.get(root)
        if series is None or not series.bars:
            return []
        first = series.bars[0].ts
        start = end - 7 * 86_400 * NS
        if end <= first:
            out = history_trades(series.bars, symbol, start, end, first)
        else:
            out = history_trades(series.bars, symbol, max(start, first), end, self.now())
            if start < first:
                out = history_trades(series.bars, symbol, start, first, first) + out
        out.reverse()
        return list(reversed(whole_seconds(out, count)))

    def due(self) -> Iterator[tuple[str, Bar]]:
        """Bars whose start time has come, across products in time order, advancing cursors."""
        now = self.now()
        while True:
            best: tuple[int, str] | None = None
            for root, s in self.series.items():
                if s.cursor < len(s.bars) and s.bars[s.cursor].ts <= now:
                    ts = s.bars[s.cursor].ts
                    if best is None or ts < best[0]:
                        best = (ts, root)
            if best is None:
                return
            s = self.series[best[1]]
            bar = s.bars[s.cursor]
            s.cursor += 1
            yield best[1], bar

    def next_due_in(self) -> float | None:
        """Wall seconds until the next bar of any product is due, or None at the end."""
        pending = [s.bars[s.cursor].ts for s in self.series.values() if s.cursor < len(s.bars)]
        if not pending or self.speed <= 0:
            return None
        return max(0.0, (min(pending) - self.now()) / NS / self.speed)


def whole_seconds(trades: list[Print], count: int) -> list[Print]:
    """The first ``count`` trades and every later one in the last one's second."""
    if len(trades) <= count:
        return trades
    cut = count
    second = trades[count - 1].ts // NS
    while cut < len(trades) and trades[cut].ts // NS == second:
        cut += 1
    return trades[:cut]
