"""``runner start``: every bot of a project under one event loop, supervised and journaled.

Order of business: journal opened, bots built, state recovered from the journal and
reconciled with each broker (then again after every reconnect and periodically, see
:mod:`runner.runtime.reconcile`), indicators warmed up, feeds subscribed; then bars flow
through the same engine as in a backtest while a heartbeat, the restart queue and
(optionally) the dashboard run beside it. SIGINT/SIGTERM or the end of a replay start a
bounded shutdown: cancel, flatten by policy, write the final metrics, exit 0.

This module only composes: each step is a module of its own (wiring, startup, recovery,
reconcile, market, supervision, connection, heartbeat, flatten_jobs, shutdown).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from runner.api.broker import Broker
from runner.engine.bot import BotRunner
from runner.engine.engine import Engine
from runner.engine.timeslice import TimeSlice
from runner.events import EventSink, Listener, Stopping
from runner.journal.logs import EventFiles, Redactor
from runner.journal.store import Journal
from runner.runtime.connection import ConnectionWatch
from runner.runtime.flatten_jobs import FlattenJobs
from runner.runtime.heartbeat import Heartbeat, StatusListener
from runner.runtime.market import MarketLoop
from runner.runtime.options import StartError, StartOptions
from runner.runtime.reconcile import Reconciler
from runner.runtime.recovery import Recovery
from runner.runtime.reload import HotReload
from runner.runtime.resume import ReplayResume, listener
from runner.runtime.services import Services
from runner.runtime.shutdown import Shutdown
from runner.runtime.startup import Startup
from runner.runtime.supervision import BotSlot, CrashIsolation, Supervisor
from runner.runtime.wiring import Wiring
from runner.telemetry.state import Telemetry

if TYPE_CHECKING:
    from runner.api import Feed
    from runner.config.project import LoadedBot, Project
    from runner.config.reconcile import ReconcileConfig
    from runner.runtime.notify import NotificationService


class Runtime:
    def __init__(
        self,
        project: Project,
        opts: StartOptions,
        registry: Any,
        printer: Listener | None = None,
    ) -> None:
        self.project = project
        self.opts = opts
        self.clock = opts.clock
        self.redactor = Redactor()
        self.files = EventFiles(opts.log_dir, self.redactor)
        self.emit = EventSink(self.files)
        if printer is not None:
            self.emit.sinks.append(printer)
        self.telemetry = Telemetry(self.emit)  # counts from the events (metrics)
        self.notifications: NotificationService | None = None  # set when services start
        self.services = Services(self)
        self.journal = Journal(opts.log_dir / "journal.sqlite")
        self.stop_reason = ""
        self.on_bot_built: list[Callable[[BotRunner], None]] = []
        """Called with each bot built, at start and after a restart, before it sees a bar
        (the operator's pause gate goes on here)."""
        self.stopping = asyncio.Event()
        self.started = time.monotonic()
        self.supervisor = Supervisor(opts.policy, self.emit)
        self.engine = Engine([], on_error=self._bot_error)
        self.market = MarketLoop(self.engine, self.emit, self.clock, self._bot_error)
        self.market.turns = TimeSlice(monotonic=opts.monotonic)
        self.wiring = Wiring(project, opts, registry, self.journal, self.emit, self.redactor)
        self.connections = ConnectionWatch(self.supervisor, self.emit, self.clock)
        self.crashes = CrashIsolation(
            self.supervisor, self.engine, self.market, self._rebuild, self.emit, self.now
        )
        self.recovery = Recovery(self.journal, self.emit, self.now)
        self.reconciler = Reconciler(
            self.journal, self.emit, self.now, self.clock, self.recovery.journal_prices
        )
        self.reconciler.peers = lambda: [runner for runner, _ in self._reconciled()]
        self.connections.broker_back.append(
            lambda broker: self.reconciler.broker_back(broker, self._reconciled)
        )
        self.resume = ReplayResume(self.journal, self.market, self.emit, opts.log_dir)
        self.startup = Startup(self.market, self.connections, self.emit, self.clock, self.stopping)
        self.startup.monotonic = opts.monotonic
        self.heartbeat = Heartbeat(
            self.supervisor,
            self.journal,
            self.emit,
            self.now,
            opts.check_interval,
            self.connections,
            opts.monotonic,
        )
        self.heartbeat.listeners.append(listener(self.resume, self.supervisor))
        self.flatten_jobs = FlattenJobs(self.supervisor, project.schedules, self.clock)
        self.shutdown = Shutdown(
            self.supervisor,
            self.engine,
            self.market,
            self.journal,
            self.recovery.journal_prices,
            self.heartbeat.save_equity,
            self.emit,
            self.clock,
            lambda: self.opts.shutdown_timeout,
        )
        self.reload = HotReload(self, opts.reload) if opts.reload is not None else None

    # ------------------------------------------------------------------ what others read
    def now(self) -> int:
        """The data's time once a bar came, the clock's before."""
        return self.market.now()

    @property
    def feeds(self) -> list[tuple[Feed, list[BotRunner]]]:
        return self.wiring.feeds

    @property
    def status_listeners(self) -> list[StatusListener]:
        """Called with every bot's status at each heartbeat."""
        return self.heartbeat.listeners

    @property
    def heartbeat_delays(self) -> list[float]:
        return self.heartbeat.delays

    @property
    def not_flat(self) -> dict[str, dict[str, int]]:
        """Bot: the positions the shutdown could not close (the exit code is then 1)."""
        return self.shutdown.not_flat

    def session_curves(self) -> dict[str, list[tuple[int, float]]]:
        """This run's equity curve of every bot, complete, from the journal."""
        return self.heartbeat.session_curves()

    # ------------------------------------------------------------------ setup
    def build(self) -> None:
        """Feeds, brokers and bots from the project; every connection report watched."""
        self.wiring.build()
        self._attach()

    async def build_cooperatively(self) -> None:
        """``build`` with a turn of the event loop whenever a time slice is spent: building
        hundreds of bots takes seconds, and Ctrl-C must be heard meanwhile."""
        turns = TimeSlice(monotonic=self.opts.monotonic)
        for _ in self.wiring.steps():
            if turns.due():
                await turns.pause()
        self._attach()

    def _attach(self) -> None:
        self.market.trade_bar_seconds = self.wiring.trade_bar_seconds
        for loaded, runner in self.wiring.runners:
            for built in self.on_bot_built:
                built(runner)
            self.supervisor.add(BotSlot(loaded, runner))
            self.engine.attach(runner)
            self.connections.watch_broker(runner.broker)
        for feed, runners in self.wiring.feeds:
            self.connections.watch_feed(feed, runners)
        if self.feeds and all(f.capabilities.replays_history for f, _ in self.feeds):
            self.crashes.on_market_time()  # a replay restarts its bots on market time

    def _rebuild(self, loaded: LoadedBot, broker: Broker) -> BotRunner:
        runner = self.wiring.rebuild(loaded, broker)
        for built in self.on_bot_built:
            built(runner)
        self.connections.apply(runner)
        self.reconciler.apply(runner)
        return runner

    def _reconciled(self) -> Iterator[tuple[BotRunner, ReconcileConfig]]:
        """The running bots and their ``reconcile`` blocks."""
        for slot in list(self.supervisor.slots.values()):
            if slot.state == "running":
                yield slot.runner, slot.loaded.config.reconcile

    def _bot_error(self, runner: BotRunner, exc: BaseException) -> None:
        self.crashes.bot_error(runner, exc)

    # ------------------------------------------------------------------ run
    def request_stop(self, reason: str) -> None:
        """Said at once (the ``stopping`` event); the shutdown follows as soon as the
        step under way (building, recovering, a slice of bars) gives the loop a turn."""
        first = not self.stopping.is_set()
        if not self.stop_reason:
            self.stop_reason = reason
        self.stopping.set()
        if first:
            self.emit(Stopping(bot="", ts=self.now(), reason=reason))

    async def run(self) -> int:
        """The run, with the metrics endpoint and the notifications around it."""
        await self.services.start()
        try:
            return await self._run()
        finally:
            await self.services.stop()

    async def _run(self) -> int:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self.request_stop, sig.name)
        crashed = self.journal.start_run(self.clock())
        await self.build_cooperatively()
        # a replay that cannot resume is refused here, before anything connects
        self.resume.prepare(self.feeds, crashed)
        background: list[asyncio.Task] = []
        feed_tasks: list[asyncio.Task] = []
        try:
            await self.startup.connect_brokers(self.supervisor.slots.values())
            await self.recovery.recover([s.runner for s in self.supervisor.slots.values()], crashed)
            for runner, _ in self._reconciled():
                self.reconciler.recall(runner)
            await self.reconciler.check_all(self._reconciled(), "start")
        except BaseException:
            await self._shut_down(background, feed_tasks)
            raise
        background = [
            asyncio.create_task(t)
            for t in (
                self.heartbeat.run(self.stopping),
                self.crashes.restarter(self.stopping),
                self.market.bar_clock(self.stopping),
                self.reconciler.run(self._reconciled, self.stopping),
            )
        ]
        if self.reload is not None:  # bot files watched: edits applied while running
            background.append(asyncio.create_task(self.reload.run(self.stopping)))
        scheduler = None
        if all(not feed.capabilities.replays_history for feed, _ in self.feeds):
            scheduler = self.flatten_jobs.start()
        stop: asyncio.Task[Any] = asyncio.create_task(self.stopping.wait())
        try:
            # a stop while a feed connects or warms up does not wait for it: the bots
            # recovered their positions above and the shutdown below flattens them
            setup = asyncio.create_task(self.startup.open_feeds(self.feeds, feed_tasks))
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
            await self._shut_down(background, feed_tasks)
        return 1 if self.not_flat else 0

    async def _shut_down(
        self, background: list[asyncio.Task], feed_tasks: list[asyncio.Task]
    ) -> None:
        reason = self.stop_reason or "stopped"
        await self.reconciler.close()  # no comparison acts while the shutdown flattens
        await self.shutdown.run(reason, self.feeds, background, feed_tasks)


def _retrieved(fut: asyncio.Future[Any]) -> None:
    if not fut.cancelled():
        fut.exception()


__all__ = ["Runtime", "StartError", "StartOptions"]
