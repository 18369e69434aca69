"""Replay of bar and tick files: the feed of backtests and of live-paced paper runs.

Files are parsed column-wise once (see :mod:`runner_plugins.feeds.barfile`) and turned
into event objects in a single pass, so a run over a million bars spends its time in the
engine rather than in the reader. Symbols are mapped to files by
:mod:`runner_plugins.feeds.symbols` (GCZ3 -> GC.csv.gz).
"""

from __future__ import annotations

import asyncio
import hashlib
import heapq
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator

from runner.api import NS, Bar, Trade
from runner.api.base import Params
from runner.api.capabilities import FeedCapabilities
from runner.api.clock import AcceleratedClock, SimulatedClock, TimeSlice
from runner.api.feed import Feed
from runner.api.lazy import lazy_import
from runner.api.zones import zone_name
from runner_plugins.feeds import bundled
from runner_plugins.feeds.barfile import (
    BarColumns,
    FeedDataError,
    ReadOptions,
    TickColumns,
    read_columns,
    resample,
)
from runner_plugins.feeds.checks import DEFAULT_JUMP_MULTIPLE
from runner_plugins.feeds.gaps import session_gaps
from runner_plugins.feeds.symbols import SUFFIXES, candidate_names, find_file, root_of

if TYPE_CHECKING:
    import numpy as np
else:  # imported when bars are loaded, not when the feed is listed or validated
    np = lazy_import("numpy")

__all__ = [
    "FeedDataError",
    "ReadOptions",
    "ReplayFeed",
    "ReplayParams",
    "load_bars",
    "load_ticks",
]

Event = Bar | Trade
log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- files -> events


def resolve_source(source: str | Path) -> tuple[Path, str | None]:
    """A file path, or a bundled root/symbol name, to (file, product name when bundled)."""
    path = Path(source)
    if path.is_file():
        return path, None
    text = str(source).strip()
    looks_like_name = (
        bool(text) and "/" not in text and "\\" not in text and not text.lower().endswith(SUFFIXES)
    )
    if looks_like_name:
        found = bundled.path_for(text)
        if found is not None:
            return found, product_of(found)
        raise FeedDataError(
            f"no bundled data for {text!r} in {bundled.DATA_DIR} "
            f"(tried {', '.join(candidate_names(text))}; "
            f"bundled: {', '.join(available(bundled.DATA_DIR))})"
        )
    raise FeedDataError(f"{path}: no such file")


def available(directory: Path) -> list[str]:
    """Names of the data files in a directory, without their suffixes."""
    names = set()
    if directory.is_dir():
        for p in directory.iterdir():
            for suffix in SUFFIXES:
                if p.name.endswith(suffix) and p.is_file():
                    names.add(p.name[: -len(suffix)])
    return sorted(names)


def product_of(path: Path) -> str:
    """The product a file is named after: GC.csv.gz -> GC, USO_1d.csv.gz -> USO."""
    name = path.name
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return root_of(name.split("_")[0])


def bar_length_ns(columns: BarColumns, bar_seconds: int | None) -> int:
    """Bar length from the caller, else from the file's most common spacing."""
    if bar_seconds is not None:
        if bar_seconds <= 0:
            raise FeedDataError(f"bar_seconds must be positive, got {bar_seconds}")
        return int(bar_seconds) * NS
    spacing = columns.spacing_ns()
    if spacing is None:
        raise FeedDataError(
            f"{columns.path}: cannot infer the bar length from fewer than two bars; "
            "give bar_seconds"
        )
    return spacing


def bar_window(columns: BarColumns, start: int | None, end: int | None, length: int) -> slice:
    """Bars that start at or after ``start`` and are complete by ``end``."""
    lo = 0 if start is None else columns.search(start, "left")
    hi = len(columns) if end is None else columns.search(end - length, "right")
    return slice(lo, max(lo, hi))


CHUNK = 4_096
"""Rows turned into Python objects at a time. Small: the bars of a chunk live while the
bots trade, and the orders and fills made meanwhile outlive them; the fewer of them
there are, the less memory those pin (65,536 cost 30 MB more at 5M bars)."""


def iter_bars(
    columns: BarColumns,
    symbol: str,
    length: int,
    start: int | None = None,
    end: int | None = None,
) -> Iterator[Bar]:
    """Bar objects for a window of a file, built chunk by chunk from plain Python lists."""
    w = bar_window(columns, start, end, length)
    for lo in range(w.start, w.stop, CHUNK):
        hi = min(lo + CHUNK, w.stop)
        part = columns.part
        ts = part("ts", lo, hi)
        yield from map(
            Bar,
            repeat(symbol),
            ts.tolist(),
            (ts + length).tolist(),
            part("open", lo, hi).tolist(),
            part("high", lo, hi).tolist(),
            part("low", lo, hi).tolist(),
            part("close", lo, hi).tolist(),
            part("volume", lo, hi).tolist(),
        )


class BarWindow(Mapping[str, "np.ndarray"]):
    """A window of a file's bars as columns: ``end`` (int64 ns) and ``open high low close
    volume``, each read from the file's columns when asked for and not kept (a feed that
    holds them on disk hands out one at a time); ``part`` reads a range of the window's
    rows, ``height`` says how many there are."""

    __slots__ = ("_cols", "_length", "_window")

    def __init__(self, cols: BarColumns, window: slice, length: int) -> None:
        self._cols = cols
        self._window = window
        self._length = length

    @property
    def height(self) -> int:
        return self._window.stop - self._window.start

    def part(self, name: str, lo: int, hi: int) -> np.ndarray:
        first = self._window.start
        lo, hi = first + max(0, lo), first + min(hi, self.height)
        if name == "end":
            return self._cols.part("ts", lo, hi) + self._length
        if name not in _WINDOW_NAMES:
            raise KeyError(name)
        return self._cols.part(name, lo, hi)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.part(name, 0, self.height)

    def __iter__(self) -> Iterator[str]:
        return iter(_WINDOW_NAMES)

    def __len__(self) -> int:
        return len(_WINDOW_NAMES)


_WINDOW_NAMES = ("end", "open", "high", "low", "close", "volume")


def iter_trades(
    columns: TickColumns, symbol: str, start: int | None = None, end: int | None = None
) -> Iterator[Trade]:
    """Trades with ``start <= ts < end``."""
    lo = 0 if start is None else int(np.searchsorted(columns.ts, start, side="left"))
    hi = len(columns) if end is None else int(np.searchsorted(columns.ts, end, side="left"))
    for a in range(lo, max(lo, hi), CHUNK):
        b = min(a + CHUNK, hi)
        yield from map(
            Trade,
            repeat(symbol),
            columns.ts[a:b].tolist(),
            columns.price[a:b].tolist(),
            columns.size[a:b].tolist(),
        )


def bars_from_columns(
    columns: BarColumns,
    symbol: str,
    length: int,
    start: int | None = None,
    end: int | None = None,
) -> list[Bar]:
    return list(iter_bars(columns, symbol, length, start, end))


def load_bars(
    source: str | Path,
    *,
    symbol: str | None = None,
    tz: str | None = None,
    start: int | None = None,
    end: int | None = None,
    bar_seconds: int | None = None,
    options: ReadOptions | None = None,
) -> list[Bar]:
    """Bars of a CSV/Parquet file or of a bundled product ("GC", "GCZ3").

    ``ts`` is the bar start and ``end = ts + bar length`` (``bar_seconds`` or the file's
    most common spacing), both int ns UTC. Naive timestamps are wall-clock in ``tz``,
    which must then be given (no silent UTC); explicit offsets are honoured.
    ``start``/``end`` (ns) keep the bars that start at or after ``start`` and are complete
    by ``end``. ``options`` states the rest (date format, sorting, price jumps).
    """
    path, product = resolve_source(source)
    columns = read_columns(path, _options(options, tz))
    if isinstance(columns, TickColumns):
        raise FeedDataError(f"{path}: holds trades (timestamp, price, size), not bars")
    name = symbol or product or product_of(path)
    return bars_from_columns(columns, name, bar_length_ns(columns, bar_seconds), start, end)


def load_ticks(
    source: str | Path,
    *,
    symbol: str | None = None,
    tz: str | None = None,
    start: int | None = None,
    end: int | None = None,
    options: ReadOptions | None = None,
) -> list[Trade]:
    """Trades of a tick file (timestamp, price, size) with ``start <= ts < end``."""
    path, product = resolve_source(source)
    columns = read_columns(path, _options(options, tz))
    if not isinstance(columns, TickColumns):
        raise FeedDataError(f"{path}: holds bars, not trades (timestamp, price, size)")
    return list(iter_trades(columns, symbol or product or product_of(path), start, end))


def _options(options: ReadOptions | None, tz: str | None) -> ReadOptions:
    base = options or ReadOptions()
    if tz is None:
        return base
    return ReadOptions(tz, base.date_format, base.sort, base.jump_multiple, base.on_jump)


def event_time(event: Event) -> int:
    """When an event becomes known: a bar at its close, a trade when it prints."""
    return event.end if isinstance(event, Bar) else event.ts


E = TypeVar("E", bound=Event)


def merge(streams: list[Iterator[E]], *, bars_only: bool) -> Iterator[E]:
    """Events of several symbols in time order; ties broken by symbol for repeatability."""
    if not streams:
        return iter(())
    if len(streams) == 1:
        return streams[0]
    if bars_only:
        return heapq.merge(*streams, key=attrgetter("end", "symbol"))
    return heapq.merge(*streams, key=lambda e: (event_time(e), e.symbol))


# --------------------------------------------------------------------------- the plugin


class ReplayParams(Params):
    data: str | None = Field(
        default=None,
        description="Directory of data files named by symbol or root (GC.csv.gz, "
        "ESZ3.parquet); default: the sample data bundled with runner.",
    )
    timezone: str | None = Field(
        default=None,
        description="Time zone of timestamps written without an offset (offsets in the file "
        "always win). A file with such timestamps needs it: they are never read as UTC "
        "silently. Also the zone of naive start/end (UTC when not given).",
    )
    date_format: str | None = Field(
        default=None,
        max_length=100,
        description="strftime layout of the timestamps, e.g. '%d/%m/%Y %H:%M'; every row "
        "must match it. Without it timestamps are ISO 8601 or another layout that reads "
        "one way only: 07/10/2013 (day/month or month/day?) is refused.",
    )
    sort: bool = False
    """Put rows that are out of time order in order; by default such a file is refused
    with the file and row (a shuffled or twice-pasted file is more often broken than
    merely unsorted)."""
    jump_multiple: float = Field(
        default=DEFAULT_JUMP_MULTIPLE,
        gt=1,
        le=1_000_000,
        allow_inf_nan=False,
        description="A price more than this many times (or less than 1/this of) its "
        "reference is a price jump (a misplaced decimal point, a unit change): an open "
        "against the previous close, a close against its open, a high or low against the "
        "bar's open and close, a trade against the previous trade.",
    )
    on_jump: Literal["warn", "error"] = "warn"
    """What a price jump does: a warning with the count and the first row, or an error."""
    max_gap_minutes: int = Field(
        default=60,
        ge=1,
        le=100_000,
        description="A hole in the data longer than this many minutes of open session "
        "(by the instrument's exchange calendar; nights, weekends and holidays do not "
        "count) is reported in a warning with the count of such holes. 60 lets CME's daily "
        "one-hour halt pass, which the calendars count as open.",
    )
    speed: float = Field(
        default=0.0,
        ge=0,
        description="Live-paced streaming: market seconds per wall second "
        "(600 = ten minutes a second); 0 streams as fast as possible.",
    )
    start: date | datetime | None = Field(
        default=None,
        description="First day (or moment) replayed; naive values are in `timezone`.",
    )
    end: date | datetime | None = Field(
        default=None,
        description="Last day replayed (a date includes the whole day) or the moment replay stops.",
    )
    bar_seconds: int | None = Field(
        default=None,
        gt=0,
        le=86_400,
        description="Length of the bars in the files, in seconds, at most 86,400 (a day); "
        "default: the most common spacing in each file.",
    )

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        return None if value is None else zone_name(value)


class ReplayFeed(Feed[ReplayParams]):
    """Replays one-minute (or any) bars and trade ticks from CSV, gzip CSV or Parquet files.

    Looks up ``<data>/<SYMBOL>.csv|.csv.gz|.parquet``, then the product root (GCZ3 -> GC).
    Backtests pull merged, time-ordered history from ``replay``; paper runs ``subscribe``
    and receive the bars paced by ``speed``, released when the simulated clock passes
    each bar's end.
    """

    name: ClassVar[str] = "replay"
    capabilities = FeedCapabilities(replays_history=True, paced=True, resumes=True)
    Params: ClassVar[type[Params]] = ReplayParams

    def __init__(self, params: ReplayParams, connection: Any = None) -> None:
        super().__init__(params, connection)
        p = self.params
        chosen = p.data or getattr(connection, "data_dir", None)
        self.directory = Path(chosen).expanduser() if chosen else bundled.DATA_DIR
        self.clock: AcceleratedClock | SimulatedClock | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._symbols: list[str] = []
        self._checked: set[str] = set()
        self.turns = TimeSlice()  # how long the pump runs before the loop gets a turn
        self._start_at: int | None = None  # a resumed run: the stream's market time begins here

    # ---- files

    def path_for(self, symbol: str) -> Path:
        found = find_file(self.directory, symbol)
        if found is None:
            have = available(self.directory)
            listing = f"; files there: {', '.join(have)}" if have else ""
            where = "" if self.directory.is_dir() else " (the directory does not exist)"
            raise FeedDataError(
                f"no data for symbol {symbol!r} in {self.directory}{where}: tried "
                f"{', '.join(candidate_names(symbol))}{listing}"
            )
        return found

    def source_of(self, symbol: str) -> str | None:
        found = find_file(self.directory, symbol)
        return None if found is None else str(found)

    def source_id(self, symbols: list[str]) -> str:
        """Each symbol's file by name, size and SHA-256, and what shapes its bars: the same
        string for the same data, another as soon as one byte of it changed."""
        p = self.params
        files = {}
        for symbol in sorted(_unique(symbols)):
            path = self.path_for(symbol)
            files[symbol] = {
                "file": path.name,
                "bytes": path.stat().st_size,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            }
        return json.dumps(
            {
                "files": files,
                "timezone": p.timezone,
                "bar_seconds": p.bar_seconds,
                "date_format": p.date_format,
                "sort": p.sort,
            },
            sort_keys=True,
        )

    def start_at(self, ts: int) -> None:
        self._start_at = ts

    @property
    def options(self) -> ReadOptions:
        p = self.params
        return ReadOptions(p.timezone, p.date_format, p.sort, p.jump_multiple, p.on_jump)

    def columns(self, symbol: str) -> BarColumns | TickColumns:
        """The parsed file of ``symbol``; its warnings are noted once per symbol."""
        cols = read_columns(self.path_for(symbol), self.options)
        if symbol not in self._checked:
            self._checked.add(symbol)
            notes = list(cols.warnings)
            length = 0
            if isinstance(cols, BarColumns) and len(cols) > 1:
                length = bar_length_ns(cols, self.params.bar_seconds)
            span = cols.part if isinstance(cols, BarColumns) else _span(cols.ts)
            gap = session_gaps(
                str(cols.path),
                symbol,
                span,
                len(cols),
                cols.row_of,
                length,
                self.params.max_gap_minutes,
            )
            if gap is not None:
                notes.append(gap)
            for note in notes:
                if note not in self.warnings:
                    self.warnings.append(note)
                    log.warning("%s", note)
        return cols

    def events(self, symbol: str, start: int | None, end: int | None) -> Iterator[Event]:
        """Bars or trades of one symbol inside the window (the Params window applied too).

        The file is read and checked now; the events themselves are built lazily.
        """
        start, end = self._window(start, end)
        cols = self.columns(symbol)
        if isinstance(cols, TickColumns):
            return iter_trades(cols, symbol, start, end)
        p = self.params
        return iter_bars(cols, symbol, bar_length_ns(cols, p.bar_seconds), start, end)

    def bar_arrays(self, symbol: str, start: int | None, end: int | None) -> BarWindow | None:
        """The bars ``events`` would give, as arrays (``end`` and the prices, each read when
        asked for), so a backtest computes whole-history indicators without a ``Bar`` per
        row; None for a tick file."""
        start, end = self._window(start, end)
        cols = self.columns(symbol)
        if isinstance(cols, TickColumns):
            return None
        length = bar_length_ns(cols, self.params.bar_seconds)
        return BarWindow(cols, bar_window(cols, start, end, length), length)

    def _streams(self, symbols: list[str], start: int | None, end: int | None) -> Iterator[Event]:
        names = _unique(symbols)
        bars_only = all(isinstance(self.columns(s), BarColumns) for s in names)
        return merge([self.events(s, start, end) for s in names], bars_only=bars_only)

    def _window(self, start: int | None, end: int | None) -> tuple[int | None, int | None]:
        p = self.params
        zone = p.timezone or "UTC"
        own_start = _to_ns(p.start, zone, end=False)
        own_end = _to_ns(p.end, zone, end=True)
        if own_start is not None:
            start = own_start if start is None else max(start, own_start)
        if own_end is not None:
            end = own_end if end is None else min(end, own_end)
        return start, end

    # ---- history

    def replay(
        self, symbols: list[str], start: int | None, end: int | None
    ) -> Iterator[Bar | Trade]:
        """Bars (or trades, for tick files) of all symbols, merged by event time."""
        return self._streams(symbols, start, end)

    def replay_ticks(
        self, symbols: list[str], start: int | None, end: int | None
    ) -> Iterator[Trade]:
        """Trades of tick files only; a bar file here is an error, not a silent mix."""
        streams: list[Iterator[Trade]] = []
        for s in _unique(symbols):
            cols = self.columns(s)
            if not isinstance(cols, TickColumns):
                raise FeedDataError(f"{cols.path}: holds bars, not trades (timestamp, price, size)")
            streams.append(iter_trades(cols, s, *self._window(start, end)))
        return merge(streams, bars_only=False)

    async def history(self, symbol: str, bar_seconds: int, start: int, end: int) -> list[Bar]:
        """Warm-up bars of ``bar_seconds``, built from shorter file bars when needed."""
        cols = self.columns(symbol)
        if isinstance(cols, TickColumns):
            raise FeedDataError(f"{cols.path}: holds trades; history needs a bar file")
        p = self.params
        length = bar_length_ns(cols, p.bar_seconds)
        target = int(bar_seconds) * NS
        if target != length:
            cols = resample(cols, length, target)
        return bars_from_columns(cols, symbol, target, start, end)

    # ---- live-paced streaming

    async def connect(self) -> None:
        if not self.directory.is_dir():
            raise FeedDataError(f"replay data directory {self.directory} does not exist")

    async def subscribe(self, symbols: list[str]) -> None:
        """Start streaming ``symbols`` into ``self.sink``, paced by ``speed``.

        The first subscription starts the clock at the earliest bar start; later ones join
        at the clock's present, so every symbol sees one consistent "now". With speed 0
        the clock is simulated: it moves with the events, as fast as the sink takes them.
        """
        fresh = [s for s in _unique(symbols) if s not in self._symbols]
        if not fresh:
            return
        events = self._streams(fresh, None, None)
        first = next(events, None)
        if first is None:
            return
        self._symbols.extend(fresh)
        p = self.params
        joined_at: int | None = None
        if self.clock is None:
            if p.speed > 0:
                # a resumed run's pace begins where the crashed run stood, not at the first bar
                self.clock = AcceleratedClock(max(first.ts, self._start_at or 0), p.speed)
            else:
                self.clock = SimulatedClock(first.ts)
        else:
            joined_at = self.clock.now()
        task = asyncio.create_task(
            self._pump(_chain(first, events), joined_at), name=f"replay {','.join(fresh)}"
        )
        task.add_done_callback(_report_failure)
        self._tasks.append(task)

    async def _pump(self, events: Iterable[Event], joined_at: int | None) -> None:
        """Events into the sink at their time; the loop gets a turn between two instants.

        Every bar of one instant reaches the sink in one go, as when paced. Between
        instants the pump gives way when its time slice is spent (``self.turns``), not
        after a number of bars: a bar costs more the more bots read it, and a full-speed
        replay, or a paced one that fell behind, would otherwise hold the loop (heartbeat,
        Ctrl-C) for as long as it runs. Giving way also waits until the core has finished
        with what was sent (``drained``), so the bots' work is spread over turns rather
        than outrun. Where it gives way never changes what is sent.
        """
        clock = self.clock
        turns = self.turns
        instant: int | None = None
        before = self._start_at or 0  # events up to a resume point: at once, unpaced
        for event in events:
            due = event_time(event)
            if joined_at is not None and due <= joined_at:
                continue  # a late subscriber starts at the shared clock's present
            if due != instant:
                instant = due
                if isinstance(clock, AcceleratedClock):
                    delay = clock.wall_delay(due) if due > before else 0.0
                    if delay > 0:
                        await asyncio.sleep(delay)
                        turns.restart()
                    elif turns.due():  # behind the clock: catching up, but not alone
                        await self._give_way(turns)
                else:
                    if turns.due():
                        await self._give_way(turns)
                    assert isinstance(clock, SimulatedClock)
                    clock.advance(due)
            self.sink(event)

    async def _give_way(self, turns: TimeSlice) -> None:
        """A turn for the loop, and the bots done with what was sent before more comes."""
        await turns.pause()
        await self.drained()
        turns.restart()

    async def wait(self) -> None:
        """Until every subscribed stream has delivered its last event (errors re-raised)."""
        if self._tasks:
            await asyncio.gather(*self._tasks)

    async def close(self) -> None:
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._symbols.clear()
        self.clock = None
        self._start_at = None


def _span(ts: np.ndarray) -> Callable[[str, int, int], np.ndarray]:
    """``part`` of columns held in memory (a tick file's)."""
    return lambda _name, lo, hi: ts[lo:hi]


def _report_failure(task: asyncio.Task[None]) -> None:
    """A stream that dies must be seen: the sink or a file failed mid-replay."""
    if not task.cancelled() and task.exception() is not None:
        log.error("%s stopped: %s", task.get_name(), task.exception())


def _chain(first: Event, rest: Iterator[Event]) -> Iterable[Event]:
    yield first
    yield from rest


def _unique(symbols: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(symbols))


def _to_ns(value: date | datetime | None, tz: str, *, end: bool) -> int | None:
    """A Params date/datetime in ``tz`` to ns; an end date covers its whole day."""
    if value is None:
        return None
    if isinstance(value, datetime):
        dt = value if value.tzinfo else value.replace(tzinfo=ZoneInfo(tz))
    else:
        day = value + timedelta(days=1) if end else value
        dt = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(tz))
    return int(dt.astimezone(UTC).timestamp()) * NS + dt.microsecond * 1000
