"""Building time bars from trades, or coarser bars from finer ones.

Boundaries are aligned to the session: ``anchor`` is a time of day in the exchange's time
zone (the session open), and bars start at anchor + k * size. For sizes that divide an
hour this is the familiar :00/:05 grid; for a 4h bar on a 17:00 CT session the bars start
at 17:00, 21:00, 01:00, ... Time-zone arithmetic happens once per day, not per tick.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from runner.model import NS, Bar, Trade

_NONE: tuple[Bar, ...] = ()


class BarGrid:
    """Maps a timestamp to the start of its bar, caching the local day's anchor."""

    __slots__ = ("_anchor", "_day_end", "_day_start", "anchor_time", "size", "tz")

    def __init__(self, size_seconds: int, tz: str = "UTC", anchor: time = time(0, 0)) -> None:
        self.size = size_seconds * NS
        self.tz = ZoneInfo(tz)
        self.anchor_time = anchor
        self._day_start = 1
        self._day_end = 0
        self._anchor = 0

    def _refresh(self, ts: int) -> None:
        local = datetime.fromtimestamp(ts / NS, tz=self.tz)
        day = local.date()
        anchor = datetime.combine(day, self.anchor_time, tzinfo=self.tz)
        if anchor.timestamp() * NS > ts:
            anchor -= timedelta(days=1)
        nxt = datetime.combine(anchor.date() + timedelta(days=1), self.anchor_time, tzinfo=self.tz)
        self._anchor = int(anchor.timestamp()) * NS
        self._day_start = self._anchor
        self._day_end = int(nxt.timestamp()) * NS

    def start_of(self, ts: int) -> tuple[int, int]:
        """(start, end) of the bar holding ``ts``; a bar never crosses the session anchor."""
        if not self._day_start <= ts < self._day_end:
            self._refresh(ts)
        start = self._anchor + (ts - self._anchor) // self.size * self.size
        end = start + self.size
        if end > self._day_end:
            end = self._day_end
        return start, end


class BarBuilder:
    """Aggregates trades or finer bars of one symbol into bars of one size.

    ``add_trade`` returns the bar that the trade *closed* (the trade belongs to a later bar),
    or None. ``add_bar`` returns the bars completed by a finer bar, oldest first: usually
    none or one; two when a gap closed one bar and the input completed the next.
    ``flush(now)`` closes the current bar when its end time has passed,
    which is how a live feed with no trade in the last seconds still gets its bar.
    """

    __slots__ = ("_cur", "grid", "symbol")

    def __init__(self, symbol: str, grid: BarGrid) -> None:
        self.symbol = symbol
        self.grid = grid
        self._cur: Bar | None = None

    def add_trade(self, trade: Trade) -> Bar | None:
        return self._add(trade.ts, trade.price, trade.price, trade.price, trade.price, trade.size)

    def add_bar(self, bar: Bar) -> tuple[Bar, ...]:
        """Adds a finer bar; a coarse bar is returned as soon as its last input arrives."""
        done = self._add(bar.ts, bar.open, bar.high, bar.low, bar.close, bar.volume)
        cur = self._cur
        if cur is not None and bar.end >= cur.end:
            self._cur = None
            return (cur,) if done is None else (done, cur)
        return _NONE if done is None else (done,)

    def _add(self, ts: int, o: float, h: float, lo: float, c: float, v: float) -> Bar | None:
        cur = self._cur
        if cur is not None and ts < cur.end:
            if h > cur.high:
                cur.high = h
            if lo < cur.low:
                cur.low = lo
            cur.close = c
            cur.volume += v
            return None
        start, end = self.grid.start_of(ts)
        self._cur = Bar(self.symbol, start, end, o, h, lo, c, v)
        return cur

    def flush(self, now: int) -> Bar | None:
        cur = self._cur
        if cur is not None and now >= cur.end:
            self._cur = None
            return cur
        return None
