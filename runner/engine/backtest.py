"""Replaying history through the same bots, brokers and portfolio that trade live."""

from __future__ import annotations

import gc
import heapq
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from zoneinfo import ZoneInfo

from runner.api.base import PluginKind
from runner.engine.bars import BarBuilder, BarGrid
from runner.engine.batch import install
from runner.engine.bot import BotRunner
from runner.engine.catalog_source import (
    RollPlan,
    bar_seconds_of,
    catalog_source,
    feed_bar,
    plan_rolls,
    rolled_stream,
)
from runner.engine.engine import Engine
from runner.engine.factory import build_bot, resolve_instruments, simulated_broker
from runner.engine.rolling import RollDone, Roller
from runner.errors import RunnerError
from runner.events import Event
from runner.model import NS, Bar, Trade, to_datetime
from runner.portfolio.metrics import Metrics, aggregate, compute_metrics

if TYPE_CHECKING:
    from runner.api import Feed
    from runner.config.project import LoadedBot


@dataclass
class BotResult:
    bot: str
    capital: float
    trades: list[Any]
    equity_curve: Sequence[tuple[int, float]]  # a ColumnarCurve: .arrays() reads it at once
    metrics: Metrics
    symbols: dict[str, str]  # instrument key -> contract traded
    open_positions: dict[str, int]


@dataclass
class BacktestResult:
    bots: list[BotResult]
    portfolio: Metrics
    events: list[Event] = field(default_factory=list)
    bars: int = 0
    warnings: list[str] = field(default_factory=list)
    """What the feeds accepted but found suspicious in the data (price jumps, holes)."""
    rolls: list[RollDone] = field(default_factory=list)
    """Each bot's moves from one contract to the next (catalog backtests across months)."""


class EventLog:
    """Collects the bots' events in memory (a backtest has no journal and no log files)."""

    __slots__ = ("events", "keep")

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self.events: list[Event] = []

    def __call__(self, event: Event) -> None:
        if self.keep:
            self.events.append(event)


@dataclass(frozen=True)
class FeedOverrides:
    """Feed settings given on the command line; each wins over the bot file's setting."""

    data: Path | None = None
    start: date | None = None
    end: date | None = None
    timezone: str | None = None
    bar_seconds: int | None = None
    catalog: Path | None = None
    """The local catalog: bots whose instruments it holds read it (``--data`` wins)."""

    def apply(self, values: dict[str, Any]) -> dict[str, Any]:
        """The feed's settings with the overrides in; the window is left to the caller."""
        out = dict(values)
        if self.data is not None:
            out["data"] = str(self.data)
        if self.timezone is not None:
            out["timezone"] = self.timezone
        if self.bar_seconds is not None:
            out["bar_seconds"] = self.bar_seconds
        return out


class ReplayNotInstalled(RunnerError):
    """The built-in replay feed is missing: the installation is broken, not the input."""

    exit_code = 2

    def __init__(self) -> None:
        super().__init__(
            "the replay feed plugin is not installed (a broken installation: "
            "reinstall runner, or check RUNNER_PLUGINS)"
        )


def replay_feed(registry: Any, data: Path | None) -> Feed:
    info = registry.get(PluginKind.FEED, "replay")
    if info is None:
        raise ReplayNotInstalled()
    params = info.cls.Params(data=str(data)) if data is not None else info.cls.Params()
    return info.cls(params)


@dataclass
class FeedGroup:
    """One feed of a backtest and the bots that read it (bots with equal settings share it).

    The window is kept apart from the feed's settings, so that the feed can still say
    what its data covers when the window holds none of it.
    """

    feed: Feed
    bots: list[LoadedBot]
    start: date | None
    end: date | None
    start_ns: int | None
    end_ns: int | None


def backtest_feeds(
    loaded: list[LoadedBot], registry: Any, overrides: FeedOverrides
) -> list[FeedGroup]:
    """The history feed of each bot: its own feed with its own settings when that feed can
    replay history (``feed: {use: replay, timezone: ...}``), else the replay feed; the
    command line overrides either.
    """
    groups: dict[str, FeedGroup] = {}
    for bot in loaded:
        spec = bot.feed
        cls = cast("type[Feed[Any]]", spec.info.cls)
        from_catalog = catalog_source(bot, registry, overrides.catalog, overrides.data)
        if from_catalog is not None:
            cls, values = from_catalog
        elif cls.capabilities.replays_history:
            values = spec.params.model_dump(exclude_unset=True)
        else:
            info = registry.get(PluginKind.FEED, "replay")
            if info is None:
                raise ReplayNotInstalled()
            cls, values = cast("type[Feed[Any]]", info.cls), {}
        values = overrides.apply(values)
        values.pop("speed", None)  # a backtest runs as fast as it can
        own_start, own_end = values.pop("start", None), values.pop("end", None)
        zone = values.get("timezone") or "UTC"
        start: date | None
        end: date | None
        if overrides.start is not None:
            start, start_ns = overrides.start, _ns(overrides.start)
        else:
            start, start_ns = _as_date(own_start), _moment(own_start, zone, end=False)
        if overrides.end is not None:
            end, end_ns = overrides.end, _ns(overrides.end, end=True)
        else:
            end, end_ns = _as_date(own_end), _moment(own_end, zone, end=True)
        key = cls.name + json.dumps([values, start_ns, end_ns], sort_keys=True, default=str)
        if key not in groups:
            try:
                params = cls.Params(**values)
            except ValueError as exc:
                raise BacktestSetupError(
                    f"bot {bot.config.name}: feed settings: {_first_line(exc)}"
                ) from exc
            groups[key] = FeedGroup(cls(params), [], start, end, start_ns, end_ns)
        groups[key].bots.append(bot)
    return list(groups.values())


def _moment(value: Any, zone: str, *, end: bool) -> int | None:
    """A feed's own start/end setting (a date, or a moment; naive in ``zone``) in ns; an end
    date covers its whole day."""
    if isinstance(value, datetime):
        dt = value if value.tzinfo else value.replace(tzinfo=ZoneInfo(zone))
    elif isinstance(value, date):
        day = value + timedelta(days=1) if end else value
        dt = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone))
    else:
        return None
    return int(dt.timestamp()) * NS + dt.microsecond * 1000


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value).date()
        except ValueError:
            return None
    return None


def _first_line(exc: BaseException) -> str:
    lines = [ln for ln in str(exc).splitlines() if ln.strip()]
    return " ".join(ln.strip() for ln in lines[:3]) if lines else type(exc).__name__


class BacktestSetupError(RunnerError, ValueError):
    """The bots' feeds cannot be set up for a backtest (bad settings, one symbol read two
    ways)."""


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
        for event in feed.replay([name], None, None):
            d = to_datetime(event.ts).date()
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
    window: tuple[int | None, int | None] | None = None,
) -> None:
    """Refuse a backtest in which a traded symbol has no bars: name what the data covers.

    ``window`` (ns) when it is not the UTC days ``start``..``end`` (a feed's own setting)."""
    if window is None:
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
    timezone: str | None = None,
    bar_seconds: int | None = None,
    catalog: Path | None = None,
    batch_indicators: bool = True,
) -> BacktestResult:
    """Replay the bots' history through them; each bot's feed settings apply, the arguments
    (the command line) override them.

    ``batch_indicators``: indicators with a whole-history definition are computed before
    the first bar (:mod:`runner.engine.batch`); False updates them bar by bar, as a live
    run does (the two give the same trades; tests/engine/test_batch_trades.py). A feed
    whose contracts roll during the run (the catalog's roll plan) updates them bar by bar.
    """
    overrides = FeedOverrides(data, start, end, timezone, bar_seconds, catalog)
    groups = backtest_feeds(loaded, registry, overrides)
    log = EventLog(keep_events)
    runners: list[BotRunner] = []
    sources: list[tuple[Feed, list[str]]] = []
    plans: list[RollPlan | None] = []
    owner: dict[str, str] = {}
    trade_sizes: dict[str, int] = {}
    for group in groups:
        feed = group.feed
        on = group.start or first_date(feed, group.bots)
        symbols = sorted(
            {i.symbol for b in group.bots for i in resolve_instruments(b.config, on).values()}
        )
        for symbol in symbols:
            if symbol in owner:
                raise BacktestSetupError(
                    f"{symbol} is read by bots {owner[symbol]} and "
                    f"{', '.join(b.config.name for b in group.bots)} with different feed "
                    "settings; a backtest replays one history per symbol: give them the same "
                    "feed settings or backtest them apart"
                )
            owner[symbol] = ", ".join(b.config.name for b in group.bots)
        ticks = [s for s in symbols if isinstance(_first_event(feed, s), Trade)]
        # bars built from trades are as short as the shortest bot needs; bars from a bar
        # file are one minute, as before, and the catalog's as long as its feed reads:
        # every bot builds its own size from them
        store = getattr(feed, "catalog", None)
        stored = (bar_seconds_of(feed_bar(feed)) if store is not None else None) or 60
        source = min(b.config.bar_seconds for b in group.bots) if ticks else stored
        for s in ticks:
            trade_sizes[s] = source
        for bot in group.bots:
            broker = simulated_broker(bot, registry)
            runner = build_bot(
                bot,
                broker,
                on=on,
                emit=log,
                capital=capital,
                schedules=schedules,
                source_bar_seconds=source,
            )
            runner.portfolio.keep_columns()
            runners.append(runner)
        sources.append((feed, symbols))
        plans.append(
            plan_rolls(group.bots, store, on, group.end, feed_bar(feed))
            if store is not None
            else None
        )
    engine = Engine(runners)
    streams: list[Iterator[Bar | Trade]] = []
    for (feed, symbols), group in zip(sources, groups, strict=True):
        mine = [r for r in runners if any(s in symbols for s in r.by_symbol)]
        window = (group.start_ns, group.end_ns)
        check_coverage(feed, mine, symbols, group.start, group.end, window)
        plan = plans[len(streams)]
        if plan is None:
            if batch_indicators:
                bar_symbols = {s for s in symbols if s not in trade_sizes}
                held = getattr(feed, "bar_arrays", None)
                install(mine, bar_symbols, _history(feed, window), _arrays(held, window))
            streams.append(iter(feed.replay(symbols, *window)))
        else:
            first = {root: segs[0].symbol for root, segs in plan.segments.items()}
            streams.append(rolled_stream(feed, symbols, plan, window, first))
    events = streams[0] if len(streams) == 1 else heapq.merge(*streams, key=_order_key)
    points = [p for plan in plans if plan is not None for p in plan.points]
    roller = None
    if points:
        modes = {k: v for plan in plans if plan is not None for k, v in plan.modes.items()}
        steps = {k: v for plan in plans if plan is not None for k, v in plan.steps.items()}
        roller = Roller(engine, runners, points, modes, steps)
        events = roller.events(events)
    stream = TradeBars(engine, trade_sizes).bars(events) if trade_sizes else events
    gc.freeze()  # what exists now lives for the whole run: the collector need not walk it
    try:
        count = engine.run(cast("Iterator[Bar]", stream))
    finally:
        gc.unfreeze()
    result = collect(runners, log, count)
    if roller is not None:
        result.rolls = roller.done
    for feed, _ in sources:
        result.warnings.extend(w for w in feed.warnings if w not in result.warnings)
    return result


def _history(feed: Feed, window: tuple[int | None, int | None]) -> Callable[[str], Iterable[Bar]]:
    def bars(symbol: str) -> Iterable[Bar]:
        return cast("Iterable[Bar]", feed.replay([symbol], *window))

    return bars


def _arrays(
    held: Callable[..., Any] | None, window: tuple[int | None, int | None]
) -> Callable[[str], Any] | None:
    """A feed's ``bar_arrays(symbol, start, end)`` for the window, when it has one."""
    if held is None:
        return None
    return lambda symbol: held(symbol, *window)


def _order_key(event: Bar | Trade) -> tuple[int, str]:
    return (event.end if isinstance(event, Bar) else event.ts, event.symbol)


def _first_event(feed: Feed, symbol: str) -> Bar | Trade | None:
    return next(iter(feed.replay([symbol], None, None)), None)


class TradeBars:
    """Bars for the engine from a history of bars and trades.

    Bars pass through; a trade first reaches the brokers of the bots reading its symbol (a
    simulated broker fills against it, as in a live run) and is then built into a bar of
    the symbol's size. A bar built from trades is released as soon as the history passes its
    end, so it reaches the engine in the same slice as the bars of other symbols that close
    at the same moment.
    """

    __slots__ = ("builders", "engine", "sizes")

    def __init__(self, engine: Engine, sizes: dict[str, int]) -> None:
        self.engine = engine
        self.sizes = sizes
        self.builders: dict[str, BarBuilder] = {}

    def bars(self, events: Iterable[Bar | Trade]) -> Iterator[Bar]:
        builders = self.builders
        for event in events:
            if isinstance(event, Bar):
                if builders:
                    yield from self._due(event.end)
                yield event
                continue
            closed = False
            for bar in self._due(event.ts):
                closed = True
                yield bar
            if closed:
                # the slice is complete: the bots decide now, so an order sent on that close
                # meets this trade, as it meets the next bar's open in a bar replay
                self.engine.flush()
            for bot in self.engine.subs.get(event.symbol, ()):
                bot.broker.on_market(event)
            builder = builders.get(event.symbol)
            if builder is None:
                grid = BarGrid(self.sizes.get(event.symbol, 60))
                builder = builders[event.symbol] = BarBuilder(event.symbol, grid)
            done = builder.add_trade(event)
            if done is not None:
                yield done
        for builder in builders.values():
            last = builder.flush(2**62)
            if last is not None:
                yield last

    def _due(self, now: int) -> Iterator[Bar]:
        """Bars of other symbols whose end the history has reached."""
        for builder in self.builders.values():
            done = builder.flush(now)
            if done is not None:
                yield done


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
                equity_curve=pf.equity_curve,
                metrics=m,
                symbols={k: i.symbol for k, i in r.ctx.instruments.items()},
                open_positions={
                    i.symbol: i.position for i in r.ctx.instruments.values() if i.position
                },
            )
        )
    total = aggregate({b.bot: (b.trades, b.equity_curve, b.capital) for b in results})
    return BacktestResult(results, total, log.events, bars)
