"""Trading windows and events from APScheduler triggers, on any clock.

The triggers that the live scheduler fires are the ones evaluated here on simulated time,
so a backtest opens and closes each bot's window exactly when ``runner start`` would. An
exchange calendar removes windows on holidays and cuts them short on early closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import exchange_calendars as xcals
import numpy as np
import pandas as pd
from apscheduler.triggers.cron import CronTrigger

from runner.config.schedule import Event, Schedule, Window
from runner.contracts.calendar import exchange_calendar
from runner.model import MINUTE_NS, NS

_FAR = 2**62


def calendar(name: str) -> xcals.ExchangeCalendar:
    """The exchange calendar over runner's whole span (decades back, 15 years ahead): the
    library's default ends a year after today, past which holidays were silently lost."""
    return exchange_calendar(name)


def _ns(dt: datetime) -> int:
    return int(dt.timestamp()) * NS + dt.microsecond * 1000


def _ns_array(col: pd.Series) -> np.ndarray:
    return col.dt.tz_convert("UTC").dt.tz_localize(None).dt.as_unit("ns").to_numpy(np.int64)


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
        sessions = self.cal.schedule
        self._opens = _ns_array(sessions["open"])
        self._closes = _ns_array(sessions["close"])
        closes = self.cal.early_closes
        self._early = closes.tz_localize(None) if len(closes) else None

    def _open_at(self, dt: datetime) -> bool:
        """Is the exchange in a session at ``dt``? (breaks ignored; binary search)."""
        ns = _ns(dt)
        opens, closes = self._opens, self._closes
        if not len(opens) or ns < opens[0] or ns > closes[-1]:
            first, last = self.cal.first_session.date(), self.cal.last_session.date()
            raise ValueError(
                f"{dt.date().isoformat()} is outside the {self.schedule.calendar} calendar "
                f"({first.isoformat()} to {last.isoformat()}): its holidays are not known"
            )
        i = int(np.searchsorted(opens, ns, side="right")) - 1
        return i >= 0 and ns < closes[i]

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

    def _previous_open(self, open_t: CronTrigger, before: datetime) -> datetime | None:
        """The last occurrence of ``open_t`` strictly before ``before`` (a week back at most)."""
        prev = None
        t = open_t.get_next_fire_time(None, before - timedelta(days=8))
        while t is not None and t < before:
            prev = t
            t = open_t.get_next_fire_time(None, t + timedelta(seconds=1))
        return prev

    def _occurrences(
        self, w: Window, open_t: CronTrigger, close_t: CronTrigger, start: int, end: int
    ) -> list[Span]:
        """Occurrences of ``w`` still open at ``start`` or opening before ``end``."""
        after = datetime.fromtimestamp(start / NS, tz=self.tz)
        o = self._previous_open(open_t, after + timedelta(seconds=1))
        if o is None:
            o = open_t.get_next_fire_time(None, after)
        out: list[Span] = []
        while o is not None and _ns(o) < end:
            c = close_t.get_next_fire_time(None, o + timedelta(seconds=1))
            if c is None:
                break
            if self._open_at(o):
                close_ns = _ns(c)
                early_close = self._early_close(o, c)
                if early_close is not None:
                    close_ns = early_close
                if close_ns > start:
                    flatten = max(_ns(o), close_ns - self.flatten_ns)
                    out.append(Span(w.name, _ns(o), close_ns, flatten, early_close is not None))
            o = open_t.get_next_fire_time(None, o + timedelta(seconds=1))
        return out

    def spans(self, start: int, end: int) -> list[Span]:
        """Window occurrences overlapping [start, end), in order of opening."""
        out: list[Span] = []
        for w, o, c in self.windows:
            out += self._occurrences(w, o, c, start, end)
        return sorted(out, key=lambda s: s.open)

    def next_span(self, ts: int) -> Span | None:
        """The window occurrence containing ``ts``, else the next one to open."""
        horizon = 8 * 86400 * NS
        for k in range(1, 60):  # windows may be weeks apart (a monthly schedule)
            spans = self.spans(ts, ts + k * horizon)
            if spans:
                return spans[0]
        return None

    def events(self, start: int, end: int) -> list[tuple[str, int]]:
        """Event times in [start, end), moved or skipped on holidays as each event says."""
        out = []
        for ev in self.schedule.events:
            out += self._event_times(ev, start, end)
        return sorted(out, key=lambda x: x[1])

    def _event_times(self, ev: Event, start: int, end: int) -> list[tuple[str, int]]:
        trig = ev.at.trigger(self.tz)
        cal = calendar(ev.calendar or self.schedule.calendar)
        step = -1 if ev.holiday == "previous_business_day" else 1
        t = trig.get_next_fire_time(None, datetime.fromtimestamp(start / NS, tz=self.tz))
        out = []
        while t is not None and _ns(t) < end:
            when: datetime | None = t
            if not business_day(cal, t):
                if ev.holiday == "skip":
                    when = None
                else:
                    day = t
                    for _ in range(10):
                        day = day + timedelta(days=step)
                        if business_day(cal, day):
                            break
                    when = day
            if when is not None:
                out.append((ev.name, _ns(when)))
            t = trig.get_next_fire_time(None, t + timedelta(seconds=1))
        return out


def business_day(cal: xcals.ExchangeCalendar, dt: datetime) -> bool:
    """Is the local date of ``dt`` a session of ``cal``? (weekdays outside its range)"""
    day = pd.Timestamp(dt.date())
    try:
        return bool(cal.is_session(day))
    except ValueError:  # outside the calendar's range
        return dt.weekday() < 5


class WindowTracker:
    """Per-bar answer to "may this bot trade now, and must it flatten?" in O(1) amortized.

    Occurrences are computed two weeks at a time; a bar only compares integers.
    """

    CHUNK = 14 * 86400 * NS

    __slots__ = ("_chunk_end", "_i", "_span", "_spans", "_valid_until", "schedule")

    def __init__(self, schedule: WindowSchedule) -> None:
        self.schedule = schedule
        self._span: Span | None = None
        self._valid_until = -1
        self._spans: list[Span] = []
        self._i = 0
        self._chunk_end = -1

    def state(self, ts: int) -> tuple[bool, bool]:
        """(inside a window, past its flatten time)."""
        if ts >= self._valid_until:
            self._advance(ts)
        span = self._span
        if span is None or ts < span.open:
            return False, False
        return True, ts >= span.flatten

    def steady_until(self, ts: int) -> int:
        """After ``state(ts)``: the first time from which ``state`` may answer otherwise
        (the next open, flatten time or close); until then it gives the same answer."""
        span = self._span
        if span is not None and span.open <= ts < span.flatten:
            return span.flatten
        return self._valid_until

    def _advance(self, ts: int) -> None:
        if ts >= self._chunk_end or ts < (self._spans[0].open if self._spans else ts):
            self._chunk_end = ts + self.CHUNK
            self._spans = self.schedule.spans(ts, self._chunk_end)
            self._i = 0
        spans, i = self._spans, self._i
        while i < len(spans) and spans[i].close <= ts:
            i += 1
        self._i = i
        if i < len(spans):
            span = self._span = spans[i]
            self._valid_until = span.open if ts < span.open else span.close
        else:
            self._span = None
            self._valid_until = self._chunk_end
