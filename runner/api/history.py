"""Where ``runner data fetch`` gets history from: the :class:`HistorySource` protocol.

A source serves one session of one contract at a time; the command plans the sessions,
skips those the catalog holds and writes each whole day. Bars come from ``fetch``; a source
offering ``tick`` (every trade) also has ``fetch_trades`` (:class:`TradeHistorySource`),
since trades are not bars: no time grid, and several may share a stamp. Paging, a venue's pacing rules and
reconnecting belong to the source, which tells the user about waits through ``notice``.

Third-party packages add a source under the entry-point group ``runner.history``: the name
is the connection kind it serves (``rithmic``, ``ib``) and the object a class taking
``(connection, options)``.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from importlib.metadata import entry_points
from typing import Any, ClassVar, Protocol, runtime_checkable

from runner.errors import RunnerError
from runner.model import NS, Bar, Trade

ENTRY_POINT_GROUP = "runner.history"

Sleeper = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]

BAR_SECONDS = {"1s": 1, "1m": 60}
"""Time bars by catalog name and length in seconds."""
TRADES = "tick"
"""The catalog's name for trades (time stamp, price, size), fetched by ``fetch_trades``."""


class HistoryError(RunnerError):
    """A source cannot serve what was asked (bar kind, symbol, a refusal): one line."""


def _say(message: str) -> None:
    """Default notice: nothing (the command passes its console's printer)."""


async def _sleep(seconds: float) -> None:
    """asyncio's sleep, imported when a source first waits: importing runner.api (every
    command does) must not import asyncio."""
    import asyncio

    await asyncio.sleep(seconds)


@dataclass(slots=True)
class SourceOptions:
    """What the command hands a source: where to say things, and how time passes.

    Tests inject ``sleep`` and ``monotonic`` so pacing waits of minutes take no time."""

    notice: Callable[[str], None] = _say
    sleep: Sleeper = _sleep
    monotonic: Monotonic = time.monotonic
    reconnect_wait: float = 120.0
    """Seconds a source waits for a dropped connection to come back before giving up."""
    extra: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class HistorySource(Protocol):
    """One venue's history service, connected through a connection profile."""

    name: ClassVar[str]
    bars: ClassVar[dict[str, str]]
    """Bar kinds offered (``1m``, ``1s``, ``tick``), each with one line on how."""

    async def connect(self) -> None:
        """Log in; raise :class:`HistoryError` (or the venue's RunnerError) on failure."""
        ...

    async def close(self) -> None: ...

    async def fetch(self, symbol: str, bar: str, start: int, end: int) -> list[Bar]:
        """Bars of ``bar`` kind of contract ``symbol`` with ``start <= ts`` and ending by
        ``end`` (ns), oldest first, without duplicates; waits out pacing and reconnects."""
        ...


@runtime_checkable
class TradeHistorySource(HistorySource, Protocol):
    """A source that also serves every trade (``tick`` in its ``bars``)."""

    async def fetch_trades(self, symbol: str, start: int, end: int) -> list[Trade]:
        """Trades of contract ``symbol`` with ``start <= ts < end`` (ns), oldest first, each
        once; trades may share a time stamp. Waits out pacing and reconnects."""
        ...


@functools.lru_cache(maxsize=8192)
def session_window(calendar: str, day: date) -> tuple[int, int] | None:
    """(open, close) in ns of ``day``'s session on ``calendar``; None on a day off."""
    import pandas as pd  # deferred: importing runner.api must stay light

    from runner.contracts.calendar import exchange_calendar

    cal = exchange_calendar(calendar)
    stamp = pd.Timestamp(day)
    if not cal.first_session <= stamp <= cal.last_session or not cal.is_session(stamp):
        return None  # outside the calendar's span there are no sessions to speak of
    return int(cal.session_open(stamp).value), int(cal.session_close(stamp).value)


@functools.cache
def calendar_span(calendar: str) -> tuple[date, date]:
    """The first and last session dates ``calendar`` knows."""
    from runner.contracts.calendar import exchange_calendar

    cal = exchange_calendar(calendar)
    return cal.first_session.date(), cal.last_session.date()


def _utc_day(ns: int) -> date:
    return datetime.fromtimestamp(ns // NS, tz=UTC).date()


def sessions_between(calendar: str, start: int, end: int) -> list[tuple[date, int, int]]:
    """Sessions whose window meets [start, end) ns: (session date, open, close), oldest first."""
    first, final = calendar_span(calendar)
    out: list[tuple[date, int, int]] = []
    day = max(_utc_day(start) - timedelta(days=1), first)
    last = min(_utc_day(end) + timedelta(days=2), final)
    while day <= last:
        window = session_window(calendar, day)
        if window is not None and window[1] > start and window[0] < end:
            out.append((day, *window))
        day += timedelta(days=1)
    return out


def sessions_on(calendar: str, first: date, last: date) -> list[tuple[date, int, int]]:
    """Sessions dated ``first`` to ``last`` inclusive: (session date, open, close)."""
    out: list[tuple[date, int, int]] = []
    day = first
    while day <= last:
        window = session_window(calendar, day)
        if window is not None:
            out.append((day, *window))
        day += timedelta(days=1)
    return out


SourceFactory = Callable[[Any, SourceOptions], HistorySource]


def history_sources() -> dict[str, SourceFactory]:
    """Installed sources by connection kind, from the ``runner.history`` entry points."""
    found: dict[str, SourceFactory] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(ep.name, ep.load())
    return found
