"""Trading windows and events from APScheduler triggers, on any clock.

The triggers that the live scheduler fires are the ones evaluated here on simulated time,
so a backtest opens and closes each bot's window exactly when ``runner start`` would. An
exchange calendar removes windows on holidays and cuts them short on early closes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import exchange_calendars as xcals
import pandas as pd
from apscheduler.triggers.cron import CronTrigger

from runner.config.schedule import Event, Schedule, Window
from runner.engine.events import MINUTE_NS, NS

_FAR = 2**62


@functools.cache
def calendar(name: str) -> xcals.ExchangeCalendar:
    return xcals.get_calendar(name, start="2000-01-01")


def _ns(dt: datetime) -> int:
    return int(dt.timestamp()) * NS + dt.microsecond * 1000


@dataclass(frozen=True, slots=True)
class Span:
    """One occurrence of a window: [open, close) with the flatten time inside it."""

    name: str
    open: int
    close: int
    flatten: int  # close - flatten_before_close_minutes (== close when none)
    early_close: bool = False


class WindowSchedule:
    """Occurrences of a schedule's windows, holidays removed, early closes applied."""

    def __init__(self, schedule: Schedule) -> None:
        self.schedule = schedule
        self.tz = ZoneInfo(schedule.timezone)
        self.cal = calendar(schedule.calendar)
        self.windows = [
            (w, w.open.trigger(self.tz), w.close.trigger(self.tz)) for w in schedule.windows
        ]
        self.flatten_ns = (schedule.flatten_before_close_minutes or 0) * MINUTE_NS
        closes = self.cal.early_closes
        self._early = closes.tz_localize(None) if len(closes) else None

    def _open_at(self, dt: datetime) -> bool:
        ts = pd.Timestamp(dt).tz_convert("UTC")
        try:
            return bool(self.cal.is_open_on_minute(ts, ignore_breaks=True))
        except ValueError:  # outside the calendar's range
            return dt.weekday() < 5

    def _early_close(self, o: datetime, c: datetime) -> int | None:
        """The first early close of the exchange inside (o, c), if any."""
        early = self._early
        if early is None:
            return None
        first = pd.Timestamp(o.date())
        last = pd.Timestamp(c.date()) + pd.Timedelta(days=1)
        lo, hi = early.searchsorted(first), early.searchsorted(last, side="right")
        o_ns, c_ns = _ns(o), _ns(c)
        for session in early[lo:hi]:
            close = int(self.cal.session_close(session).value)
            if o_ns < close < c_ns:
                return close
        return None

    def _span(
        self, w: Window, open_t: CronTrigger, close_t: CronTrigger, after: datetime
    ) -> Span | None:
        """The first occurrence of ``w`` still open at ``after`` or opening later.

        Starts from the latest open at or before ``after`` (its window may still run),
        then walks forward, skipping opens on exchange holidays.
        """
        limit = _ns(after)
        o = self._previous_open(open_t, after + timedelta(seconds=1))
        if o is None:
            o = open_t.get_next_fire_time(None, after)
        for _ in range(400):
            if o is None:
                return None
            c = close_t.get_next_fire_time(None, o + timedelta(seconds=1))
            if c is None:
                return None
            if self._open_at(o):
                close_ns = _ns(c)
                early_close = self._early_close(o, c)
                early = early_close is not None
                if early_close is not None:
                    close_ns = early_close
                if close_ns > limit:
                    flatten = max(_ns(o), close_ns - self.flatten_ns)
                    return Span(w.name, _ns(o), close_ns, flatten, early)
            o = open_t.get_next_fire_time(None, o + timedelta(seconds=1))
        return None

    def _previous_open(self, open_t: CronTrigger, before: datetime) -> datetime | None:
        """The last occurrence of ``open_t`` strictly before ``before`` (a week back at most)."""
        prev = None
        t = open_t.get_next_fire_time(None, before - timedelta(days=8))
        while t is not None and t < before:
            prev = t
            t = open_t.get_next_fire_time(None, t + timedelta(seconds=1))
        return prev

    def next_span(self, ts: int) -> Span | None:
        """The window occurrence containing ``ts``, else the next one to open."""
        after = datetime.fromtimestamp(ts / NS, tz=self.tz)
        spans = [s for w, o, c in self.windows if (s := self._span(w, o, c, after))]
        spans = [s for s in spans if s.close > ts]
        return min(spans, key=lambda s: s.open) if spans else None

    def spans(self, start: int, end: int) -> list[Span]:
        out: list[Span] = []
        ts = start
        while ts < end:
            span = self.next_span(ts)
            if span is None or span.open >= end:
                break
            out.append(span)
            ts = span.close
        return out

    def events(self, start: int, end: int) -> list[tuple[str, int]]:
        """Event times in [start, end), moved or skipped on holidays as each event says."""
        out = []
        for ev in self.schedule.events:
            out += self._event_times(ev, start, end)
        return sorted(out, key=lambda x: x[1])

    def _event_times(self, ev: Event, start: int, end: int) -> list[tuple[str, int]]:
        trig = ev.at.trigger(self.tz)
        t = trig.get_next_fire_time(None, datetime.fromtimestamp(start / NS, tz=self.tz))
        out = []
        while t is not None and _ns(t) < end:
            when = t
            if not self._open_at(when):
                if ev.holiday == "skip":
                    when = None
                else:
                    for _ in range(10):
                        when = when + timedelta(days=1)
                        if self._open_at(when):
                            break
            if when is not None:
                out.append((ev.name, _ns(when)))
            t = trig.get_next_fire_time(None, t + timedelta(seconds=1))
        return out


class WindowTracker:
    """Per-bar answer to "may this bot trade now, and must it flatten?" in O(1) amortized."""

    __slots__ = ("_span", "_valid_until", "schedule")

    def __init__(self, schedule: WindowSchedule) -> None:
        self.schedule = schedule
        self._span: Span | None = None
        self._valid_until = -1

    def state(self, ts: int) -> tuple[bool, bool]:
        """(inside a window, past its flatten time)."""
        span = self._span
        if ts >= self._valid_until or span is None:
            span = self._span = self.schedule.next_span(ts)
            self._valid_until = (
                _FAR if span is None else (span.open if ts < span.open else span.close)
            )
        if span is None or ts < span.open:
            return False, False
        return True, ts >= span.flatten
