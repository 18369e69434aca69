"""``runner start``: every bot of a project under one event loop, supervised and journaled.

Order of business: journal opened, bots built, state recovered from the journal and
reconciled with each broker, indicators warmed up, feeds subscribed; then bars flow
through the same engine as in a backtest while a heartbeat, the restart queue and
(optionally) the dashboard run beside it. SIGINT/SIGTERM or the end of a replay start a
bounded shutdown: cancel, flatten by policy, write the final metrics, exit 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner.api.base import PluginKind
from runner.api.broker import Broker
from runner.engine.bars import BarBuilder, BarGrid
from runner.engine.bot import BotRunner
from runner.engine.engine import Engine
from runner.engine.factory import build_bot, simulated_broker
from runner.errors import RunnerError
from runner.journal.logs import EventFiles, Redactor
from runner.journal.store import Journal
from runner.model import NS, Bar, OrderStatus, OrderUpdate, Quote, Timer, Trade
from runner.supervise.supervisor import BotSlot, RestartPolicy, Supervisor

if TYPE_CHECKING:
    from runner.api import Feed
    from runner.config.project import LoadedBot, Project

DEFAULT_REPLAY_SPEED = 3000.0  # market seconds per wall second for the embedded replay
RECENT_BARS = 600  # per symbol, for warming up a restarted bot
EQUITY_IN_MEMORY = 20_000  # equity points per bot kept in memory (about two weeks of minutes)
ORDERS_IN_MEMORY_NS = 86_400 * NS  # finished orders older than a day leave memory


class StartError(Exception):
    """A reason not to start (user mistake or missing permission): printed, exit 1."""


@dataclass
class StartOptions:
    live: bool = False
    connection: str | None = None
    capital: float | None = None
    log_dir: Path = Path("logs")
    check_interval: float = 10.0
    display_interval: float = 1.0
    dashboard: bool = False
    speed: float | None = None
    data: Path | None = None
    shutdown_timeout: float = 10.0
    policy: RestartPolicy = field(default_factory=RestartPolicy)
    quiet: bool = False
    clock: Callable[[], int] = time.time_ns
    """The live run's "now" (ns since the epoch): the wall clock, or the one a test pins."""


class Fanout:
    """The runtime's event sink: files, console lines, dashboard, all from one call."""

    def __init__(self) -> None:
        self.sinks: list[Callable[..., None]] = []

    def __call__(self, kind: str, bot: str, ts: int, **fields: Any) -> None:
        for sink in self.sinks:
            sink(kind, bot, ts, **fields)


class Runtime:
    def __init__(
        self,
        project: Project,
        opts: StartOptions,
        registry: Any,
        printer: Callable[..., None] | None = None,
    ) -> None:
        self.project = project
        self.opts = opts
        self.registry = registry
        self.emit = Fanout()
        self.redactor = Redactor()
        self.files = EventFiles(opts.log_dir, self.redactor)
        self.emit.sinks.append(lambda k, b, ts, **f: self.files.write(k, b, ts, f))
        if printer is not None:
            self.emit.sinks.append(printer)
        self.journal = Journal(opts.log_dir / "journal.sqlite")
        self.supervisor = Supervisor(opts.policy, self.emit)
        self.engine = Engine([], on_error=self._bot_error)
        self.feeds: list[tuple[Feed, list[BotRunner]]] = []
        self.builders: dict[str, BarBuilder] = {}
        self._equity_saved: dict[str, int] = {}  # curve points already in the journal
        self.trade_bar_seconds: dict[str, int] = {}  # bar size built from a symbol's trades
        self.recent: dict[str, deque[Bar]] = {}
        self.last_bar: dict[str, Bar] = {}
        self.orphans: dict[str, list[Broker]] = {}  # brokers of failed bots still need data
        self.journal_prices: dict[str, tuple[int, float]] = {}  # symbol: last journaled fill
        self.not_flat: dict[str, dict[str, int]] = {}  # bot: positions a shutdown left open
        self.stop_reason = ""
        self.stopping = asyncio.Event()
        self.heartbeat_delays: list[float] = []
        self.status_listeners: list[Callable[[list[dict[str, Any]]], None]] = []
        self._flush_scheduled = False
        self._now = 0  # data time of the latest bar
        self.clock = opts.clock
        self.on_date = datetime.fromtimestamp(self.clock() / NS, tz=UTC).date()
        self.started = time.monotonic()

    # ------------------------------------------------------------------ setup
    def now(self) -> int:
        return self._now or self.clock()

    def _connection(self, name: str | None) -> Any:
        if name is None:
            return None
        profile = self.project.connections.get(name)
        if profile is None:
            raise StartError(f"connection profile {name!r} is not defined in connections.yaml")
        try:
            secrets = self.project.secrets(name)
        except Exception as exc:  # missing env var / credentials entry
            raise StartError(f"connection {name!r}: {exc}") from None
        for value in secrets.values():
            self.redactor.add(value.get_secret_value())
        return _BoundProfile(profile, self.project.credentials_path)

    def _feed_for(self, loaded: LoadedBot) -> tuple[str, Feed]:
        spec = loaded.feed
        info, params = spec.info, spec.params
        if self.opts.connection is not None:
            profile = self._connection(self.opts.connection)
            kind = getattr(profile, "kind", None)
            found = self.registry.get(PluginKind.FEED, kind) if kind else None
            if found is None:
                raise StartError(
                    f"--connection {self.opts.connection}: no feed plugin for "
                    f"connection kind {kind!r}"
                )
            info = found
            fields = info.cls.Params.model_fields
            params = info.cls.Params(
                **({"connection": self.opts.connection} if "connection" in fields else {})
            )
        values = params.model_dump(exclude_unset=True)
        if info.cls.capabilities.replays_history:
            if self.opts.data is not None:
                values["data"] = str(self.opts.data)
            if self.opts.speed is not None:
                values["speed"] = self.opts.speed
            elif not values.get("speed"):
                values["speed"] = DEFAULT_REPLAY_SPEED
        key = info.name + json.dumps(values, sort_keys=True, default=str)
        if key in self._feed_keys:  # bots with the same feed share one connection
            return key, self._feed_keys[key][0]
        conn = self._connection(values.get("connection")) if "connection" in values else None
        feed = info.cls(info.cls.Params(**values), connection=conn)
        return key, feed

    def _broker_for(self, loaded: LoadedBot) -> Broker:
        cfg = loaded.config
        if cfg.mode == "live":
            if not self.opts.live:
                raise StartError(
                    f"bot {cfg.name} is mode: live; start with --live to trade it with real "
                    "money, or set mode: paper"
                )
            spec = loaded.broker
            conn = self._connection(spec.params.model_dump().get("connection"))
            return spec.build(connection=conn)
        return self._paper(simulated_broker(loaded, self.registry))

    def _paper(self, broker: Broker) -> Broker:
        """A simulated broker for this run, with ids of its own.

        The matching engine numbers orders and fills from 1 in every process, so after a
        restart its new ``P1.1`` would be taken for the journal's ``P1.1`` of the previous
        run and the fill dropped as a duplicate; each later run gets its own id prefix.
        """
        run = self.journal.run_id
        fields = type(broker.params).model_fields
        if run > 1 and "id_prefix" in fields:
            values = broker.params.model_dump(exclude_unset=True)
            values["id_prefix"] = f"{broker.params.id_prefix}{run}-"
            broker = type(broker)(type(broker.params)(**values))
        return broker

    def _resolve_date(self, feeds: dict[str, tuple[Feed, list[LoadedBot]]]) -> None:
        """Contracts resolve on the data's first day in a replay, today when live."""
        from runner.engine.backtest import first_date

        for feed, bots in feeds.values():
            if feed.capabilities.replays_history:
                self.on_date = first_date(feed, bots)
                return

    def build(self) -> None:
        self._feed_keys: dict[str, tuple[Feed, list[LoadedBot]]] = {}
        per_bot_feed: dict[str, str] = {}
        for loaded in self.project.bots:
            key, feed = self._feed_for(loaded)
            self._feed_keys.setdefault(key, (feed, []))[1].append(loaded)
            per_bot_feed[loaded.config.name] = key
        self._resolve_date(self._feed_keys)
        # bars from a file come as they are (one minute); bars from live trades are built
        # at the shortest bar size among the bots on that feed, the others resample them
        source = {
            key: 60
            if feed.capabilities.replays_history
            else min(b.config.bar_seconds for b in bots)
            for key, (feed, bots) in self._feed_keys.items()
        }
        runners: dict[str, list[BotRunner]] = {k: [] for k in self._feed_keys}
        for loaded in self.project.bots:
            broker = self._broker_for(loaded)
            key = per_bot_feed[loaded.config.name]
            runner = build_bot(
                loaded,
                broker,
                on=self.on_date,
                emit=self.emit,
                capital=self.opts.capital,
                schedules=self.project.schedules,
                source_bar_seconds=source[key],
            )
            for symbol in runner.by_symbol:
                self.trade_bar_seconds[symbol] = min(
                    source[key], self.trade_bar_seconds.get(symbol, source[key])
                )
            runner.journal = self.journal
            self.supervisor.add(BotSlot(loaded, runner))
            self.engine.attach(runner)
            runners[per_bot_feed[loaded.config.name]].append(runner)
        self.feeds = [(feed, runners[k]) for k, (feed, _) in self._feed_keys.items()]

    # ------------------------------------------------------------------ recovery
    async def recover(self, crashed: bool) -> None:
        """Journal first, then the broker's word; every difference is reported."""
        for slot in self.supervisor.slots.values():
            runner = slot.runner
            bj = self.journal.bot(runner.name)
            if not bj.orders and not bj.fills:
                continue
            if not crashed and not bj.positions() and not bj.working():
                # the last run ended cleanly and flat: a new session, with new client ids
                runner.continue_after(bj.last_seq)
                self.emit(
                    "new_session",
                    runner.name,
                    self.now(),
                    earlier_fills=len(bj.fills),
                    next_client_id=f"{runner.name}-{runner.seq + 1}",
                )
                continue
            runner.restore(bj)
            if runner.broker.capabilities.simulated:
                self._restore_simulated(runner, bj)
                for f in bj.fills:  # a price to close at if a stop comes before any bar
                    if f.ts >= self.journal_prices.get(f.symbol, (0, 0.0))[0]:
                        self.journal_prices[f.symbol] = (f.ts, f.price)
            else:  # a live broker learns which of its working orders belong to this bot
                runner.broker.restore([o.order for o in bj.working()])
            summary = {
                "positions": bj.positions(),
                "working_orders": len(bj.working()),
                "fills": len(bj.fills),
                "after_crash": crashed,
            }
            self.emit("recovered", runner.name, self.now(), **summary)
            await self._reconcile(runner)

    def _restore_simulated(self, runner: BotRunner, bj: Any) -> None:
        """Hands a fresh simulated broker the working orders the previous run left.

        Nothing leaves the process, so this is not a second send: the simulation died with
        the old process. A child whose entry already filled rests as a plain OCO member; a
        cancel that was on its way is taken as done; only the unfilled rest is handed over.
        """
        broker = runner.broker
        if type(broker).restore is not Broker.restore:
            broker.restore([o.order for o in bj.working()])
            return
        working = {o.order.client_id for o in bj.working()}
        for jo in bj.working():
            cid = jo.order.client_id
            if jo.order.symbol not in runner.by_symbol:
                continue  # a contract the bot no longer trades (reported by restore)
            if jo.status is OrderStatus.PENDING_CANCEL:
                runner.on_order_update(
                    OrderUpdate(cid, OrderStatus.CANCELLED, self.now(), reason="restart")
                )
                continue
            parent = jo.order.parent_id if jo.order.parent_id in working else None
            # ts 0: working from the broker's first bar, not from where the old run stood
            order = replace(jo.order, qty=jo.order.qty - jo.filled, parent_id=parent, ts=0)
            broker.submit(order)

    async def _reconcile(self, runner: BotRunner) -> None:
        snap = await runner.broker.snapshot()
        for f in snap.fills:
            if (
                not runner.knows_fill(f)
                and (f.bot in ("", runner.name))
                and f.client_id in runner.orders
            ):
                self.emit(
                    "reconcile",
                    runner.name,
                    f.ts,
                    symbol=f.symbol,
                    difference="fill missing from the journal; applied",
                    fill_id=f.fill_id,
                    qty=f.qty,
                    price=f.price,
                )
                runner.on_fill(f)
        open_ids = {u.client_id for u in snap.open_orders}
        for cid, rec in runner.orders.items():
            if rec.status.is_done or cid in open_ids:
                continue
            if runner.broker.capabilities.simulated:
                continue
            # sent before the crash but unknown to the broker: never re-sent, closed here
            self.emit(
                "reconcile",
                runner.name,
                self.now(),
                symbol=rec.order.symbol,
                difference="order in the journal is not open at the broker; "
                "marked cancelled, not re-sent",
                client_id=cid,
            )
            runner.on_order_update(
                OrderUpdate(
                    cid,
                    OrderStatus.CANCELLED,
                    self.now(),
                    reason="not found at broker after restart",
                )
            )
        for u in snap.open_orders:
            if u.client_id not in runner.orders and u.client_id.startswith(runner.name + "-"):
                self.emit(
                    "reconcile",
                    runner.name,
                    self.now(),
                    client_id=u.client_id,
                    difference="open order at the broker unknown to the journal",
                )
        mine = {i.symbol: i.position for i in runner.ctx.instruments.values()}
        for symbol, qty in snap.positions.items():
            if symbol in mine and mine[symbol] != qty and not runner.broker.capabilities.simulated:
                self.emit(
                    "reconcile",
                    runner.name,
                    self.now(),
                    symbol=symbol,
                    difference="position differs from the broker's",
                    journal=mine[symbol],
                    broker=qty,
                )

    # ------------------------------------------------------------------ market data
    def on_market(self, event: Bar | Trade | Quote | Timer) -> None:
        if isinstance(event, Bar):
            self._bar(event)
            return
        if isinstance(event, Timer):  # a feed's own notice (a stale instrument, ...)
            self.emit(event.name, "", event.ts, **event.payload)
            return
        symbol = event.symbol
        for bot in self.engine.subs.get(symbol, ()):
            try:
                bot.broker.on_market(event)
            except Exception as exc:
                self._bot_error(bot, exc)
        if isinstance(event, Trade):
            builder = self.builders.get(symbol)
            if builder is None:
                size = self.trade_bar_seconds.get(symbol, 60)
                builder = self.builders[symbol] = BarBuilder(symbol, BarGrid(size))
            done = builder.add_trade(event)
            if done is not None:
                self._bar(done)

    def _stale(self, symbol: str, silent: float) -> None:
        self.emit("stale_feed", "", self.now(), symbol=symbol, silent_s=round(silent, 1))

    def _in_session(self, symbol: str, now: int) -> bool:
        """Silence only matters while some bot reading the symbol is inside its window."""
        for bot in self.engine.subs.get(symbol, ()):
            if bot.window is None or bot.window.state(now)[0]:
                return True
        return False

    def _bar(self, bar: Bar) -> None:
        if bar.end > self._now:
            self._now = bar.end
        self.last_bar[bar.symbol] = bar
        self.recent.setdefault(bar.symbol, deque(maxlen=RECENT_BARS)).append(bar)
        for broker in self.orphans.get(bar.symbol, ()):
            broker.on_market(bar)
        self.engine.process(bar)
        if not self._flush_scheduled:
            self._flush_scheduled = True
            asyncio.get_running_loop().call_soon(self._flush)

    def _flush(self) -> None:
        self._flush_scheduled = False
        self.engine.flush()

    async def _bar_clock(self) -> None:
        """Closes live bars on time even when the last seconds had no trade."""
        while not self.stopping.is_set():
            await asyncio.sleep(1.0)
            now = self.clock()
            for builder in list(self.builders.values()):
                done = builder.flush(now)
                if done is not None:
                    self._bar(done)

    # ------------------------------------------------------------------ supervision
    def _bot_error(self, runner: BotRunner, exc: BaseException) -> None:
        if runner.failed:
            return
        slot = self.supervisor.failed(runner, exc, self.now())
        self.engine.detach(runner)
        for symbol in runner.by_symbol:
            self.orphans.setdefault(symbol, []).append(runner.broker)
        try:
            if runner.on_stop == "flatten":
                runner.flatten("bot_error")
            else:
                for cid, rec in list(runner.orders.items()):
                    if not rec.status.is_done:
                        runner.cancel(cid)
        except Exception as inner:  # the bot's own state may be what broke
            self.emit(
                "bot_error",
                runner.name,
                self.now(),
                error=f"while flattening: {type(inner).__name__}: {inner}",
            )
        del slot

    def _restart(self, slot: BotSlot) -> None:
        old = slot.runner
        try:
            new = build_bot(
                slot.loaded,
                old.broker,
                on=self.on_date,
                emit=self.emit,
                capital=self.opts.capital,
                schedules=self.project.schedules,
            )
        except Exception as exc:
            self.supervisor.failed(old, exc, self.now())
            return
        new.adopt(old)
        new.journal = self.journal
        warm = sorted(
            (b for s in new.by_symbol for b in self.recent.get(s, ())),
            key=lambda b: (b.end, b.symbol),
        )
        try:
            new.warm(warm)
        except Exception as exc:  # still broken: one more failure, and the restarter lives on
            self.supervisor.failed(old, exc, self.now())
            return
        for symbol in new.by_symbol:
            brokers = self.orphans.get(symbol, [])
            if old.broker in brokers:
                brokers.remove(old.broker)
        self.engine.attach(new)
        self.supervisor.replaced(slot, new, self.now())

    async def _restarter(self) -> None:
        while not self.stopping.is_set():
            await asyncio.sleep(0.2)
            for slot in self.supervisor.due():
                self._restart(slot)

    # ------------------------------------------------------------------ heartbeat
    async def _heartbeat(self) -> None:
        interval = self.opts.check_interval
        due = time.monotonic() + interval
        while not self.stopping.is_set():
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            late = time.monotonic() - due
            self.heartbeat_delays.append(late)
            due += interval
            statuses = self.supervisor.status()
            self.emit("heartbeat", "", self.now(), bots=statuses, delay_ms=round(late * 1000, 2))
            for st in statuses:  # the journal's bot_state: what each bot looked like last
                self.journal.save_state(st["bot"], st, self.now())
            self._save_equity()
            for listener in self.status_listeners:
                listener(statuses)

    def _save_equity(self, final: bool = False) -> None:
        """Equity points recorded since the last save go to the journal; memory keeps a tail.

        The newest point stays unsaved until the next call (a bar close may still replace
        it). A runner left up for months would otherwise hold every bar's point of every
        bot in memory; the session's metrics are read back from the journal at the end.
        """
        for slot in self.supervisor.slots.values():
            curve = slot.runner.portfolio.equity_curve
            done = self._equity_saved.get(slot.name, 0)
            upto = len(curve) if final else len(curve) - 1
            if upto > done:
                self.journal.equity_points(slot.name, curve[done:upto])
                done = upto
            if done > EQUITY_IN_MEMORY:
                drop = done - EQUITY_IN_MEMORY // 2
                del curve[:drop]
                done -= drop
            self._equity_saved[slot.name] = done
        cutoff = self.now() - ORDERS_IN_MEMORY_NS
        for slot in self.supervisor.slots.values():
            slot.runner.prune(cutoff)

    def session_curves(self) -> dict[str, list[tuple[int, float]]]:
        """This run's equity curve of every bot, complete, from the journal."""
        return {
            name: self.journal.equity_curve(name, self.journal.run_id)
            for name in self.supervisor.slots
        }

    def _wall_clock_windows(self) -> Any:
        """Live feeds: APScheduler flattens each bot at its window's flatten time on the
        wall clock.

        Bars carry the windows in data time (the same spans, evaluated by the engine);
        these jobs make sure a bot is flattened at its window's end even when the market
        has gone quiet and no bar arrives to tell it. The jobs come from the schedule's
        spans, not its raw close trigger, so an early close (the day after Thanksgiving,
        Christmas Eve) flattens before the early halt and a holiday has no job; they are
        armed for the next days and re-armed every day.
        """
        from apscheduler.schedulers.asyncio import AsyncIOScheduler
        from apscheduler.triggers.cron import CronTrigger

        scheduler = AsyncIOScheduler(timezone="UTC")
        self._arm_window_jobs(scheduler)
        scheduler.add_job(
            self._arm_window_jobs,
            CronTrigger(hour="*/6", minute=1, timezone="UTC"),
            args=[scheduler],
            id="windows:rearm",
        )
        scheduler.start()
        return scheduler

    def _arm_window_jobs(self, scheduler: Any, days: int = 3) -> None:
        """One job per window occurrence flattening in the next ``days`` days."""
        from apscheduler.triggers.date import DateTrigger

        from runner.schedule.windows import WindowSchedule

        now = self.clock()
        spans: dict[str, list[Any]] = {}  # bots sharing a schedule share its spans
        for slot in self.supervisor.slots.values():
            name = slot.loaded.config.schedule
            if name is None or slot.loaded.config.on_stop != "flatten":
                continue
            if name not in spans:
                ws = WindowSchedule(self.project.schedules[name])
                spans[name] = ws.spans(now, now + days * 86400 * NS)
            for span in spans[name]:
                if span.flatten <= now:
                    continue
                scheduler.add_job(
                    self._window_closed,
                    DateTrigger(datetime.fromtimestamp(span.flatten / NS, tz=UTC)),
                    args=[slot.name, span.name],
                    id=f"{slot.name}:{span.name}:{span.flatten}",
                    replace_existing=True,
                    misfire_grace_time=60,
                )

    def _window_closed(self, bot: str, window: str) -> None:
        slot = self.supervisor.slots[bot]
        if slot.state == "running" and not slot.runner.failed:
            slot.runner.flatten(f"window {window} closed")

    # ------------------------------------------------------------------ run
    def request_stop(self, reason: str) -> None:
        if not self.stop_reason:
            self.stop_reason = reason
        self.stopping.set()

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self.request_stop, sig.name)
        crashed = self.journal.start_run(self.clock())
        self.build()
        background: list[asyncio.Task] = []
        feed_tasks: list[asyncio.Task] = []
        try:
            await self._connect_brokers()
            await self.recover(crashed)
        except BaseException:
            await self.shutdown(background, feed_tasks)
            raise
        background = [
            asyncio.create_task(t)
            for t in (self._heartbeat(), self._restarter(), self._bar_clock())
        ]
        scheduler = None
        if all(not feed.capabilities.replays_history for feed, _ in self.feeds):
            scheduler = self._wall_clock_windows()
        stop = asyncio.create_task(self.stopping.wait())
        try:
            # a stop while a feed connects or warms up does not wait for it: the bots
            # recovered their positions above and the shutdown below flattens them
            setup = asyncio.create_task(self._open_feeds(feed_tasks))
            await asyncio.wait({setup, stop}, return_when=asyncio.FIRST_COMPLETED)
            if not setup.done():
                setup.cancel()
                await asyncio.gather(setup, return_exceptions=True)
            else:
                setup.result()  # a feed that cannot start: StartError
            if feed_tasks:
                done = asyncio.gather(*feed_tasks)
                done.add_done_callback(_retrieved)  # a stop cancels the feeds: not an error
                finished, _ = await asyncio.wait({stop, done}, return_when=asyncio.FIRST_COMPLETED)
                if done in finished:
                    self.request_stop("end of replay")
                    with contextlib.suppress(Exception):
                        done.result()
            await stop
        finally:
            stop.cancel()
            if scheduler is not None:
                scheduler.shutdown(wait=False)
            await self.shutdown(background, feed_tasks)
        return 1 if self.not_flat else 0

    async def _open_feeds(self, feed_tasks: list[asyncio.Task]) -> None:
        for feed, runners in self.feeds:
            if self.stopping.is_set():  # stopped before this feed was opened: it stays shut
                return
            feed.sink = self.on_market
            if feed.capabilities.stale_watch:
                feed.on_stale.append(self._stale)
            if feed.capabilities.session_check:
                feed.session_check = self._in_session
            try:
                await feed.connect()
            except RunnerError as exc:
                raise StartError(f"feed {feed.name}: {exc}") from None
            self.emit("connected", "", self.now(), feed=feed.name)
            await self._warm_up(feed, runners)
            symbols = sorted({s for r in runners for s in r.by_symbol})
            if self.stopping.is_set():
                return
            try:
                await feed.subscribe(symbols)
            except RunnerError as exc:
                raise StartError(f"feed {feed.name}: {exc}") from None
            self.emit("subscribed", "", self.now(), feed=feed.name, symbols=symbols)
            if feed.capabilities.paced:
                feed_tasks.append(asyncio.create_task(feed.wait()))

    async def _connect_brokers(self) -> None:
        """Every distinct broker connects before recovery asks it what it holds."""
        seen: set[int] = set()
        for slot in self.supervisor.slots.values():
            broker = slot.runner.broker
            if id(broker) in seen:
                continue
            seen.add(id(broker))
            try:
                await broker.connect()
            except RunnerError as exc:
                raise StartError(f"bot {slot.name}: broker {broker.name}: {exc}") from None
            if not broker.capabilities.simulated:
                self.emit("connected", slot.name, self.now(), broker=broker.name)

    async def _warm_up(self, feed: Feed, runners: list[BotRunner]) -> None:
        """Indicators start warm: history before the first live bar, where the feed has it."""
        if feed.capabilities.replays_history:
            return  # a replay starts at the beginning of its data
        end = self.clock()
        for runner in runners:
            bars: list[Bar] = []
            for symbol in runner.by_symbol:
                try:
                    size = self.trade_bar_seconds.get(symbol, 60)
                    span = min(3 * 86400, size * 5000) * NS  # a few thousand bars at most
                    bars += await feed.history(symbol, size, end - span, end)
                except NotImplementedError:
                    return
            runner.warm(sorted(bars, key=lambda b: (b.end, b.symbol)))
            self.emit("warmed_up", runner.name, self.now(), bars=len(bars))

    async def shutdown(
        self, background: list[asyncio.Task], feed_tasks: list[asyncio.Task]
    ) -> None:
        reason = self.stop_reason or "stopped"
        for feed, _ in self.feeds:
            with contextlib.suppress(Exception):
                await feed.close()
        for t in feed_tasks:
            t.cancel()
        self.engine.flush()
        self.emit("shutdown", "", self.now(), reason=reason)
        for slot in self.supervisor.slots.values():
            runner = slot.runner
            try:
                if runner.on_stop == "flatten":
                    runner.flatten("shutdown")
                else:
                    for cid, rec in list(runner.orders.items()):
                        if not rec.status.is_done:
                            runner.cancel(cid)
            except Exception as exc:
                self.emit(
                    "bot_error",
                    runner.name,
                    self.now(),
                    error=f"during shutdown: {type(exc).__name__}: {exc}",
                )
            self._final_bar(runner)
        deadline = time.monotonic() + self.opts.shutdown_timeout
        while time.monotonic() < deadline and any(
            i.position and s.runner.on_stop == "flatten"
            for s in self.supervisor.slots.values()
            for i in s.runner.ctx.instruments.values()
        ):
            await asyncio.sleep(0.05)
        for slot in self.supervisor.slots.values():
            left = {
                i.symbol: i.position for i in slot.runner.ctx.instruments.values() if i.position
            }
            if left and slot.runner.on_stop == "flatten":  # said, and the exit code is 1
                self.not_flat[slot.name] = left
                self.emit("not_flat", slot.name, self.now(), positions=left)
        for slot in self.supervisor.slots.values():
            slot.state = "stopped" if slot.state != "down" else "down"
            slot.runner.portfolio.record(self.now())  # the shutdown fills are in the curve
            self.journal.save_state(slot.name, slot.runner.status(), self.now())
        self._save_equity(final=True)
        for t in background:
            t.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        closed: set[int] = set()
        for slot in self.supervisor.slots.values():
            broker = slot.runner.broker
            if id(broker) not in closed:
                closed.add(id(broker))
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(broker.close(), self.opts.shutdown_timeout)
        self.journal.end_run(self.clock())
        self.emit("stopped", "", self.now(), reason=reason)

    def _final_bar(self, runner: BotRunner) -> None:
        """A simulated broker fills the shutdown orders at the last price it saw."""
        if not runner.broker.capabilities.simulated:
            return
        for symbol, inst in runner.by_symbol.items():
            last = self.last_bar.get(symbol)
            if last is not None:
                px, start, end = last.close, last.end, last.end + (last.end - last.ts)
            elif inst.position and symbol in self.journal_prices:
                # stopped after recovery, before this process saw a bar of the symbol
                ts, px = self.journal_prices[symbol]
                start = max(ts, self._now)
                end = start + 60 * NS
                self.emit(
                    "final_price",
                    runner.name,
                    self.now(),
                    symbol=symbol,
                    price=px,
                    source="last fill in the journal (no bar since the restart)",
                )
            else:
                continue
            bar = Bar(symbol, start, end, px, px, px, px, 1e9)
            try:
                runner.broker.on_market(bar)
            except Exception as exc:
                self.emit(
                    "bot_error",
                    runner.name,
                    self.now(),
                    error=f"final fill: {type(exc).__name__}: {exc}",
                )


class _BoundProfile:
    """A connection profile whose ``secrets()`` reads this project's credentials file.

    Plugins resolve credentials themselves (at connect time, so a rotated secret is picked
    up on reconnect); this makes them read the file the project was validated with.
    """

    def __init__(self, profile: Any, credentials: Path | None) -> None:
        self._profile = profile
        self._credentials = credentials

    def __getattr__(self, name: str) -> Any:
        return getattr(self._profile, name)

    def secrets(self, **kw: Any) -> Any:
        kw.setdefault("credentials", self._credentials)
        return self._profile.secrets(**kw)

    def __repr__(self) -> str:
        return f"<connection {getattr(self._profile, 'kind', '?')} profile>"


def _retrieved(fut: asyncio.Future[Any]) -> None:
    if not fut.cancelled():
        fut.exception()


__all__ = ["Runtime", "StartError", "StartOptions"]
