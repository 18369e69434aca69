"""Faults under a live bot: a simulator in this event loop, ``runner start --live`` beside it.

The fault tests (tests/faults/) and the soak (bench/soak_faults.py) share this. The
simulator runs in the caller's event loop, so the harness can cut its connections, restart
it, or arm a drop for the next order at a chosen moment, and read the account the way the
broker holds it (``Account``). The runner is a real ``runner start --live`` process on a
bot that trades every few seconds, so it can also be killed with SIGKILL at any moment and
started again on the same log folder.

Every check compares the runner's record (its SQLite journal, its JSON logs) with the
simulator's own books, never with what the runner says about itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import signal
import sqlite3
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from runner.api import Side
from runner_sims.account import Account
from runner_sims.ib.server import TwsServer
from runner_sims.rithmic.server import RithmicServer
from tests.waiting import until

EXPOSED_S = 1.5  # a stop follows its entry's fill within milliseconds; a time exit, in 2 s
WORKING = ("pending_new", "accepted", "partially_filled", "pending_cancel")
PASSWORD = "fault-test-pw"

# A bot that is in and out of the market every few seconds, always with a stop and a target
# at the broker while it holds a position: an entry on every one-second bar it is flat (long
# after an up bar, short after a down bar), closed two bars later unless the stop or target
# got there first.
BOT = """schema_version: 1
name: {name}
mode: live
instruments:
  main: {{root: {root}}}
bar_size: 1s
feed: {feed}
broker: {broker}
signals:
  - {{use: rule, long: "close >= open", short: "close < open"}}
exits:
  - {{use: time_exit, bars: 2}}
  - {{use: stop_target, stop: {{ticks: {stop}}}, target: {{ticks: {target}}}}}
sizing: {{use: fixed, contracts: {contracts}}}
risk: {{max_position: {max_position}, max_daily_loss: 100000000, max_orders_per_minute: 600}}
capital: 1000000
on_stop: flatten
"""


@dataclass
class Tally:
    """What one run of faults found; the soak prints it, the tests assert on it."""

    faults: Counter[str] = field(default_factory=Counter)
    checks: int = 0
    mismatches: list[str] = field(default_factory=list)  # position or working-order differences
    handled: int = 0  # of those, how many a Reconcile event in the JSON logs answered
    unprotected: list[str] = field(default_factory=list)
    exposed: list[str] = field(default_factory=list)  # unprotected for EXPOSED_S or longer
    broker_fills: int = 0
    journal_fills: int = 0
    lost_fills: list[str] = field(default_factory=list)
    duplicate_fills: list[str] = field(default_factory=list)
    duplicate_orders: list[str] = field(default_factory=list)
    broker_disconnects: int = 0  # connections the simulator cut while the runner lived
    logged_disconnects: int = 0  # "disconnected" events in the runner's JSON logs
    unlogged_faults: list[str] = field(default_factory=list)  # a cut with no event after it
    reconcile_events: int = 0

    def lines(self) -> list[str]:
        return [
            "faults injected: " + ", ".join(f"{k} {v}" for k, v in sorted(self.faults.items())),
            f"fills at broker {self.broker_fills}, in journal {self.journal_fills}",
            f"lost fills {len(self.lost_fills)}, duplicate fills {len(self.duplicate_fills)}",
            f"duplicate orders {len(self.duplicate_orders)}",
            f"position/order checks {self.checks}, mismatches {len(self.mismatches)}"
            f" (handled by a Reconcile event: {self.handled},"
            f" unhandled: {len(self.mismatches) - self.handled})",
            f"unprotected positions {len(self.unprotected)} (sampled after settle);"
            f" positions without a stop at the broker for {EXPOSED_S:g} s or more, watched"
            f" all along: {len(self.exposed)}",
            f"disconnects cut by the broker {self.broker_disconnects},"
            f" disconnect events in the JSON logs {self.logged_disconnects},"
            f" faults with no disconnect event after them {len(self.unlogged_faults)}",
            f"Reconcile events in the JSON logs {self.reconcile_events}",
        ]


# ----------------------------------------------------------------------------- the runner
class RunnerProcess:
    """``runner start BOT --live`` on one log folder; started again after each kill."""

    def __init__(self, folder: Path, bot: Path) -> None:
        self.folder, self.bot = folder, bot
        self.logs = folder / "logs"
        self.proc: asyncio.subprocess.Process | None = None
        self.starts = 0

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    async def start(self) -> None:
        self.starts += 1
        out = (self.folder / f"run{self.starts}.out").open("wb")
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env.update(FAULT_USER="trader", FAULT_PASSWORD=PASSWORD, COLUMNS="200")
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "runner",
            "start",
            str(self.bot),
            "--live",
            "--log-dir",
            str(self.logs),
            "--check-interval",
            "0.5",
            cwd=self.folder,
            stdout=out,
            stderr=asyncio.subprocess.STDOUT,
            env=env,
        )
        out.close()

    async def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        await self.proc.wait()

    async def stop(self, timeout: float = 90.0) -> int:
        """SIGTERM, as a service manager stops it: the runner flattens and exits."""
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), timeout)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        assert self.proc.returncode is not None
        return self.proc.returncode

    def output(self) -> str:
        return "\n".join(
            p.read_text(errors="replace") for p in sorted(self.folder.glob("run*.out"))
        )

    # -- its record --------------------------------------------------------------------
    def query(self, sql: str, args: tuple = ()) -> list[tuple]:
        path = self.logs / "journal.sqlite"
        if not path.exists():
            return []
        try:
            db = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True, timeout=5)
        except sqlite3.OperationalError:
            return []
        try:
            return db.execute(sql, args).fetchall()
        except sqlite3.OperationalError:  # the schema not yet written
            return []
        finally:
            db.close()

    def positions(self) -> dict[str, int]:
        rows = self.query("SELECT symbol, SUM(side * qty) FROM fills GROUP BY symbol")
        return {s: int(q) for s, q in rows if q}

    def working(self) -> Counter[tuple[str, int, str, int]]:
        marks = ",".join("?" * len(WORKING))
        rows = self.query(
            f"SELECT symbol, side, type, qty - filled FROM orders WHERE status IN ({marks})",
            WORKING,
        )
        return Counter((s, int(side), t, int(q)) for s, side, t, q in rows)

    def fills(self) -> list[tuple[str, str, int, int, float]]:
        """(the order's tag at the broker, symbol, side, qty, price) of every journal fill:
        a bracket leg is tagged with its entry's id at brokers that hold brackets."""
        rows = self.query(
            "SELECT f.client_id, o.parent_id, f.symbol, f.side, f.qty, f.price"
            " FROM fills f LEFT JOIN orders o ON o.client_id = f.client_id"
        )
        return [(cid, parent, s, side, q, p) for cid, parent, s, side, q, p in rows]

    def events(self, category: str) -> list[dict[str, Any]]:
        path = self.logs / f"{category}.jsonl"
        if not path.is_file():
            return []
        out = []
        for line in path.read_text(errors="replace").splitlines():
            with contextlib.suppress(json.JSONDecodeError):
                out.append(json.loads(line))
        return out

    def disconnect_events(self) -> list[dict[str, Any]]:
        return [
            e
            for cat in ("connection", "system")
            for e in self.events(cat)
            if e.get("event") == "disconnected"
        ]

    def reconcile_events(self) -> list[dict[str, Any]]:
        """Events of the Reconcile kind, whatever their exact name: the reconciliation
        policy (another piece of work) says what it found and did under this kind."""
        return [
            e
            for p in sorted(self.logs.glob("*.jsonl"))
            for e in self.events(p.stem)
            if "reconcil" in str(e.get("event", "")).lower()
        ]


def _side(side: Side) -> int:
    return 1 if side is Side.BUY else -1


def broker_working(account: Account) -> Counter[tuple[str, int, str, int]]:
    return Counter((o.symbol, _side(o.side), o.type.value, o.qty) for o in account.working)


# ----------------------------------------------------------------------------- venues
class Venue:
    """One simulator and the bot's YAML for it."""

    name = ""
    root = ""
    contracts = 1

    async def start(self, folder: Path) -> None:
        raise NotImplementedError

    async def stop(self) -> None:
        raise NotImplementedError

    def account(self) -> Account:
        raise NotImplementedError

    @property
    def disconnects(self) -> int:
        raise NotImplementedError

    def write_bot(self, folder: Path, name: str = "faulty") -> Path:
        raise NotImplementedError

    async def gateway_restart(self, down: float) -> None:
        raise NotImplementedError

    def drop(self) -> None:
        raise NotImplementedError

    def drop_after_next_order(self) -> None:
        raise NotImplementedError

    def runner_connected(self) -> bool:
        """The runner's connections are in (logged in / API started) again."""
        raise NotImplementedError


class RithmicVenue(Venue):
    name = "rithmic"
    root = "GC"

    def __init__(
        self, trades_per_second: float = 40.0, partial: float | None = None, contracts: int = 1
    ) -> None:
        self.server: RithmicServer | None = None
        self.rate = trades_per_second
        self.partial = partial  # a fraction of each trade's size an order may take
        self.contracts = contracts

    async def start(self, folder: Path) -> None:
        from runner_plugins.feeds.replay import load_bars

        bars = load_bars("GC", symbol="GC")[:3000]
        self.server = RithmicServer(
            {"GC": bars},
            cert_dir=folder / "certs",
            trades_per_second=self.rate,
            users={"trader": PASSWORD},
            heartbeat_interval=5.0,
            max_volume_fraction=self.partial,
        )
        await self.server.start()

    async def stop(self) -> None:
        if self.server is not None:
            await self.server.stop()

    @property
    def srv(self) -> RithmicServer:
        assert self.server is not None
        return self.server

    def account(self) -> Account:
        return self.srv.account()

    @property
    def disconnects(self) -> int:
        return self.srv.disconnects

    def write_bot(self, folder: Path, name: str = "faulty") -> Path:
        (folder / "connections.yaml").write_text(
            f"""schema_version: 1
connections:
  sim:
    kind: rithmic
    uri: {self.srv.uri}
    system_name: Rithmic Test
    app_name: runner-faults
    app_version: "1.0"
    ca_file: {self.srv.ca_file}
    user: {{env: FAULT_USER}}
    password: {{env: FAULT_PASSWORD}}
"""
        )
        link = "{use: rithmic, connection: sim, reconnect_min: 0.1, reconnect_max: 1.0}"
        path = folder / f"{name}.yaml"
        path.write_text(
            BOT.format(
                name=name,
                root=self.root,
                feed=link,
                broker=link,
                stop=40,
                target=60,
                contracts=self.contracts,
                max_position=2 * self.contracts,
            )
        )
        return path

    async def gateway_restart(self, down: float) -> None:
        # the harder restart on purpose: the account is kept but numbering starts again
        await self.srv.restart(down, reuse_ids=True)

    def drop(self) -> None:
        for plant in ("ticker", "order", "pnl", "history"):
            self.srv.drop(plant)

    def drop_after_next_order(self) -> None:
        self.srv.drop_after_next_order()

    def runner_connected(self) -> bool:
        return all(self.srv.logged_in(p) >= 1 for p in ("ticker", "order", "pnl"))


class IBVenue(Venue):
    """The local TWS; the harness makes the market: a seeded walk, a trade every 50 ms."""

    name = "ib"
    root = "MCL"
    client_id = 7

    def __init__(self, seed: int = 1) -> None:
        self.server: TwsServer | None = None
        self.rng = random.Random(seed)
        self._ticker: asyncio.Task[None] | None = None
        self.price = 75.0

    async def start(self, folder: Path) -> None:
        self.server = TwsServer({}, speed=0.0)
        await self.server.start()
        self.server.push_quote("MCL", 74.99, 75.01)
        self.server.push_trade("MCL", 75.0, 1)
        self._ticker = asyncio.create_task(self._tick())

    async def _tick(self) -> None:
        srv = self.srv
        while True:
            await asyncio.sleep(0.05)
            self.price = round(max(50.0, self.price + self.rng.choice((-0.01, 0.0, 0.01))), 2)
            srv.push_quote("MCL", round(self.price - 0.01, 2), round(self.price + 0.01, 2))
            srv.push_trade("MCL", self.price, 1)

    async def stop(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
        if self.server is not None:
            await self.server.stop()

    @property
    def srv(self) -> TwsServer:
        assert self.server is not None
        return self.server

    def account(self) -> Account:
        return self.srv.account()

    @property
    def disconnects(self) -> int:
        return self.srv.disconnects

    def write_bot(self, folder: Path, name: str = "faulty") -> Path:
        (folder / "connections.yaml").write_text("schema_version: 1\nconnections: {}\n")
        link = (
            f"{{use: ib, host: 127.0.0.1, port: {self.srv.port}, client_id: {{cid}},"
            " reconnect_initial: 0.1, reconnect_max: 1.0}"
        )
        path = folder / f"{name}.yaml"
        path.write_text(
            BOT.format(
                name=name,
                root=self.root,
                feed=link.replace("{cid}", str(self.client_id + 1)),
                broker=link.replace("{cid}", str(self.client_id)),
                stop=30,
                target=40,
                contracts=self.contracts,
                max_position=2 * self.contracts,
            )
        )
        return path

    async def gateway_restart(self, down: float) -> None:
        """TWS goes away for ``down`` seconds and comes back keeping the account."""
        await self.srv.stop_listening()
        await asyncio.sleep(down)
        self.srv.forget_contracts()
        await self.srv.resume_listening()

    def drop(self) -> None:
        self.srv.drop()

    def drop_after_next_order(self) -> None:
        self.srv.drop_after_next_order(self.client_id)

    def drop_at_next_execution(self) -> None:
        self.srv.drop_at_next_execution(self.client_id)

    def flap(self, data_lost: bool) -> None:
        self.srv.connectivity_lost()
        self.srv.connectivity_restored(data_lost=data_lost)

    def runner_connected(self) -> bool:
        ids = self.srv.client_ids()
        return self.client_id in ids and self.client_id + 1 in ids


# ----------------------------------------------------------------------------- the checks
class Harness:
    def __init__(self, venue: Venue, folder: Path, seed: int = 1) -> None:
        self.venue = venue
        self.folder = folder
        self.rng = random.Random(seed)
        self.tally = Tally()
        self.runner: RunnerProcess | None = None
        self._cuts: list[int] = []  # disconnect-event counts before each fault that cut
        self._watch: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Harness:
        self.folder.mkdir(parents=True, exist_ok=True)
        await self.venue.start(self.folder)
        bot = self.venue.write_bot(self.folder)
        self.runner = RunnerProcess(self.folder, bot)
        await self.runner.start()
        self._watch = asyncio.create_task(self._watch_exposure())
        return self

    async def _watch_exposure(self) -> None:
        """Samples the broker's account all along: a position left without its stop for
        EXPOSED_S or more (the same position, never covered meanwhile) is one finding,
        reported with how long it lasted and how it ended."""
        loop = asyncio.get_running_loop()
        since: float | None = None
        found: int | None = None  # index of the current finding in tally.exposed
        last = ""
        while True:
            await asyncio.sleep(0.05)
            problem = self._exposure()
            if problem and problem == last:
                if since is not None and found is None and loop.time() - since >= EXPOSED_S:
                    found = len(self.tally.exposed)
                    self.tally.exposed.append(
                        f"{problem}; runner alive {self.run.alive}, connected"
                        f" {self.venue.runner_connected()} at {EXPOSED_S:g} s; after faults"
                        f" {dict(self.tally.faults)}"
                    )
                continue
            if found is not None and since is not None:
                account = self.venue.account()
                how = "a stop placed" if problem == "" and account.positions else "closed"
                if problem:
                    how = "the position changed"
                self.tally.exposed[found] += f"; lasted {loop.time() - since:.1f} s, ended: {how}"
            since, found, last = (loop.time() if problem else None), None, problem

    async def __aexit__(self, *exc: object) -> None:
        if self._watch is not None:
            self._watch.cancel()
        try:
            if self.runner is not None and self.runner.alive:
                await self.runner.stop()
        finally:
            await self.venue.stop()

    @property
    def run(self) -> RunnerProcess:
        assert self.runner is not None
        return self.runner

    async def wait(self, cond: Any, timeout: float, what: str) -> None:
        async def alive_or_done() -> None:
            await until(lambda: cond() or not self.run.alive, timeout, what)

        await alive_or_done()
        if not cond():
            raise AssertionError(f"the runner exited while waiting for {what}:\n{self._tail()}")

    def _tail(self) -> str:
        return "\n".join(self.run.output().splitlines()[-40:])

    def fills(self) -> int:
        return len(self.run.fills())

    async def trading(self, more: int = 2, timeout: float = 60.0) -> None:
        """Wait until the runner is connected and ``more`` fills past the current count."""
        start = self.fills()
        await self.wait(self.venue.runner_connected, timeout, "the runner connected")
        await self.wait(lambda: self.fills() >= start + more, timeout, f"{more} more fills")

    def _before_cut(self) -> None:
        self._cuts.append(len(self.run.disconnect_events()))

    # -- faults ------------------------------------------------------------------------------
    async def gateway_restart(self, down: float = 0.5) -> None:
        self._before_cut()
        self.tally.faults["gateway restart"] += 1
        await self.venue.gateway_restart(down)

    def drop(self) -> None:
        self._before_cut()
        self.tally.faults["drop"] += 1
        self.venue.drop()

    async def drop_mid_fill(self, timeout: float = 60.0) -> None:
        """Cut the line right after the next order reaches the broker (its answer and its
        fill are then the runner's to recover)."""
        before = len(self.venue.account().orders)
        disconnects = self.venue.disconnects
        self._before_cut()
        self.venue.drop_after_next_order()
        await self.wait(
            lambda: self.venue.disconnects > disconnects, timeout, "an order sent, then the cut"
        )
        assert len(self.venue.account().orders) > before
        self.tally.faults["drop after an order"] += 1

    async def drop_at_next_execution(self, timeout: float = 60.0) -> None:
        """IB only: the socket closes just as the next execution report would go out (the
        fill happened at the broker; the runner hears of it only by asking again)."""
        assert isinstance(self.venue, IBVenue)
        disconnects = self.venue.disconnects
        self._before_cut()
        self.venue.drop_at_next_execution()
        await self.wait(
            lambda: self.venue.disconnects > disconnects, timeout, "a fill, then the cut"
        )
        self.tally.faults["drop at an execution"] += 1

    async def settle_stop(self) -> int:
        """SIGTERM (the runner flattens), then the final comparison; the exit code."""
        code = await self.run.stop()
        self.final()
        return code

    def flap(self, data_lost: bool) -> None:
        """IB only: TWS loses its link to IB (1100) and gets it back, with the market data
        subscriptions lost (1101) or kept (1102)."""
        assert isinstance(self.venue, IBVenue)
        self._before_cut()
        self.tally.faults["link flap, data lost (1101)" if data_lost else "link flap (1102)"] += 1
        self.venue.flap(data_lost)

    async def restart_after_next_order(self, down: float = 0.5, timeout: float = 60.0) -> None:
        """The line is cut right after the next order reaches the broker, and the gateway
        restarts before the runner is back: the order's answer never came, and the broker
        numbers its orders from the first number again."""
        await self.drop_mid_fill(timeout)
        self.tally.faults["gateway restart"] += 1
        self.tally.faults["gateway restart right after an order"] += 1
        await self.venue.gateway_restart(down)

    async def kill9_after_next_order(self, timeout: float = 60.0) -> None:
        """SIGKILL as soon as the broker has booked the runner's next order: its answer and
        fill are in flight or not yet journaled; a start on the same folder follows."""
        before = len(self.venue.account().orders)
        await self.wait(
            lambda: len(self.venue.account().orders) > before, timeout, "the next order"
        )
        await self.run.kill9()
        self.tally.faults["kill -9"] += 1
        self.tally.faults["kill -9 right after an order"] += 1
        await self.run.start()

    async def kill9_while_down(self, down: float = 3.0) -> None:
        """The gateway restarts; while it is down the runner is killed and started again,
        so it starts against a broker it cannot reach yet."""
        self._before_cut()
        self.tally.faults["gateway restart"] += 1
        restart = asyncio.create_task(self.venue.gateway_restart(down))
        await asyncio.sleep(self.rng.uniform(0.1, down / 3))
        await self.run.kill9()
        self.tally.faults["kill -9"] += 1
        await self.run.start()
        await restart

    async def kill9(self) -> None:
        """SIGKILL at a random (seeded) moment within the next two seconds, then a start on
        the same log folder."""
        await asyncio.sleep(self.rng.uniform(0.0, 2.0))
        await self.run.kill9()
        self.tally.faults["kill -9"] += 1
        await self.run.start()

    # -- checks --------------------------------------------------------------------------------
    def _agree(self) -> bool:
        account = self.venue.account()
        return self.run.positions() == account.positions and self.run.working() == broker_working(
            account
        )

    async def check(self, timeout: float = 60.0) -> bool:
        """After the faults stop: wait (bounded) for the runner's positions and working orders
        to equal the broker's; a difference still there is a mismatch. Then sample whether
        the broker's position has a stop at the broker."""
        self.tally.checks += 1
        await self.wait(self.venue.runner_connected, timeout, "the runner connected")
        try:
            await until(self._agree, timeout, "the runner agrees with the broker")
            agreed = True
        except AssertionError:
            agreed = False
            account = self.venue.account()
            self.tally.mismatches.append(
                f"journal positions {self.run.positions()} working {dict(self.run.working())};"
                f" broker positions {account.positions} working {dict(broker_working(account))}"
            )
            if len(self.run.reconcile_events()) > self.tally.reconcile_events:
                self.tally.handled += 1
        self.tally.reconcile_events = len(self.run.reconcile_events())
        problem = await self.exposed()
        if problem:
            self.tally.unprotected.append(problem)
        return agreed

    def _exposure(self) -> str:
        account = self.venue.account()
        return "; ".join(
            f"{symbol} {net:+d} with stops for {account.stops_for(symbol)}"
            for symbol, net in account.positions.items()
            if account.stops_for(symbol) < abs(net)
        )

    def _settled(self, executions: int) -> bool:
        return not self._exposure() or len(self.venue.account().executions) != executions

    async def exposed(self, bound: float = 5.0, tries: int = 5) -> str:
        """A broker position with no stop at the broker that stays so: a sample that finds
        one waits (bounded) for a stop or for the position to change; a stop placed just
        after its entry's fill is no finding. Empty when every position is protected."""
        for _ in range(tries):
            problem = self._exposure()
            if not problem:
                return ""
            try:
                await until(partial(self._settled, len(self.venue.account().executions)), bound)
            except AssertionError:
                return problem
        return ""

    def final(self) -> Tally:
        """After the runner stopped: every broker execution in the journal exactly once, no
        order twice at the broker, and every connection cut in the JSON logs."""
        t = self.tally
        account = self.venue.account()
        broker = Counter(
            (e.tag, e.symbol, _side(e.side), e.qty, round(e.price, 6)) for e in account.executions
        )
        tags = {e.tag for e in account.executions}
        journal: Counter[tuple[str, str, int, int, float]] = Counter()
        for cid, parent, symbol, side, qty, price in self.run.fills():
            tag = cid if cid in tags or parent is None else parent
            journal[(tag, symbol, int(side), int(qty), round(price, 6))] += 1
        t.broker_fills, t.journal_fills = sum(broker.values()), sum(journal.values())
        t.lost_fills = [f"{k} x{n}" for k, n in (broker - journal).items()]
        t.duplicate_fills = [f"{k} x{n}" for k, n in (journal - broker).items()]
        sent = Counter((o.tag, o.leg) for o in account.orders)
        t.duplicate_orders = [f"{tag}{leg} x{n}" for (tag, leg), n in sent.items() if n > 1]
        t.broker_disconnects = self.venue.disconnects
        logged = self.run.disconnect_events()
        t.logged_disconnects = len(logged)
        bounds = [*self._cuts[1:], None][: len(self._cuts)]
        for i, (before, after) in enumerate(zip(self._cuts, bounds, strict=True)):
            if len(logged[before:after]) == 0:
                t.unlogged_faults.append(f"cut #{i + 1}")
        t.reconcile_events = len(self.run.reconcile_events())
        return t
