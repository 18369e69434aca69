"""The ``opening_range`` signal: breakout of the first minutes after a session opens."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import ClassVar, Literal
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator

from runner.api import MINUTE_NS, ClockTime, parse_clock_time
from runner.api.base import MAX_TICKS, Params
from runner.api.context import BotContext
from runner.api.signal import Intent, Signal
from runner_plugins.signals import clock


class OpeningRangeParams(Params):
    open: ClockTime = "09:30"
    """Session open, local time HH:MM or HH:MM:SS in ``timezone``."""
    minutes: int = Field(default=30, gt=0, le=24 * 60)
    """Length of the opening range; the bar size should divide it."""
    timezone: str | None = None
    """IANA time zone of ``open``; the bot's time zone when omitted."""
    buffer_ticks: int = Field(default=0, ge=0, le=MAX_TICKS)
    """How far beyond the range the close must be, in ticks (0 to 100,000)."""
    direction: Literal["long", "short", "both"] = "both"
    last_entry: ClockTime | None = None
    """No entries after this local time HH:MM or HH:MM:SS (the same session day)."""

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str | None) -> str | None:
        return clock.check_zone(v)


class OpeningRange(Signal[OpeningRangeParams]):
    """Breakout of the high or low of the first minutes after a session opens.

    The range is the high and low of the bars that lie wholly inside ``[open, open +
    minutes)``. It counts only when its first bar starts within one bar of the open (a bot
    started mid-range, or a day whose opening bars are missing, does not trade on a partial
    range). After the range, the first bar whose close is more than ``buffer_ticks`` beyond
    it gives one intent; the signal then waits for the next session. Session boundaries are
    computed once per session in the given time zone, so DST changes are handled.
    """

    name: ClassVar[str] = "opening_range"
    Params: ClassVar[type[Params]] = OpeningRangeParams

    def bind(self, ctx: BotContext) -> None:
        p = self.params
        self._tz: ZoneInfo = clock.zone(p.timezone or ctx.timezone)
        self._open_time = parse_clock_time(p.open)
        self._last_time = parse_clock_time(p.last_entry) if p.last_entry else None
        self._buffer = p.buffer_ticks * ctx.primary.contract.tick_size
        self._next_open = -1  # ns of the next session open; bars at or after it roll the day
        self._reset(-1, -1)

    def _reset(self, open_ns: int, next_open: int) -> None:
        p = self.params
        self._open_ns = open_ns
        self._range_end = open_ns + p.minutes * MINUTE_NS
        self._next_open = next_open
        self._high = -math.inf
        self._low = math.inf
        self._valid = False
        self._seen = False  # a range bar was seen
        self._done = False
        self._cutoff = math.inf
        if self._last_time is not None and open_ns >= 0:
            day = clock.local_date(open_ns, self._tz)
            cutoff = clock.at_local(day, self._last_time, self._tz)
            if cutoff <= open_ns:
                cutoff = clock.at_local(day + timedelta(days=1), self._last_time, self._tz)
            self._cutoff = cutoff

    def _roll(self, ts: int) -> None:
        """Find the session containing ``ts``: the latest open at or before it."""
        tz = self._tz
        day = clock.local_date(ts, tz)
        today = clock.at_local(day, self._open_time, tz)
        if today > ts:
            current = clock.at_local(day - timedelta(days=1), self._open_time, tz)
            following = today
        else:
            current = today
            following = clock.at_local(day + timedelta(days=1), self._open_time, tz)
        self._reset(current, following)

    def evaluate(self, ctx: BotContext) -> Intent | None:
        bar = ctx.primary.bar
        if bar is None:
            return None
        if bar.ts >= self._next_open:
            self._roll(bar.ts)
        if self._done or bar.ts < self._open_ns:
            return None
        if bar.end <= self._range_end:
            if not self._seen:
                self._seen = True
                self._valid = bar.ts - self._open_ns < max(bar.end - bar.ts, 1)
            if bar.high > self._high:
                self._high = bar.high
            if bar.low < self._low:
                self._low = bar.low
            return None
        if bar.ts < self._range_end or not self._valid:
            # a bar straddling the range end, or no complete range today
            if not self._valid:
                self._done = True
            return None
        if bar.end > self._cutoff:
            self._done = True
            return None
        p = self.params
        if bar.close > self._high + self._buffer and p.direction != "short":
            self._done = True
            return Intent(1, 1.0, f"close {bar.close} above opening range high {self._high}")
        if bar.close < self._low - self._buffer and p.direction != "long":
            self._done = True
            return Intent(-1, 1.0, f"close {bar.close} below opening range low {self._low}")
        return None
