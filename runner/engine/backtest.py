"""Replaying history through the same bots, brokers and portfolio that trade live."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner.api.base import PluginKind
from runner.engine.bot import BotRunner
from runner.engine.engine import Engine
from runner.engine.events import NS, to_datetime
from runner.engine.factory import build_bot, simulated_broker
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
    events: list[dict[str, Any]] = field(default_factory=list)
    bars: int = 0


class EventLog:
    """Collects engine events in memory (a backtest has no journal)."""

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self.events: list[dict[str, Any]] = []

    def __call__(self, kind: str, bot: str, ts: int, **fields: Any) -> None:
        if self.keep:
            self.events.append({"ts": ts, "event": kind, "bot": bot, **fields})


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
    for bot in loaded:
        inst = bot.config.instruments[bot.config.primary]
        name = inst.symbol or inst.root
        assert name is not None
        for bar in feed.replay([name], None, None):
            d = to_datetime(bar.ts).date()
            first = d if first is None or d < first else first
            break
    return first or datetime.now(UTC).date()


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
