"""A local R|Protocol server: the same frames over TLS WebSockets as Rithmic's plants.

It exists so the real client can be tested end to end (login on every plant, market data,
bar replays, orders with their real notification sequence, PnL) and so demos run without a
Rithmic account. Faults are available on demand, from tests through :class:`RithmicServer`
methods and from the command line (``runner sim rithmic --help``).

Market data comes from bar files: the first part of each product's bars is served as
history (shifted to end at start-up), the rest is replayed live, each bar as a few trades
and quotes stamped with the server's clock: the wall clock, or one a test or ``--start``
sets. Products, tick sizes, expiries and the front month come from runner's contract
table and roll rules, so the server and a bot never disagree about a contract.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import tempfile
import time
from collections.abc import Coroutine, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import websockets
from websockets.asyncio.server import Server

from runner.api import MINUTE_NS, NS, Bar, ContractSpec, Side, Trade
from runner.api.contracts import (
    DEFAULT_ROLL_BASIS,
    DEFAULT_ROLL_DAYS,
    front_month,
    get_spec,
    last_trade_date,
    parse_symbol,
)
from runner_plugins.rithmic.config import root_of
from runner_plugins.rithmic.protocol import framing
from runner_plugins.rithmic.protocol.templates import Templated
from runner_sims.rithmic import connection, depth, marketdata, state
from runner_sims.rithmic.barstreams import BarStreams
from runner_sims.rithmic.certs import make_certificates
from runner_sims.rithmic.desk import Account, Clock, OrderDesk, Position, SimOrder, ns_parts
from runner_sims.rithmic.dispatch import HANDLERS
from runner_sims.rithmic.faults import FaultControls
from runner_sims.rithmic.market import Market
from runner_sims.rithmic.session import PLANT_IDS, PLANTS, Faults, Session

__all__ = ["PLANTS", "PLANT_IDS", "Faults", "RithmicServer", "Session"]


class RithmicServer(FaultControls):
    """Serves the four plants on one TLS WebSocket endpoint (the login names the plant)."""

    def __init__(
        self,
        bars: Mapping[str, Sequence[Bar]] | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        cert_dir: Path | None = None,
        heartbeat_interval: float = 30.0,
        users: dict[str, str] | None = None,
        systems: Sequence[str] = ("Rithmic Test", "Rithmic Paper Trading"),
        trades_per_second: float = 50.0,
        ticks_per_bar: int = 4,
        history_fraction: float = 0.5,
        account_id: str = "SIM-0001",
        fcm_id: str = "RUNNERFCM",
        ib_id: str = "RUNNERIB",
        max_volume_fraction: float | None = None,
        max_replay_bars: int = 10_000,
        clock: Clock = time.time_ns,
        state_file: Path | None = None,
    ) -> None:
        self.host, self.port = host, port
        self.heartbeat_interval = heartbeat_interval
        self.users = users
        self.systems = list(systems)
        self.trades_per_second = trades_per_second
        self.ticks_per_bar = ticks_per_bar
        self.max_replay_bars = max_replay_bars  # a replay returns at most this many bars
        self.account_id, self.fcm_id, self.ib_id = account_id, fcm_id, ib_id
        self.clock = clock  # the server's "now": every time stamp and the front month
        self.faults = Faults()
        self._tmp: tempfile.TemporaryDirectory | None = None
        self.cert_dir = cert_dir
        self.ca_file: Path | None = None
        self._server: Server | None = None
        self._ssl: ssl.SSLContext | None = None
        self.restarts = 0  # gateway restarts so far (restart()), for tests and the CLI
        self.disconnects = 0  # logged-in connections the server cut (drops, restarts)
        self.sessions: set[Session] = set()
        self._history: dict[str, list[Bar]] = {}
        self._live: dict[str, list[Bar]] = {}
        for root, series in (bars or {}).items():
            self.add_bars(root, series, history_fraction)
        self.markets: dict[str, Market] = {}
        self.books = depth.Books()  # the minimal depth-by-order book of each market
        self.bar_streams: BarStreams = BarStreams(
            self
        )  # time- and tick-bar subscriptions (200, 204)
        self.desk = OrderDesk(
            account_id=account_id,
            fcm_id=fcm_id,
            ib_id=ib_id,
            knows=self.knows,
            spec_for=self.spec_for,
            last_price=self._last_price,
            faults=self.faults,
            clock=clock,
            max_volume_fraction=max_volume_fraction,
        )
        # the account across processes: read now, written after every change
        self.state_file = Path(state_file) if state_file is not None else None
        if self.state_file is not None:
            state.load(self.state_file, self.desk)
        self._tasks: set[asyncio.Task] = set()
        self.received: list[int] = []  # template ids of requests, for tests

    @property
    def orders(self) -> dict[str, SimOrder]:
        return self.desk.orders

    @property
    def fills(self) -> list[dict[str, Any]]:
        return self.desk.fills

    @property
    def positions(self) -> dict[str, Position]:
        return self.desk.positions

    def _last_price(self, symbol: str) -> float | None:
        market = self.markets.get(symbol)
        return market.last if market is not None else None

    # -- set-up -----------------------------------------------------------------------

    def add_bars(self, root: str, bars: Sequence[Bar], history_fraction: float = 0.5) -> None:
        """History = the first part shifted to end now; live replay = the rest."""
        bars = list(bars)
        if not bars:
            return
        cut = min(len(bars) - 1, max(0, int(len(bars) * history_fraction)))
        hist = bars[:cut]
        if hist:
            shift = (self.clock() // MINUTE_NS) * MINUTE_NS - hist[-1].end
            hist = [
                Bar(b.symbol, b.ts + shift, b.end + shift, b.open, b.high, b.low, b.close, b.volume)
                for b in hist
            ]
        self._history[root.upper()] = hist
        self._live[root.upper()] = bars[cut:]

    @classmethod
    def from_data(
        cls, roots: Iterable[str] = ("GC", "ES"), data_dir: Path | None = None, **kwargs: Any
    ) -> RithmicServer:
        """A server over bundled (or ``data_dir``) bar files of the given roots."""
        from runner_plugins.feeds.replay import load_bars

        bars: dict[str, list[Bar]] = {}
        for root in roots:
            source: str | Path = root
            if data_dir is not None:
                matches = [
                    Path(data_dir) / f"{root}{suffix}"
                    for suffix in (".csv", ".csv.gz", ".parquet")
                    if (Path(data_dir) / f"{root}{suffix}").is_file()
                ]
                if not matches:
                    raise FileNotFoundError(f"no bar file for {root} in {data_dir}")
                source = matches[0]
            bars[root] = load_bars(source, symbol=root)
        return cls(bars, **kwargs)

    def today(self) -> date:
        return datetime.fromtimestamp(self.clock() / NS, tz=UTC).date()

    def now_parts(self) -> tuple[int, int]:
        return ns_parts(self.clock())

    def spec_for(self, symbol: str) -> ContractSpec:
        """The product's facts from runner's contract table: one truth for sim and bots."""
        spec = get_spec(root_of(symbol))
        if spec is None:
            raise KeyError(f"no contract facts for {symbol!r}")
        return spec

    def listed(self, symbol: str) -> bool:
        """A listed month of a product in the table that has not expired on the server's
        date; an unknown product, an unlisted month or an expired contract is not."""
        spec = get_spec(root_of(symbol))
        if spec is None or not spec.tradable:
            return False
        if spec.sec_type != "FUT" or symbol.upper() == spec.root:
            return True
        try:
            root, year, month = parse_symbol(symbol, self.today())
        except ValueError:
            return False
        if root != spec.root or "FGHJKMNQUVXZ"[month - 1] not in spec.months:
            return False
        return last_trade_date(root, year, month) >= self.today()

    def knows(self, symbol: str) -> bool:
        """Served: the product has bars here and the symbol is a live listed contract."""
        return root_of(symbol) in self._live and self.listed(symbol)

    def quotes(self, symbol: str) -> bool:
        """Market data is served: a contract it trades, or an index (VIX) it only quotes."""
        spec = get_spec(root_of(symbol))
        if spec is not None and not spec.tradable and symbol.upper() == spec.root:
            return root_of(symbol) in self._live
        return self.knows(symbol)

    def front_month(self, root: str) -> str:
        """The front month on the server's date by runner's default roll rule, so that a
        bot left at the default and the server always name the same contract."""
        return front_month(root, self.today(), DEFAULT_ROLL_BASIS, DEFAULT_ROLL_DAYS)

    @property
    def uri(self) -> str:
        return f"wss://{self.host}:{self.port}"

    async def start(self) -> RithmicServer:
        if self.cert_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="rithmic-sim-")
            self.cert_dir = Path(self._tmp.name)
        try:
            certs = make_certificates(Path(self.cert_dir), (self.host,))
            self.ca_file = certs.ca_file
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(certs.cert_file, certs.key_file)
            self._ssl = ctx
            await self._listen()
        except BaseException:
            self._remove_own_certificates()
            raise
        self._spawn(self._watch_heartbeats())
        return self

    async def _listen(self) -> None:
        self._server = await websockets.serve(
            self._handle,
            self.host,
            self.port,
            ssl=self._ssl,
            ping_interval=None,
            max_size=2**24,
            compression=None,
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def restart(
        self, down: float | asyncio.Event = 0.0, *, reuse_ids: bool = False, wipe: bool = False
    ) -> None:
        """A gateway restart: every connection is cut, nobody can connect for ``down``
        seconds (or until the event ``down`` is set: tests wait on what the clients do, not
        on time), and the server comes back on the same address with the account as a real
        gateway keeps it: positions, working orders, executions and id counters. The faults
        ``reuse_ids`` (numbering starts again) and ``wipe`` (everything lost) are asked for
        explicitly (see :meth:`OrderDesk.restart`)."""
        if self._server is None:
            raise RuntimeError("the server is not running")
        self._server.server.close()  # stop listening now: nobody gets in before the restart
        for session in list(self.sessions):
            self.disconnects += session.logged_in
            session.logged_in = False
            session.ws.transport.abort()
        self.desk.restart(reuse_ids=reuse_ids, wipe=wipe)
        self.save_state()
        self._server.close()
        await self._server.wait_closed()
        self.restarts += 1
        try:
            if isinstance(down, asyncio.Event):
                await down.wait()
            elif down > 0:
                await asyncio.sleep(down)
        finally:  # a restart cut short (a fault timer stopped) still comes back
            await self._listen()

    async def book_position(self, symbol: str, qty: int, price: float) -> None:
        """A position booked to the account outside any order of a session (a transfer by
        the clearing firm, a trade given up from another desk): no order notification, only
        the PnL plant's update. ``qty`` is signed."""
        self.desk._book(symbol, Side.BUY if qty > 0 else Side.SELL, abs(qty), price)
        self.desk.out.extend(("pnl", m) for m in self.desk.pnl_messages(False))
        await self._publish()

    async def cancel_order(self, user_tag: str) -> bool:
        """The venue cancels a working order on its own (a risk desk, a cancel on
        disconnect): the sessions hear of it as of any cancel. False: no such order works."""
        for sim in self.desk.orders.values():
            if not sim.done and user_tag in (sim.user_tag, sim.order.client_id):
                self.desk.cancel(sim)
                await self._publish()
                return True
        return False

    async def stop(self) -> None:
        for task in list(self._tasks) + [m.task for m in self.markets.values() if m.task]:
            task.cancel()
        for m in self.markets.values():
            if m.task:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await m.task
        try:
            if self._server is not None:
                self._server.close()
                await self._server.wait_closed()
        finally:
            self._remove_own_certificates()

    def _remove_own_certificates(self) -> None:
        """Deletes the certificate folder only when this server made it: a --cert-dir the
        user named is theirs and stays, with the CA a client may still be configured with."""
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
            self.cert_dir = None

    async def __aenter__(self) -> RithmicServer:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def market(self, symbol: str) -> Market:
        m = self.markets.get(symbol)
        if m is None:
            m = Market(self, symbol, self._live.get(root_of(symbol), []))
            self.markets[symbol] = m
            m.task = asyncio.get_running_loop().create_task(m.run())
        return m

    def account(self) -> Account:
        """The account as the broker holds it: what a fault test compares the runner with."""
        return self.desk.account()

    # -- connections and plants (connection.py, dispatch.py and one module per plant) -------

    _handlers = HANDLERS
    _handle = connection.handle
    _watch_heartbeats = connection.watch_heartbeats
    _on_frame = connection.on_frame
    broadcast_market = marketdata.broadcast_market
    _market_data = marketdata._market_data  # bench/bench_rithmic.py wraps it

    async def _respond(self, session: Session, request_tid: int, *msgs: Templated) -> None:
        """Sends a request's answers, late when a delay fault says so."""
        await connection.respond(self, session, request_tid, *msgs)

    async def on_trade(self, trade: Trade) -> None:
        await depth.publish(self, trade.symbol)
        self.desk.on_trade(trade)
        if self.desk.out:
            await self._publish()

    def save_state(self) -> None:
        """Writes the account to the state file, when there is one."""
        if self.state_file is not None:
            state.save(self.state_file, self.desk)

    async def _publish(self) -> None:
        """Deliver what the desk queued: order notifications and PnL updates (and keep the
        account on disk first, so a crash never forgets what a client was told)."""
        out, self.desk.out = self.desk.out, []
        if out:
            self.save_state()
        for channel, msg in out:
            data = framing.encode(msg)
            for s in list(self.sessions):
                if s.logged_in and (s.order_updates if channel == "order" else s.pnl_updates):
                    await s.send(data)
