"""A local R|Protocol server: the same frames over TLS WebSockets as Rithmic's plants.

It exists so the real client can be tested end to end (login on every plant, market data,
bar replays, orders with their real notification sequence, PnL) and so demos run without a
Rithmic account. Faults are available on demand, from tests through :class:`RithmicServer`
methods and from the command line (``runner sim rithmic --help``).

Market data comes from bar files: the first part of each product's bars is served as
history (shifted to end at start-up), the rest is replayed live, each bar as a few trades
and quotes stamped with the wall clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import ssl
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import websockets
from google.protobuf.message import Message
from runner_plugins.brokers.paper.matching import MatchingEngine
from runner_plugins.feeds.symbols import root_of
from websockets.asyncio.server import Server, ServerConnection
from websockets.exceptions import ConnectionClosed

from runner.contracts.spec import ContractSpec
from runner.engine.events import (
    MINUTE_NS,
    NS,
    Bar,
    Fill,
    Order,
    OrderStatus,
    OrderType,
    OrderUpdate,
    Side,
    Trade,
)

from . import framing
from .certs import make_certificates
from .framing import FrameError
from .templates import new

log = logging.getLogger(__name__)

PLANTS = {1: "ticker", 2: "order", 3: "history", 4: "pnl"}
PLANT_IDS = {v: k for k, v in PLANTS.items()}
NO_DATA = ["7", "no data"]
# bracket_type -> legs (1 stop, 2 target); the *_STATIC variants behave alike here
_BRACKET_KINDS = {1: 1, 2: 2, 3: 3, 4: 1, 5: 2, 6: 3}

# root -> exchange, tick size, point value, currency (public contract specifications)
PRODUCTS: dict[str, tuple[str, float, float, str]] = {
    "GC": ("COMEX", 0.1, 100.0, "USD"),
    "MGC": ("COMEX", 0.1, 10.0, "USD"),
    "SI": ("COMEX", 0.005, 5000.0, "USD"),
    "ES": ("CME", 0.25, 50.0, "USD"),
    "MES": ("CME", 0.25, 5.0, "USD"),
    "NQ": ("CME", 0.25, 20.0, "USD"),
    "6E": ("CME", 0.00005, 125000.0, "USD"),
    "6J": ("CME", 0.0000005, 12500000.0, "USD"),
    "CL": ("NYMEX", 0.01, 1000.0, "USD"),
    "MCL": ("NYMEX", 0.01, 100.0, "USD"),
    "NG": ("NYMEX", 0.001, 10000.0, "USD"),
    "ZN": ("CBOT", 0.015625, 1000.0, "USD"),
}
_MONTHS = "FGHJKMNQUVXZ"


def front_month_symbol(root: str, now: float | None = None) -> str:
    """The next quarterly contract (H, M, U, Z) at least one month out, e.g. GCZ6."""
    t = time.gmtime(now if now is not None else time.time())
    month, year = t.tm_mon + 1, t.tm_year
    while _MONTHS[(month - 1) % 12] not in "HMUZ":
        month += 1
    year += (month - 1) // 12
    return f"{root}{_MONTHS[(month - 1) % 12]}{year % 10}"


def _now_parts() -> tuple[int, int]:
    now = time.time()
    return int(now), int(now % 1 * 1_000_000)


@dataclass
class Faults:
    """Misbehaviour the server shows on demand."""

    response_delay: float = 0.0  # every response waits this long
    delay_templates: dict[int, float] = field(default_factory=dict)  # per request template
    reject_orders: int = 0  # the next N new orders are rejected by the "exchange"
    reject_text: str = "rejected by the simulated exchange"
    ignore: dict[int, int] = field(default_factory=dict)  # template id -> requests to swallow


@dataclass(eq=False)
class Session:
    ws: ServerConnection
    plant: str = ""
    user: str = ""
    logged_in: bool = False
    last_recv: float = field(default_factory=time.monotonic)
    market: dict[str, int] = field(default_factory=dict)  # symbol -> update bits
    bars: set[str] = field(default_factory=set)
    order_updates: bool = False
    pnl_updates: bool = False

    async def send(self, msg: Message | bytes) -> bool:
        data = msg if isinstance(msg, bytes) else framing.encode(msg)
        try:
            await self.ws.send(data)
        except (ConnectionClosed, OSError):
            return False
        return True


@dataclass
class SimOrder:
    basket_id: str
    order: Order
    exchange: str
    user_tag: str
    price_type: int
    duration: int
    status: str = "open pending"
    filled: int = 0
    avg_price: float = 0.0
    completion_reason: str = ""
    bracket: tuple[int, int] | None = None  # (stop_ticks, target_ticks) while entry works
    original_basket_id: str = ""
    linked: str = ""
    done: bool = False


@dataclass
class Position:
    net: int = 0
    avg_open: float = 0.0
    closed_pnl: float = 0.0
    buys: int = 0
    sells: int = 0


class Market:
    """One product's live replay: trades and quotes made from bars, stamped with now."""

    def __init__(self, server: RithmicServer, symbol: str, bars: Sequence[Bar]) -> None:
        self.server = server
        self.symbol = symbol
        self.root = root_of(symbol)
        self.exchange, self.tick, _, _ = server.product(self.root)
        self.bars = bars
        self.index = 0
        self.last = bars[0].open if bars else 0.0
        self.volume = 0
        self.task: asyncio.Task | None = None

    def prices(self, bar: Bar) -> list[float]:
        mid = [bar.high, bar.low] if bar.close < bar.open else [bar.low, bar.high]
        return [bar.open, *mid, bar.close]

    async def run(self) -> None:
        server = self.server
        per = max(1, server.ticks_per_bar)
        pause = 1.0 / server.trades_per_second if server.trades_per_second > 0 else 0.0
        while self.bars:
            bar = self.bars[self.index % len(self.bars)]
            self.index += 1
            prices = self.prices(bar)[:per] if per < 4 else self.prices(bar)
            size = max(1, int(bar.volume) // len(prices))
            for price in prices:
                await self.trade(price, size)
                if pause:
                    await asyncio.sleep(pause)
                elif self.volume % 64 == 0:
                    await asyncio.sleep(0)
            await server.broadcast_bar(self.symbol, self.exchange, bar)

    async def trade(self, price: float, size: int) -> None:
        server = self.server
        aggressor = 1 if price >= self.last else 2
        self.last = price
        self.volume += size
        ssboe, usecs = _now_parts()
        bid = price - self.tick if aggressor == 1 else price
        trade = new(
            "LastTrade",
            symbol=self.symbol,
            exchange=self.exchange,
            trade_price=price,
            trade_size=size,
            aggressor=aggressor,
            volume=self.volume,
            presence_bits=1 | 8,
            ssboe=ssboe,
            usecs=usecs,
            source_ssboe=ssboe,
            source_usecs=usecs,
        )
        bbo = new(
            "BestBidOffer",
            symbol=self.symbol,
            exchange=self.exchange,
            bid_price=round(bid, 10),
            bid_size=max(1, size // 2),
            ask_price=round(bid + self.tick, 10),
            ask_size=max(1, size // 2),
            presence_bits=3,
            ssboe=ssboe,
            usecs=usecs,
        )
        await server.broadcast_market(self.symbol, framing.encode(trade), framing.encode(bbo))
        ts = ssboe * NS + usecs * 1000
        await server.on_trade(Trade(self.symbol, ts, price, size))


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
        products: dict[str, tuple[str, float, float, str]] | None = None,
        max_volume_fraction: float | None = None,
    ) -> None:
        self.host, self.port = host, port
        self.heartbeat_interval = heartbeat_interval
        self.users = users
        self.systems = list(systems)
        self.trades_per_second = trades_per_second
        self.ticks_per_bar = ticks_per_bar
        self.account_id, self.fcm_id, self.ib_id = account_id, fcm_id, ib_id
        self.products = dict(PRODUCTS)
        self.products.update(products or {})
        self.faults = Faults()
        self._tmp: tempfile.TemporaryDirectory | None = None
        self.cert_dir = cert_dir
        self.ca_file: Path | None = None
        self._server: Server | None = None
        self.sessions: set[Session] = set()
        self._history: dict[str, list[Bar]] = {}
        self._live: dict[str, list[Bar]] = {}
        for root, series in (bars or {}).items():
            self.add_bars(root, series, history_fraction)
        self.markets: dict[str, Market] = {}
        # the paper broker's engine: an order fills here exactly as it does in a backtest
        self.matcher = MatchingEngine(
            self.spec_for,
            fill_on="next_trade",
            id_prefix="R",
            max_volume_fraction=max_volume_fraction,  # < 1 gives partial fills
        )
        self.orders: dict[str, SimOrder] = {}
        self.fills: list[dict[str, Any]] = []
        self.positions: dict[str, Position] = {}
        self._basket_ids = itertools.count(1000001)
        self._fill_ids = itertools.count(1)
        self._seq = itertools.count(1)
        self._tasks: set[asyncio.Task] = set()
        self.received: list[int] = []  # template ids of requests, for tests

    # -- set-up -----------------------------------------------------------------------

    def add_bars(self, root: str, bars: Sequence[Bar], history_fraction: float = 0.5) -> None:
        """History = the first part shifted to end now; live replay = the rest."""
        bars = list(bars)
        if not bars:
            return
        cut = min(len(bars) - 1, max(0, int(len(bars) * history_fraction)))
        hist = bars[:cut]
        if hist:
            shift = (time.time_ns() // MINUTE_NS) * MINUTE_NS - hist[-1].end
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

    def product(self, root: str) -> tuple[str, float, float, str]:
        return self.products.get(root.upper(), ("CME", 0.01, 1.0, "USD"))

    def spec_for(self, symbol: str) -> ContractSpec:
        root = root_of(symbol)
        exchange, tick, point, currency = self.product(root)
        return ContractSpec(root, root, exchange, currency, tick, point, "CMES", "America/Chicago")

    def knows(self, symbol: str) -> bool:
        return root_of(symbol) in self._live

    @property
    def uri(self) -> str:
        return f"wss://{self.host}:{self.port}"

    async def start(self) -> RithmicServer:
        if self.cert_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="rithmic-sim-")
            self.cert_dir = Path(self._tmp.name)
        certs = make_certificates(Path(self.cert_dir), (self.host,))
        self.ca_file = certs.ca_file
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(certs.cert_file, certs.key_file)
        self._server = await websockets.serve(
            self._handle,
            self.host,
            self.port,
            ssl=ctx,
            ping_interval=None,
            max_size=2**24,
            compression=None,
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._spawn(self._watch_heartbeats())
        return self

    async def stop(self) -> None:
        for task in list(self._tasks) + [m.task for m in self.markets.values() if m.task]:
            task.cancel()
        for m in self.markets.values():
            if m.task:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await m.task
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        if self._tmp is not None:
            self._tmp.cleanup()

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
            s.ws.transport.abort()
        return len(sessions)

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
        ssboe, usecs = _now_parts()
        await session.send(
            new("ResponseHeartbeat", user_msg=msg.user_msg, rp_code=["0"], ssboe=ssboe, usecs=usecs)
        )

    async def _logout(self, session: Session, msg: Message) -> None:
        await session.send(new("ResponseLogout", user_msg=msg.user_msg, rp_code=["0"]))
        session.logged_in = False
        await session.ws.close()

    # -- ticker plant ---------------------------------------------------------------------

    async def _market_data(self, session: Session, msg: Message) -> None:
        if not self.knows(msg.symbol):
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
        root = root_of(msg.symbol)
        if root not in self.products:
            await self._respond(
                session,
                14,
                new("ResponseReferenceData", user_msg=msg.user_msg, rp_code=["7", "no data"]),
            )
            return
        exchange, tick, point, currency = self.product(root)
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
                symbol_name=f"{root} future",
                product_code=root,
                instrument_type="Future",
                currency=currency,
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
        if root not in self.products:
            await self._respond(
                session,
                113,
                new("ResponseFrontMonthContract", user_msg=msg.user_msg, rp_code=["7", "no data"]),
            )
            return
        sym = front_month_symbol(root)
        await self._respond(
            session,
            113,
            new(
                "ResponseFrontMonthContract",
                user_msg=msg.user_msg,
                rp_code=["0"],
                symbol=root,
                exchange=msg.exchange or self.product(root)[0],
                symbol_name=sym,
                is_front_month_symbol=True,
                trading_symbol=sym,
                trading_exchange=self.product(root)[0],
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
        out = _aggregate(picked, seconds * NS) if seconds != 60 else picked
        if msg.user_max_count > 0:
            out = out[-msg.user_max_count :]
        parts: list[Message] = []
        exchange = self.product(root_of(msg.symbol))[0]
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

    async def _time_bar_update(self, session: Session, msg: Message) -> None:
        if msg.request == 2:
            session.bars.discard(msg.symbol)
        else:
            session.bars.add(msg.symbol)
            self.market(msg.symbol)
        await self._respond(
            session, 200, new("ResponseTimeBarUpdate", user_msg=msg.user_msg, rp_code=["0"])
        )

    async def broadcast_bar(self, symbol: str, exchange: str, bar: Bar) -> None:
        subs = [s for s in self.sessions if symbol in s.bars and s.logged_in]
        if not subs:
            return
        end = time.time_ns() // NS
        msg = framing.encode(
            new(
                "TimeBar",
                symbol=symbol,
                exchange=exchange,
                type=2,
                period="1",
                marker=end - 60,
                open_price=bar.open,
                high_price=bar.high,
                low_price=bar.low,
                close_price=bar.close,
                volume=int(bar.volume),
                num_trades=4,
            )
        )
        for s in subs:
            await s.send(msg)

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
        exchanges = sorted({p[0] for p in self.products.values()})
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

    def _check_order(self, msg: Message) -> str:
        if msg.account_id != self.account_id:
            return f"unknown account {msg.account_id!r}"
        if not self.knows(msg.symbol):
            return f"unknown symbol {msg.symbol!r}"
        if msg.quantity <= 0:
            return "quantity must be positive"
        if msg.transaction_type not in (1, 2):
            return "transaction_type must be BUY or SELL"
        if msg.price_type in (1, 3) and not msg.HasField("price"):
            return "limit orders need a price"
        if msg.price_type in (3, 4) and not msg.HasField("trigger_price"):
            return "stop orders need a trigger_price"
        if msg.price_type not in (1, 2, 3, 4):
            return f"price_type {msg.price_type} not supported"
        return ""

    async def _new_order(self, session: Session, msg: Message, bracket: bool = False) -> None:
        tid = 330 if bracket else 312
        reply_name = "ResponseBracketOrder" if bracket else "ResponseNewOrder"
        problem = self._check_order(msg)
        if bracket and not problem:
            kinds = _BRACKET_KINDS.get(msg.bracket_type, 0)
            if not kinds:
                problem = f"bracket_type {msg.bracket_type} not supported"
            elif (kinds & 1 and msg.stop_ticks <= 0) or (kinds & 2 and msg.target_ticks <= 0):
                problem = "bracket needs positive stop_ticks/target_ticks"
        if problem:
            await self._respond(
                session, tid, new(reply_name, user_msg=msg.user_msg, rp_code=["1", problem])
            )
            return
        basket = str(next(self._basket_ids))
        ptype = {
            1: OrderType.LIMIT,
            2: OrderType.MARKET,
            3: OrderType.STOP_LIMIT,
            4: OrderType.STOP,
        }[msg.price_type]
        order = Order(
            client_id=basket,
            bot=session.user,
            symbol=msg.symbol,
            side=Side.BUY if msg.transaction_type == 1 else Side.SELL,
            qty=msg.quantity,
            type=ptype,
            limit_price=msg.price if msg.price_type in (1, 3) else None,
            stop_price=msg.trigger_price if msg.price_type in (3, 4) else None,
        )
        sim = SimOrder(
            basket,
            order,
            msg.exchange or self.product(root_of(msg.symbol))[0],
            msg.user_tag,
            msg.price_type,
            msg.duration or 1,
        )
        if bracket:
            kinds = _BRACKET_KINDS[msg.bracket_type]
            sim.bracket = (msg.stop_ticks if kinds & 1 else 0, msg.target_ticks if kinds & 2 else 0)
        self.orders[basket] = sim
        ssboe, usecs = _now_parts()
        await self._respond(
            session,
            tid,
            new(
                reply_name,
                user_msg=msg.user_msg,
                rq_handler_rp_code=["0"],
                basket_id=basket,
                user_tag=msg.user_tag,
                ssboe=ssboe,
                usecs=usecs,
            ),
            new(reply_name, user_msg=msg.user_msg, rp_code=["0"]),
        )
        await self._notify(sim, 4, "open pending")
        self.market(msg.symbol)
        if self.faults.reject_orders > 0:
            self.faults.reject_orders -= 1
            await self._reject(sim, self.faults.reject_text)
            return
        await self._apply(self.matcher.submit(order, time.time_ns()))

    async def _bracket(self, session: Session, msg: Message) -> None:
        await self._new_order(session, msg, bracket=True)

    async def _modify(self, session: Session, msg: Message) -> None:
        sim = self.orders.get(msg.basket_id)
        if sim is None or sim.done:
            await self._respond(
                session,
                314,
                new(
                    "ResponseModifyOrder", user_msg=msg.user_msg, rp_code=["5", "order not working"]
                ),
            )
            return
        await self._respond(
            session,
            314,
            new(
                "ResponseModifyOrder",
                user_msg=msg.user_msg,
                rq_handler_rp_code=["0"],
                basket_id=sim.basket_id,
            ),
            new("ResponseModifyOrder", user_msg=msg.user_msg, rp_code=["0"]),
        )
        qty = msg.quantity if msg.HasField("quantity") else None
        limit = msg.price if msg.HasField("price") else None
        stop = msg.trigger_price if msg.HasField("trigger_price") else None
        await self._notify(sim, 5, "modify pending")
        events = self.matcher.modify(
            sim.basket_id, time.time_ns(), qty=qty, limit_price=limit, stop_price=stop
        )
        if qty is not None:
            sim.order.qty = qty
        if limit is not None:
            sim.order.limit_price = limit
        if stop is not None:
            sim.order.stop_price = stop
        await self._notify(sim, 14, "open")
        await self._exchange(sim, 2)
        await self._apply(
            [
                e
                for e in events
                if not (isinstance(e, OrderUpdate) and e.status is OrderStatus.ACCEPTED)
            ]
        )

    async def _cancel(self, session: Session, msg: Message) -> None:
        sim = self.orders.get(msg.basket_id)
        if sim is None or sim.done:
            await self._respond(
                session,
                316,
                new(
                    "ResponseCancelOrder", user_msg=msg.user_msg, rp_code=["5", "order not working"]
                ),
            )
            return
        await self._respond(
            session,
            316,
            new(
                "ResponseCancelOrder",
                user_msg=msg.user_msg,
                rq_handler_rp_code=["0"],
                basket_id=sim.basket_id,
            ),
            new("ResponseCancelOrder", user_msg=msg.user_msg, rp_code=["0"]),
        )
        await self._notify(sim, 6, "cancel pending")
        await self._apply(self.matcher.cancel(sim.basket_id, time.time_ns()))

    async def _cancel_all(self, session: Session, msg: Message) -> None:
        await self._respond(
            session, 346, new("ResponseCancelAllOrders", user_msg=msg.user_msg, rp_code=["0"])
        )
        for sim in list(self.orders.values()):
            if not sim.done:
                await self._notify(sim, 6, "cancel pending")
                await self._apply(self.matcher.cancel(sim.basket_id, time.time_ns()))

    async def _show_orders(self, session: Session, msg: Message) -> None:
        """Every order of the session as a snapshot notification, then 321."""
        for sim in list(self.orders.values()):
            await session.send(self._order_msg(sim, 15 if sim.done else 13, sim.status, True))
        await self._respond(
            session, 320, new("ResponseShowOrders", user_msg=msg.user_msg, rp_code=["0"])
        )

    async def _replay_executions(self, session: Session, msg: Message) -> None:
        start = msg.start_index if msg.HasField("start_index") else 0
        finish = msg.finish_index if msg.HasField("finish_index") else 2**31 - 1
        for fill in self.fills:
            if start <= fill["ssboe"] <= finish:
                note = self._fill_msg(fill)
                note.is_snapshot = True
                await session.send(note)
        await self._respond(
            session, 3506, new("ResponseReplayExecutions", user_msg=msg.user_msg, rp_code=["0"])
        )

    # -- order events -------------------------------------------------------------------------

    def _order_msg(
        self, sim: SimOrder, notify_type: int, status: str, snapshot: bool = False
    ) -> Message:
        o = sim.order
        ssboe, usecs = _now_parts()
        note = new(
            "RithmicOrderNotification",
            notify_type=notify_type,
            status=status,
            basket_id=sim.basket_id,
            user_tag=sim.user_tag,
            symbol=o.symbol,
            exchange=sim.exchange,
            account_id=self.account_id,
            fcm_id=self.fcm_id,
            ib_id=self.ib_id,
            transaction_type=1 if o.side is Side.BUY else 2,
            quantity=o.qty,
            price_type=sim.price_type,
            duration=sim.duration,
            total_fill_size=sim.filled,
            total_unfilled_size=0 if sim.done else o.qty - sim.filled,
            sequence_number=str(next(self._seq)),
            trade_route="simulator",
            ssboe=ssboe,
            usecs=usecs,
            is_snapshot=snapshot,
        )
        if o.limit_price is not None:
            note.price = o.limit_price
        if o.stop_price is not None:
            note.trigger_price = o.stop_price
        if sim.filled:
            note.avg_fill_price = sim.avg_price
        if sim.completion_reason:
            note.completion_reason = sim.completion_reason
        if sim.original_basket_id:
            note.original_basket_id = sim.original_basket_id
            note.linked_basket_ids = sim.linked
            note.bracket_type = 3
        return note

    def _fill_msg(self, fill: dict[str, Any]) -> Message:
        sim = self.orders[fill["basket_id"]]
        note = new(
            "ExchangeOrderNotification",
            notify_type=5,
            status="complete" if sim.done else "open",
            basket_id=sim.basket_id,
            user_tag=sim.user_tag,
            symbol=sim.order.symbol,
            exchange=sim.exchange,
            account_id=self.account_id,
            fcm_id=self.fcm_id,
            ib_id=self.ib_id,
            transaction_type=1 if sim.order.side is Side.BUY else 2,
            quantity=sim.order.qty,
            price_type=sim.price_type,
            fill_price=fill["price"],
            fill_size=fill["qty"],
            fill_id=fill["fill_id"],
            fill_time=fill["time"],
            fill_date=fill["date"],
            total_fill_size=fill["total"],
            total_unfilled_size=fill["unfilled"],
            avg_fill_price=fill["avg"],
            ssboe=fill["ssboe"],
            usecs=fill["usecs"],
            source_ssboe=fill["ssboe"],
        )
        if sim.original_basket_id:
            note.original_basket_id = sim.original_basket_id
        return note

    async def _to_order_sessions(self, msg: Message) -> None:
        data = framing.encode(msg)
        for s in list(self.sessions):
            if s.order_updates and s.logged_in:
                await s.send(data)

    async def _notify(self, sim: SimOrder, notify_type: int, status: str) -> None:
        sim.status = status
        await self._to_order_sessions(self._order_msg(sim, notify_type, status))

    async def _exchange(self, sim: SimOrder, notify_type: int, text: str = "") -> None:
        ssboe, usecs = _now_parts()
        msg = new(
            "ExchangeOrderNotification",
            notify_type=notify_type,
            basket_id=sim.basket_id,
            user_tag=sim.user_tag,
            symbol=sim.order.symbol,
            exchange=sim.exchange,
            account_id=self.account_id,
            status=sim.status,
            ssboe=ssboe,
            usecs=usecs,
            transaction_type=1 if sim.order.side is Side.BUY else 2,
            quantity=sim.order.qty,
            total_fill_size=sim.filled,
            total_unfilled_size=0 if sim.done else sim.order.qty - sim.filled,
        )
        if text:
            msg.text = msg.report_text = text
        if notify_type == 3:
            msg.cancelled_size = sim.order.qty - sim.filled
        await self._to_order_sessions(msg)

    async def _reject(self, sim: SimOrder, text: str) -> None:
        sim.done, sim.completion_reason = True, "Reject"
        await self._exchange(sim, 6, text)
        await self._notify(sim, 15, "complete")

    async def on_trade(self, trade: Trade) -> None:
        events = self.matcher.on_trade(trade)
        if events:
            await self._apply(events)

    async def _apply(self, events: list[OrderUpdate | Fill]) -> None:
        for ev in events:
            sim = self.orders.get(ev.client_id)
            if sim is None:
                continue
            if isinstance(ev, Fill):
                await self._filled(sim, ev)
            elif ev.status is OrderStatus.ACCEPTED and sim.status != "open":
                await self._notify(sim, 13, "open")
            elif ev.status is OrderStatus.CANCELLED and not sim.done:
                sim.done, sim.completion_reason = True, "Cancel"
                await self._exchange(sim, 3)
                await self._notify(sim, 15, "complete")
            elif ev.status is OrderStatus.REJECTED and not sim.done:
                await self._reject(sim, ev.reason or "rejected")

    async def _filled(self, sim: SimOrder, fill: Fill) -> None:
        total = sim.filled + fill.qty
        sim.avg_price = (sim.avg_price * sim.filled + fill.price * fill.qty) / total
        sim.filled = total
        complete = total >= sim.order.qty
        if complete:
            sim.done, sim.completion_reason, sim.status = True, "Fill", "complete"
        ssboe, usecs = divmod(fill.ts // 1000, 1_000_000)
        record = {
            "basket_id": sim.basket_id,
            "fill_id": f"X{next(self._fill_ids)}",
            "price": fill.price,
            "qty": fill.qty,
            "total": total,
            "unfilled": sim.order.qty - total,
            "avg": sim.avg_price,
            "ssboe": int(ssboe),
            "usecs": int(usecs),
            "time": time.strftime("%H:%M:%S", time.gmtime(ssboe)),
            "date": time.strftime("%Y%m%d", time.gmtime(ssboe)),
            "side": sim.order.side,
            "symbol": sim.order.symbol,
            "user_tag": sim.user_tag,
        }
        self.fills.append(record)
        self._book(sim.order.symbol, sim.order.side, fill.qty, fill.price)
        await self._to_order_sessions(self._fill_msg(record))
        await self._notify(sim, 15 if complete else 13, "complete" if complete else "open")
        await self._pnl_update(sim.order.symbol)
        if complete:
            await self._after_fill(sim)

    async def _after_fill(self, sim: SimOrder) -> None:
        """Brackets: place the stop and target on entry fill; a child's fill cancels the other."""
        if sim.bracket is not None:
            stop_ticks, target_ticks = sim.bracket
            sim.bracket = None
            tick = self.product(root_of(sim.order.symbol))[1]
            sign = 1 if sim.order.side is Side.BUY else -1
            exit_side = sim.order.side.opposite
            stop = Order(
                f"{sim.basket_id}-S",
                "",
                sim.order.symbol,
                exit_side,
                sim.filled,
                OrderType.STOP,
                stop_price=round(sim.avg_price - sign * stop_ticks * tick, 10),
            )
            target = Order(
                f"{sim.basket_id}-T",
                "",
                sim.order.symbol,
                exit_side,
                sim.filled,
                OrderType.LIMIT,
                limit_price=round(sim.avg_price + sign * target_ticks * tick, 10),
            )
            legs = [
                (child, ptype, other)
                for child, ptype, other, ticks in (
                    (stop, 4, target, stop_ticks),
                    (target, 1, stop, target_ticks),
                )
                if ticks > 0
            ]
            for child, ptype, other in legs:
                self.orders[child.client_id] = SimOrder(
                    child.client_id,
                    child,
                    sim.exchange,
                    sim.user_tag,
                    ptype,
                    sim.duration,
                    original_basket_id=sim.basket_id,
                    linked=other.client_id if len(legs) == 2 else "",
                )
            for child, _, _ in legs:
                await self._notify(self.orders[child.client_id], 4, "open pending")
                await self._apply(self.matcher.submit(child, time.time_ns()))
        elif sim.linked:
            other = self.orders.get(sim.linked)
            if other is not None and not other.done:
                await self._notify(other, 6, "cancel pending")
                await self._apply(self.matcher.cancel(other.basket_id, time.time_ns()))

    # -- pnl plant -------------------------------------------------------------------------------

    def _book(self, symbol: str, side: Side, qty: int, price: float) -> None:
        pos = self.positions.setdefault(symbol, Position())
        signed = qty if side is Side.BUY else -qty
        point = self.product(root_of(symbol))[2]
        if side is Side.BUY:
            pos.buys += qty
        else:
            pos.sells += qty
        if pos.net == 0 or (pos.net > 0) == (signed > 0):
            pos.avg_open = (pos.avg_open * abs(pos.net) + price * qty) / (abs(pos.net) + qty)
            pos.net += signed
            return
        closing = min(qty, abs(pos.net))
        direction = 1 if pos.net > 0 else -1
        pos.closed_pnl += (price - pos.avg_open) * closing * direction * point
        pos.net += signed
        if pos.net == 0:
            pos.avg_open = 0.0
        elif (pos.net > 0) != (direction > 0):
            pos.avg_open = price

    def _pnl_msgs(self, snapshot: bool) -> list[Message]:
        ssboe, usecs = _now_parts()
        msgs: list[Message] = []
        total_closed = 0.0
        for symbol, pos in self.positions.items():
            exchange, _, point, _ = self.product(root_of(symbol))
            last = self.markets[symbol].last if symbol in self.markets else pos.avg_open
            open_pnl = (last - pos.avg_open) * pos.net * point if pos.net else 0.0
            total_closed += pos.closed_pnl
            msgs.append(
                new(
                    "InstrumentPnLPositionUpdate",
                    is_snapshot=snapshot,
                    symbol=symbol,
                    exchange=exchange,
                    product_code=root_of(symbol),
                    account_id=self.account_id,
                    fcm_id=self.fcm_id,
                    ib_id=self.ib_id,
                    fill_buy_qty=pos.buys,
                    fill_sell_qty=pos.sells,
                    buy_qty=max(pos.net, 0),
                    sell_qty=max(-pos.net, 0),
                    net_quantity=pos.net,
                    open_position_quantity=abs(pos.net),
                    avg_open_fill_price=pos.avg_open,
                    open_position_pnl=f"{open_pnl:.2f}",
                    closed_position_pnl=f"{pos.closed_pnl:.2f}",
                    day_pnl=open_pnl + pos.closed_pnl,
                    day_closed_pnl=pos.closed_pnl,
                    day_open_pnl=open_pnl,
                    ssboe=ssboe,
                    usecs=usecs,
                )
            )
        msgs.append(
            new(
                "AccountPnLPositionUpdate",
                is_snapshot=snapshot,
                account_id=self.account_id,
                fcm_id=self.fcm_id,
                ib_id=self.ib_id,
                net_quantity=sum(p.net for p in self.positions.values()),
                closed_position_pnl=f"{total_closed:.2f}",
                account_balance="100000.00",
                ssboe=ssboe,
                usecs=usecs,
            )
        )
        return msgs

    async def _pnl_update(self, symbol: str) -> None:
        subs = [s for s in self.sessions if s.pnl_updates and s.logged_in]
        if not subs:
            return
        frames = [framing.encode(m) for m in self._pnl_msgs(False)]
        for s in subs:
            for f in frames:
                await s.send(f)

    async def _pnl_subscribe(self, session: Session, msg: Message) -> None:
        session.pnl_updates = msg.request != 2
        await self._respond(
            session, 400, new("ResponsePnLPositionUpdates", user_msg=msg.user_msg, rp_code=["0"])
        )

    async def _pnl_snapshot(self, session: Session, msg: Message) -> None:
        for m in self._pnl_msgs(True):
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
        200: ("history", _time_bar_update),
        202: ("history", _time_bar_replay),
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


def _aggregate(bars: list[Bar], length: int) -> list[Bar]:
    out: list[Bar] = []
    for b in bars:
        start = b.ts - b.ts % length
        if out and out[-1].ts == start:
            last = out[-1]
            last.high, last.low = max(last.high, b.high), min(last.low, b.low)
            last.close, last.end = b.close, start + length
            last.volume += b.volume
        else:
            out.append(
                Bar(b.symbol, start, start + length, b.open, b.high, b.low, b.close, b.volume)
            )
    return out
