"""Replaying history through the same bots, brokers and portfolio that trade live."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner.api.base import PluginKind
from runner.engine.bot import BotRunner
from runner.engine.engine import Engine
from runner.engine.factory import build_bot, simulated_broker
from runner.errors import RunnerError
from runner.events import Event
from runner.model import NS, to_datetime
from runner.portfolio.metrics import Metrics, aggregate, compute_metrics

if TYPE_CHECKING:
    from runner.api import Feed
    from runner.config.project import LoadedBot


@dataclass
class BotResult:
    bot: str
    capital: float
    trades: list[Any]
    equity_curve: list[tuple[int, float]]
    metrics: Metrics
    symbols: dict[str, str]  # instrument key -> contract traded
    open_positions: dict[str, int]


@dataclass
class BacktestResult:
    bots: list[BotResult]
    portfolio: Metrics
    events: list[Event] = field(default_factory=list)
    bars: int = 0


class EventLog:
    """Collects the bots' events in memory (a backtest has no journal and no log files)."""

    __slots__ = ("events", "keep")

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self.events: list[Event] = []

    def __call__(self, event: Event) -> None:
        if self.keep:
            self.events.append(event)


def replay_feed(registry: Any, data: Path | None) -> Feed:
    info = registry.get(PluginKind.FEED, "replay")
    if info is None:
        raise RuntimeError("the replay feed plugin is not installed")
    params = info.cls.Params(data=str(data)) if data is not None else info.cls.Params()
    return info.cls(params)


def _ns(d: date | None, *, end: bool = False) -> int | None:
    if d is None:
        return None
    dt = datetime(d.year, d.month, d.day, tzinfo=UTC)
    if end:
        dt += timedelta(days=1)
    return int(dt.timestamp()) * NS


def first_date(feed: Feed, loaded: list[LoadedBot]) -> date:
    """The first day of data for the bots' primary instruments (contracts resolve on it)."""
    first: date | None = None
    names: dict[str, None] = {}  # each symbol once: hundreds of bots share a few
    for bot in loaded:
        inst = bot.config.instruments[bot.config.primary]
        name = inst.symbol or inst.root
        assert name is not None
        names[name] = None
    for name in names:
        for bar in feed.replay([name], None, None):
            d = to_datetime(bar.ts).date()
            first = d if first is None or d < first else first
            break
    return first or datetime.now(UTC).date()


class NoBarsInRange(RunnerError, ValueError):
    """The backtest window holds no bars of a symbol a bot trades: nothing would be tested."""


def _stamp(ns: int) -> str:
    return to_datetime(ns).strftime("%Y-%m-%d %H:%M")


def _window_text(start: date | None, end: date | None) -> str:
    if start and end:
        return f"from {start} to {end}"
    if start:
        return f"from {start} on"
    if end:
        return f"up to {end}"
    return "at all"


def data_range(feed: Feed, symbol: str) -> tuple[int, int] | None:
    """When the feed's data of ``symbol`` starts and ends (ns UTC), or None: it has none."""
    events = iter(feed.replay([symbol], None, None))
    first = next(events, None)
    if first is None:
        return None
    last = deque(events, maxlen=1)
    final = last[0] if last else first
    return first.ts, getattr(final, "end", final.ts)


def _source(feed: Feed, symbol: str) -> str:
    """ " (FILE)" when the feed reads the symbol from a file (the replay feed), else ""."""
    where = feed.source_of(symbol)
    return f" ({where})" if where else ""


def check_coverage(
    feed: Feed,
    runners: list[BotRunner],
    symbols: list[str],
    start: date | None,
    end: date | None,
) -> None:
    """Refuse a backtest in which a traded symbol has no bars: name what the data covers."""
    window = (_ns(start), _ns(end, end=True))
    empty = [s for s in symbols if next(iter(feed.replay([s], *window)), None) is None]
    if not empty:
        return
    parts = []
    for symbol in empty:
        bots = ", ".join(r.name for r in runners if symbol in r.by_symbol)
        covered = data_range(feed, symbol)
        source = _source(feed, symbol)
        have = (
            f"the data{source} covers {symbol} from {_stamp(covered[0])} to "
            f"{_stamp(covered[1])} UTC"
            if covered
            else f"the data{source} holds no bars of {symbol}"
        )
        parts.append(f"no bars of {symbol} (bot {bots}) {_window_text(start, end)}; {have}")
    raise NoBarsInRange("; ".join(parts) + "; nothing was tested")


def run_backtest(
    loaded: list[LoadedBot],
    registry: Any,
    *,
    data: Path | None = None,
    start: date | None = None,
    end: date | None = None,
    capital: float | None = None,
    keep_events: bool = True,
    schedules: dict[str, Any] | None = None,
) -> BacktestResult:
    feed = replay_feed(registry, data)
    on = start or first_date(feed, loaded)
    log = EventLog(keep_events)
    runners: list[BotRunner] = []
    for bot in loaded:
        broker = simulated_broker(bot, registry)
        runners.append(
            build_bot(bot, broker, on=on, emit=log, capital=capital, schedules=schedules)
        )
    engine = Engine(runners)
    check_coverage(feed, runners, engine.symbols, start, end)
    count = engine.run(feed.replay(engine.symbols, _ns(start), _ns(end, end=True)))
    return collect(runners, log, count)


def collect(runners: list[BotRunner], log: EventLog, bars: int) -> BacktestResult:
    results = []
    for r in runners:
        pf = r.portfolio
        m = compute_metrics(pf.trades, pf.equity_curve, r.ctx.capital)
        results.append(
            BotResult(
                bot=r.name,
                capital=r.ctx.capital,
                trades=list(pf.trades),
                equity_curve=list(pf.equity_curve),
                metrics=m,
                symbols={k: i.symbol for k, i in r.ctx.instruments.items()},
                open_positions={
                    i.symbol: i.position for i in r.ctx.instruments.values() if i.position
                },
            )
        )
    total = aggregate({b.bot: (b.trades, b.equity_curve, b.capital) for b in results})
    return BacktestResult(results, total, log.events, bars)
