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
import logging
import ssl
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import websockets
from google.protobuf.message import Message
from websockets.asyncio.server import Server, ServerConnection
from websockets.exceptions import ConnectionClosed

from runner.api import (
    MINUTE_NS,
    NS,
    Bar,
    ContractSpec,
    Side,
    Trade,
)
from runner.api.contracts import (
    DEFAULT_ROLL_BASIS,
    DEFAULT_ROLL_DAYS,
    front_month,
    get_spec,
    last_trade_date,
    parse_symbol,
    roots,
)
from runner_plugins.rithmic.config import root_of
from runner_plugins.rithmic.protocol import framing
from runner_plugins.rithmic.protocol.framing import FrameError
from runner_plugins.rithmic.protocol.templates import new
from runner_sims.rithmic.certs import make_certificates
from runner_sims.rithmic.desk import Account, Clock, OrderDesk, Position, SimOrder, ns_parts
from runner_sims.rithmic.history import BarStreams
from runner_sims.rithmic.market import Market, aggregate

__all__ = ["PLANTS", "PLANT_IDS", "Faults", "RithmicServer", "Session"]

log = logging.getLogger(__name__)

PLANTS = {1: "ticker", 2: "order", 3: "history", 4: "pnl"}
PLANT_IDS = {v: k for k, v in PLANTS.items()}
NO_DATA = ["7", "no data"]


@dataclass
class Faults:
    """Misbehaviour the server shows on demand."""

    response_delay: float = 0.0  # every response waits this long
    delay_templates: dict[int, float] = field(default_factory=dict)  # per request template
    reject_orders: int = 0  # the next N new orders are rejected by the "exchange"
    reject_text: str = "rejected by the simulated exchange"
    ignore: dict[int, int] = field(default_factory=dict)  # template id -> requests to swallow
    drop_after_orders: int = 0  # the next N new orders reach the desk, then the plant is cut


@dataclass(eq=False)
class Session:
    ws: ServerConnection
    plant: str = ""
    user: str = ""
    logged_in: bool = False
    last_recv: float = field(default_factory=time.monotonic)
    market: dict[str, int] = field(default_factory=dict)  # symbol -> update bits
    order_updates: bool = False
    pnl_updates: bool = False

    async def send(self, msg: Message | bytes) -> bool:
        data = msg if isinstance(msg, bytes) else framing.encode(msg)
        try:
            await self.ws.send(data)
        except (ConnectionClosed, OSError):
            return False
        return True


class RithmicServer:
    """Serves the four plants on one TLS WebSocket endpoint (the login names the plant)."""

    def __init__(
        self,
        bars: dict[str, Sequence[Bar]] | None = None,
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
        self.bar_streams = BarStreams(self)  # time- and tick-bar subscriptions (200, 204)
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

    async def restart(self, down: float | asyncio.Event = 0.0) -> None:
        """A gateway restart that keeps the account, as Rithmic's do: every connection is
        cut, nobody can connect for ``down`` seconds (or until the event ``down`` is set:
        tests wait on what the clients do, not on time), and the server comes back on the
        same address with the account's positions and working orders but numbering its
        orders and fills from the first number again (see :meth:`OrderDesk.restart`)."""
        if self._server is None:
            raise RuntimeError("the server is not running")
        self._server.server.close()  # stop listening now: nobody gets in before the restart
        for session in list(self.sessions):
            self.disconnects += session.logged_in
            session.logged_in = False
            session.ws.transport.abort()
        self.desk.restart()
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

    def _spawn(self, coro) -> asyncio.Task:
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

    # -- fault control ------------------------------------------------------------------

    def _plant_sessions(self, plant: str) -> list[Session]:
        return [s for s in self.sessions if s.plant == plant and s.logged_in]

    def drop(self, plant: str) -> int:
        """Cut every connection of a plant as a network failure would."""
        sessions = self._plant_sessions(plant)
        for s in sessions:
            s.logged_in = False
            s.ws.transport.abort()
        self.disconnects += len(sessions)
        return len(sessions)

    def drop_after_next_order(self, count: int = 1) -> None:
        """Fault: each of the next ``count`` new orders (or brackets) is booked and works at
        the exchange, but the order plant is cut before the client hears of it: the answer,
        the acknowledgement and any fill are for the client to recover after reconnecting."""
        self.faults.drop_after_orders += count

    def account(self) -> Account:
        """The account as the broker holds it: what a fault test compares the runner with."""
        return self.desk.account()

    async def forced_logout(self, plant: str) -> None:
        for s in self._plant_sessions(plant):
            await s.send(new("ForcedLogout"))
            await s.ws.close()

    async def send_malformed(self, plant: str) -> None:
        for s in self._plant_sessions(plant):
            await s.send(b"\x00\x00\x00\x09\x01\x02")  # length prefix disagrees
            await s.send(b"\x00\x00\x00\x03\xff\xff\xff")  # not protobuf

    async def send_unknown(self, plant: str, template_id: int = 987_654) -> None:
        msg = new("Reject", rp_code=["0"])
        msg.template_id = template_id
        for s in self._plant_sessions(plant):
            await s.send(msg)

    def logged_in(self, plant: str) -> int:
        return len(self._plant_sessions(plant))

    # -- connections ----------------------------------------------------------------------

    async def _handle(self, ws: ServerConnection) -> None:
        session = Session(ws)
        self.sessions.add(session)
        try:
            async for raw in ws:
                session.last_recv = time.monotonic()
                if isinstance(raw, str):
                    await session.send(
                        new("Reject", rp_code=["1", "text frames are not R|Protocol"])
                    )
                    continue
                await self._on_frame(session, raw)
        except (ConnectionClosed, OSError):
            pass
        finally:
            self.sessions.discard(session)

    async def _watch_heartbeats(self) -> None:
        """Drop a client that sent nothing for longer than the heartbeat interval."""
        while True:
            await asyncio.sleep(min(1.0, self.heartbeat_interval / 4))
            now = time.monotonic()
            for s in list(self.sessions):
                if s.logged_in and now - s.last_recv > self.heartbeat_interval:
                    log.info("dropping silent %s client %s", s.plant, s.user)
                    await s.ws.close(1008, "heartbeat timeout")

    async def _on_frame(self, session: Session, raw: bytes) -> None:
        try:
            tid, msg = framing.decode(raw)
        except FrameError as exc:
            await session.send(new("Reject", rp_code=["3", f"bad frame: {exc}"]))
            return
        self.received.append(tid)
        if self.faults.ignore.get(tid, 0) > 0:  # lost in transit: no effect, no answer
            self.faults.ignore[tid] -= 1
            return
        if msg is None:
            await session.send(new("Reject", rp_code=["4", f"unknown template id {tid}"]))
            return
        if tid == 16:
            await self._respond(
                session,
                tid,
                new(
                    "ResponseRithmicSystemInfo",
                    user_msg=msg.user_msg,
                    rp_code=["0"],
                    system_name=self.systems,
                    has_aggregated_quotes=[False] * len(self.systems),
                ),
            )
            return
        if tid == 10:
            await self._login(session, msg)
            return
        if not session.logged_in:
            await session.send(new("Reject", user_msg=msg.user_msg, rp_code=["5", "log in first"]))
            return
        handler = self._handlers.get(tid)
        if handler is None or (handler[0] and handler[0] != session.plant):
            await session.send(
                new(
                    "Reject",
                    user_msg=getattr(msg, "user_msg", []),
                    rp_code=["6", f"template {tid} not served here"],
                )
            )
            return
        await handler[1](self, session, msg)

    async def _respond(self, session: Session, request_tid: int, *msgs: Message) -> None:
        delay = self.faults.delay_templates.get(request_tid, self.faults.response_delay)
        if delay <= 0:
            for m in msgs:
                await session.send(m)
            return

        async def later() -> None:
            await asyncio.sleep(delay)
            for m in msgs:
                await session.send(m)

        self._spawn(later())

    async def _login(self, session: Session, msg: Message) -> None:
        plant = PLANTS.get(msg.infra_type)
        code: list[str] = ["0"]
        if plant is None:
            code = ["3", f"infra_type {msg.infra_type} not offered"]
        elif msg.system_name not in self.systems:
            code = ["13", f"system {msg.system_name!r} unknown"]
        elif self.users is not None and self.users.get(msg.user) != msg.password:
            code = ["13", "permission denied"]
        elif msg.template_version != "3.9":
            code = ["3", f"template_version {msg.template_version!r} not supported"]
        reply = new("ResponseLogin", user_msg=msg.user_msg, rp_code=code, template_version="3.9")
        if code == ["0"]:
            session.plant, session.user, session.logged_in = plant, msg.user, True
            reply.heartbeat_interval = self.heartbeat_interval
            reply.fcm_id, reply.ib_id = self.fcm_id, self.ib_id
            reply.unique_user_id = f"{msg.user}@sim"
        await session.send(reply)

    # -- common -----------------------------------------------------------------------------

    async def _heartbeat(self, session: Session, msg: Message) -> None:
        ssboe, usecs = self.now_parts()
        await session.send(
            new("ResponseHeartbeat", user_msg=msg.user_msg, rp_code=["0"], ssboe=ssboe, usecs=usecs)
        )

    async def _logout(self, session: Session, msg: Message) -> None:
        await session.send(new("ResponseLogout", user_msg=msg.user_msg, rp_code=["0"]))
        session.logged_in = False
        await session.ws.close()

    # -- ticker plant ---------------------------------------------------------------------

    async def _market_data(self, session: Session, msg: Message) -> None:
        if not self.quotes(msg.symbol):
            await self._respond(
                session,
                100,
                new(
                    "ResponseMarketDataUpdate",
                    user_msg=msg.user_msg,
                    rp_code=["7", f"no data for {msg.symbol}"],
                ),
            )
            return
        if msg.request == 2:
            session.market.pop(msg.symbol, None)
        else:
            session.market[msg.symbol] = msg.update_bits or 3
            self.market(msg.symbol)
        await self._respond(
            session, 100, new("ResponseMarketDataUpdate", user_msg=msg.user_msg, rp_code=["0"])
        )

    async def broadcast_market(self, symbol: str, trade: bytes, bbo: bytes) -> None:
        for s in list(self.sessions):
            bits = s.market.get(symbol)
            if bits and s.logged_in:
                if bits & 2:
                    await s.send(bbo)
                if bits & 1:
                    await s.send(trade)

    async def _reference_data(self, session: Session, msg: Message) -> None:
        if not self.listed(msg.symbol):
            await self._respond(
                session,
                14,
                new("ResponseReferenceData", user_msg=msg.user_msg, rp_code=["7", "no data"]),
            )
            return
        spec = self.spec_for(msg.symbol)
        root, exchange, tick, point = spec.root, spec.exchange, spec.tick_size, spec.point_value
        kind = "Future" if spec.sec_type == "FUT" else "Equity"
        await self._respond(
            session,
            14,
            new(
                "ResponseReferenceData",
                user_msg=msg.user_msg,
                rp_code=["0"],
                symbol=msg.symbol,
                exchange=msg.exchange or exchange,
                exchange_symbol=msg.symbol,
                symbol_name=spec.description,
                product_code=root,
                instrument_type=kind,
                currency=spec.currency,
                min_qprice_change=tick,
                min_fprice_change=tick,
                single_point_value=point,
                is_tradable="true",
                trading_symbol=msg.symbol,
                trading_exchange=exchange,
                presence_bits=1 | 2 | 4 | 8 | 64 | 2048 | 4096 | 8192,
            ),
        )

    async def _front_month(self, session: Session, msg: Message) -> None:
        root = msg.symbol.upper()
        spec = get_spec(root)
        if spec is None or spec.sec_type != "FUT":
            await self._respond(
                session,
                113,
                new("ResponseFrontMonthContract", user_msg=msg.user_msg, rp_code=["7", "no data"]),
            )
            return
        sym = self.front_month(root)
        await self._respond(
            session,
            113,
            new(
                "ResponseFrontMonthContract",
                user_msg=msg.user_msg,
                rp_code=["0"],
                symbol=root,
                exchange=msg.exchange or spec.exchange,
                symbol_name=sym,
                is_front_month_symbol=True,
                trading_symbol=sym,
                trading_exchange=spec.exchange,
            ),
        )

    # -- history plant ----------------------------------------------------------------------

    async def _time_bar_replay(self, session: Session, msg: Message) -> None:
        bars = self._history.get(root_of(msg.symbol), [])
        seconds = max(1, msg.bar_type_period) * {1: 1, 2: 60, 3: 86400, 4: 604800}.get(
            msg.bar_type, 60
        )
        start = msg.start_index * NS if msg.HasField("start_index") else None
        finish = msg.finish_index * NS if msg.HasField("finish_index") else None
        picked = [
            b
            for b in bars
            if (start is None or b.ts >= start) and (finish is None or b.end <= finish)
        ]
        out = aggregate(picked, seconds * NS) if seconds != 60 else picked
        limit = self.max_replay_bars
        if msg.user_max_count > 0:
            limit = min(limit, msg.user_max_count)
        out = out[-limit:] if msg.direction == 2 else out[:limit]  # LAST or FIRST bars
        parts: list[Message] = []
        spec = get_spec(root_of(msg.symbol))
        exchange = spec.exchange if spec is not None else ""
        for b in out:
            parts.append(
                new(
                    "ResponseTimeBarReplay",
                    user_msg=msg.user_msg,
                    rq_handler_rp_code=["0"],
                    symbol=msg.symbol,
                    exchange=msg.exchange or exchange,
                    type=msg.bar_type or 2,
                    period=str(max(1, msg.bar_type_period)),
                    marker=int(b.ts // NS),
                    open_price=b.open,
                    high_price=b.high,
                    low_price=b.low,
                    close_price=b.close,
                    volume=int(b.volume),
                    num_trades=4,
                )
            )
        parts.append(
            new("ResponseTimeBarReplay", user_msg=msg.user_msg, rp_code=["0"] if out else NO_DATA)
        )
        await self._respond(session, 202, *parts)

    # -- order plant --------------------------------------------------------------------------

    async def _login_info(self, session: Session, msg: Message) -> None:
        await self._respond(
            session,
            300,
            new(
                "ResponseLoginInfo",
                user_msg=msg.user_msg,
                rp_code=["0"],
                user=session.user,
                fcm_id=self.fcm_id,
                ib_id=self.ib_id,
                user_type=3,
                first_name="Sim",
                last_name="Trader",
            ),
        )

    async def _account_list(self, session: Session, msg: Message) -> None:
        await self._respond(
            session,
            302,
            new(
                "ResponseAccountList",
                user_msg=msg.user_msg,
                rq_handler_rp_code=["0"],
                account_id=self.account_id,
                account_name="Simulated account",
                fcm_id=self.fcm_id,
                ib_id=self.ib_id,
                account_currency="USD",
            ),
            new("ResponseAccountList", user_msg=msg.user_msg, rp_code=["0"]),
        )

    async def _trade_routes(self, session: Session, msg: Message) -> None:
        exchanges = sorted({s.exchange for s in map(get_spec, roots()) if s and s.tradable})
        parts = [
            new(
                "ResponseTradeRoutes",
                user_msg=msg.user_msg,
                rq_handler_rp_code=["0"],
                exchange=ex,
                trade_route="simulator",
                status="UP",
                fcm_id=self.fcm_id,
                ib_id=self.ib_id,
                is_default=True,
            )
            for ex in exchanges
        ]
        parts.append(new("ResponseTradeRoutes", user_msg=msg.user_msg, rp_code=["0"]))
        await self._respond(session, 310, *parts)

    async def _subscribe_orders(self, session: Session, msg: Message) -> None:
        ok = msg.account_id in ("", self.account_id)
        session.order_updates = session.order_updates or ok
        code = ["0"] if ok else ["7", f"unknown account {msg.account_id}"]
        await self._respond(
            session,
            308,
            new("ResponseSubscribeForOrderUpdates", user_msg=msg.user_msg, rp_code=code),
        )

    async def _new_order(self, session: Session, msg: Message, bracket: bool = False) -> None:
        tid = 330 if bracket else 312
        reply_name = "ResponseBracketOrder" if bracket else "ResponseNewOrder"
        problem = self.desk.check(msg, bracket)
        if problem:
            reply = new(reply_name, user_msg=msg.user_msg, rp_code=["1", problem])
            await self._respond(session, tid, reply)
            return
        sim = self.desk.create(msg, session.user, bracket)
        if self.faults.drop_after_orders > 0:
            # the order reached the exchange; the line died before its answer went out
            self.faults.drop_after_orders -= 1
            self.drop("order")
            self.market(msg.symbol)
            self.desk.accept(sim)
            await self._publish()
            return
        ssboe, usecs = self.now_parts()
        await self._respond(
            session,
            tid,
            new(
                reply_name,
                user_msg=msg.user_msg,
                rq_handler_rp_code=["0"],
                basket_id=sim.basket_id,
                user_tag=msg.user_tag,
                ssboe=ssboe,
                usecs=usecs,
            ),
            new(reply_name, user_msg=msg.user_msg, rp_code=["0"]),
        )
        self.market(msg.symbol)
        self.desk.accept(sim)
        await self._publish()

    async def _bracket(self, session: Session, msg: Message) -> None:
        await self._new_order(session, msg, bracket=True)

    async def _working(self, session: Session, msg: Message, tid: int, reply_name: str):
        """The order a modify/cancel names, after answering; None (and an error) if finished."""
        sim = self.desk.working(msg.basket_id)
        if sim is None:
            reply = new(reply_name, user_msg=msg.user_msg, rp_code=["5", "order not working"])
            await self._respond(session, tid, reply)
            return None
        await self._respond(
            session,
            tid,
            new(
                reply_name, user_msg=msg.user_msg, rq_handler_rp_code=["0"], basket_id=sim.basket_id
            ),
            new(reply_name, user_msg=msg.user_msg, rp_code=["0"]),
        )
        return sim

    async def _modify(self, session: Session, msg: Message) -> None:
        sim = await self._working(session, msg, 314, "ResponseModifyOrder")
        if sim is not None:
            self.desk.modify(
                sim,
                msg.quantity if msg.HasField("quantity") else None,
                msg.price if msg.HasField("price") else None,
                msg.trigger_price if msg.HasField("trigger_price") else None,
            )
            await self._publish()

    async def _cancel(self, session: Session, msg: Message) -> None:
        sim = await self._working(session, msg, 316, "ResponseCancelOrder")
        if sim is not None:
            self.desk.cancel(sim)
            await self._publish()

    async def _cancel_all(self, session: Session, msg: Message) -> None:
        reply = new("ResponseCancelAllOrders", user_msg=msg.user_msg, rp_code=["0"])
        await self._respond(session, 346, reply)
        self.desk.cancel_all()
        await self._publish()

    async def _show_orders(self, session: Session, msg: Message) -> None:
        """Every order of the session as a snapshot notification, then 321."""
        for note in self.desk.order_snapshots():
            await session.send(note)
        reply = new("ResponseShowOrders", user_msg=msg.user_msg, rp_code=["0"])
        await self._respond(session, 320, reply)

    async def _replay_executions(self, session: Session, msg: Message) -> None:
        start = msg.start_index if msg.HasField("start_index") else 0
        finish = msg.finish_index if msg.HasField("finish_index") else 2**31 - 1
        for note in self.desk.executions(start, finish):
            await session.send(note)
        reply = new("ResponseReplayExecutions", user_msg=msg.user_msg, rp_code=["0"])
        await self._respond(session, 3506, reply)

    async def on_trade(self, trade: Trade) -> None:
        self.desk.on_trade(trade)
        if self.desk.out:
            await self._publish()

    async def _publish(self) -> None:
        """Deliver what the desk queued: order notifications and PnL updates."""
        out, self.desk.out = self.desk.out, []
        for channel, msg in out:
            data = framing.encode(msg)
            for s in list(self.sessions):
                if s.logged_in and (s.order_updates if channel == "order" else s.pnl_updates):
                    await s.send(data)

    # -- pnl plant -------------------------------------------------------------------------------

    async def _pnl_subscribe(self, session: Session, msg: Message) -> None:
        session.pnl_updates = msg.request != 2
        await self._respond(
            session, 400, new("ResponsePnLPositionUpdates", user_msg=msg.user_msg, rp_code=["0"])
        )

    async def _pnl_snapshot(self, session: Session, msg: Message) -> None:
        for m in self.desk.pnl_messages(True):
            await session.send(m)
        await self._respond(
            session, 402, new("ResponsePnLPositionSnapshot", user_msg=msg.user_msg, rp_code=["0"])
        )

    # template id -> (plant or "" for any, handler)
    _handlers: dict[int, tuple[str, Any]] = {
        18: ("", _heartbeat),
        12: ("", _logout),
        14: ("ticker", _reference_data),
        100: ("ticker", _market_data),
        113: ("ticker", _front_month),
        200: ("history", lambda self, s, m: self.bar_streams.time_bar_update(s, m)),
        202: ("history", _time_bar_replay),
        204: ("history", lambda self, s, m: self.bar_streams.tick_bar_update(s, m)),
        206: ("history", lambda self, s, m: self.bar_streams.tick_bar_replay(s, m)),
        300: ("order", _login_info),
        302: ("order", _account_list),
        308: ("order", _subscribe_orders),
        310: ("order", _trade_routes),
        312: ("order", _new_order),
        314: ("order", _modify),
        316: ("order", _cancel),
        320: ("order", _show_orders),
        330: ("order", _bracket),
        346: ("order", _cancel_all),
        3506: ("order", _replay_executions),
        400: ("pnl", _pnl_subscribe),
        402: ("pnl", _pnl_snapshot),
    }
