"""``runner start``: every bot of a project under one event loop, supervised and journaled.

Order of business: journal opened, bots built, state recovered from the journal and
reconciled with each broker, indicators warmed up, feeds subscribed; then bars flow
through the same engine as in a backtest while a heartbeat, the restart queue and
(optionally) the dashboard run beside it. SIGINT/SIGTERM or the end of a replay start a
bounded shutdown: cancel, flatten by policy, write the final metrics, exit 0.

This module only composes: each step is a module of its own (wiring, startup, recovery,
market, supervision, connection, heartbeat, flatten_jobs, shutdown).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from typing import TYPE_CHECKING, Any

from runner.api.broker import Broker
from runner.engine.bot import BotRunner
from runner.engine.engine import Engine
from runner.events import EventSink, Listener
from runner.journal.logs import EventFiles, Redactor
from runner.journal.store import Journal
from runner.runtime.connection import ConnectionWatch
from runner.runtime.flatten_jobs import FlattenJobs
from runner.runtime.heartbeat import Heartbeat, StatusListener
from runner.runtime.market import MarketLoop
from runner.runtime.options import StartError, StartOptions
from runner.runtime.recovery import Recovery
from runner.runtime.resume import ReplayResume, listener
from runner.runtime.shutdown import Shutdown
from runner.runtime.startup import Startup
from runner.runtime.supervision import BotSlot, CrashIsolation, Supervisor
from runner.runtime.wiring import Wiring

if TYPE_CHECKING:
    from runner.api import Feed
    from runner.config.project import LoadedBot, Project


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
        self.journal = Journal(opts.log_dir / "journal.sqlite")
        self.stop_reason = ""
        self.stopping = asyncio.Event()
        self.started = time.monotonic()
        self.supervisor = Supervisor(opts.policy, self.emit)
        self.engine = Engine([], on_error=self._bot_error)
        self.market = MarketLoop(self.engine, self.emit, self.clock, self._bot_error)
        self.wiring = Wiring(project, opts, registry, self.journal, self.emit, self.redactor)
        self.connections = ConnectionWatch(self.supervisor, self.emit, self.clock)
        self.crashes = CrashIsolation(
            self.supervisor, self.engine, self.market, self._rebuild, self.emit, self.now
        )
        self.recovery = Recovery(self.journal, self.emit, self.now)
        self.resume = ReplayResume(self.journal, self.market, self.emit, opts.log_dir)
        self.startup = Startup(self.market, self.connections, self.emit, self.clock, self.stopping)
        self.heartbeat = Heartbeat(
            self.supervisor,
            self.journal,
            self.emit,
            self.now,
            opts.check_interval,
            self.connections,
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
        self.market.trade_bar_seconds = self.wiring.trade_bar_seconds
        for loaded, runner in self.wiring.runners:
            self.supervisor.add(BotSlot(loaded, runner))
            self.engine.attach(runner)
            self.connections.watch_broker(runner.broker)
        for feed, runners in self.wiring.feeds:
            self.connections.watch_feed(feed, runners)
        if self.feeds and all(f.capabilities.replays_history for f, _ in self.feeds):
            self.crashes.on_market_time()  # a replay restarts its bots on market time

    def _rebuild(self, loaded: LoadedBot, broker: Broker) -> BotRunner:
        runner = self.wiring.rebuild(loaded, broker)
        self.connections.apply(runner)
        return runner

    def _bot_error(self, runner: BotRunner, exc: BaseException) -> None:
        self.crashes.bot_error(runner, exc)

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
        # a replay that cannot resume is refused here, before anything connects
        self.resume.prepare(self.feeds, crashed)
        background: list[asyncio.Task] = []
        feed_tasks: list[asyncio.Task] = []
        try:
            await self.startup.connect_brokers(self.supervisor.slots.values())
            await self.recovery.recover([s.runner for s in self.supervisor.slots.values()], crashed)
        except BaseException:
            await self._shut_down(background, feed_tasks)
            raise
        background = [
            asyncio.create_task(t)
            for t in (
                self.heartbeat.run(self.stopping),
                self.crashes.restarter(self.stopping),
                self.market.bar_clock(self.stopping),
            )
        ]
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
        await self.shutdown.run(reason, self.feeds, background, feed_tasks)


def _retrieved(fut: asyncio.Future[Any]) -> None:
    if not fut.cancelled():
        fut.exception()


__all__ = ["Runtime", "StartError", "StartOptions"]
