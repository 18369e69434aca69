"""A local TWS API server: the socket protocol of TWS / IB Gateway at server version 178.

It exists so that the real ib_async client can be run against something on 127.0.0.1:
handshake and startup sync, contract details for futures and ETFs, market data replayed
from bar files, historical bars, orders matched by the paper broker's engine, executions,
commission reports, positions and account values. Tests reach in through the control
methods (``push_trade``, ``drop``, ``connectivity_lost``, ``reject_next``, ...) to make the
market move and to inject the faults a real connection has.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from runner.api import NS, Bar
from runner_plugins.ib.catalog import Listing, match_listings, parse_listing, product
from runner_sims.account import Account as AccountView
from runner_sims.ib import messages as msg
from runner_sims.ib.market import Book, Market, bar_ticks
from runner_sims.ib.orders import OrderBook
from runner_sims.ib.pacing_fault import refused
from runner_sims.ib.records import Account, Position
from runner_sims.ib.wire import (
    Field,
    ProtocolError,
    as_int,
    frame,
    parse_ib_time,
    read_frame,
    read_handshake,
    split,
)

log = logging.getLogger(__name__)

MIN_VERSION = 157
MAX_VERSION = 178
CLIENT_ID_IN_USE = 326

_BAR_UNITS = {
    "sec": 1,
    "secs": 1,
    "min": 60,
    "mins": 60,
    "hour": 3600,
    "hours": 3600,
    "day": 86400,
    "days": 86400,
    "week": 604800,
    "weeks": 604800,
}
_DURATION_UNITS = {"S": 1, "D": 86400, "W": 604800, "M": 2_592_000, "Y": 31_536_000}


def parse_bar_size(text: str) -> int:
    """``"1 min"`` -> 60 s in ns; ``"5 mins"``, ``"1 hour"``, ``"1 day"``."""
    count, _, unit = text.strip().partition(" ")
    return int(count) * _BAR_UNITS[unit.strip().lower()] * NS


def parse_duration(text: str) -> int:
    """``"2 D"`` -> two days in ns (IB's duration strings: S, D, W, M, Y)."""
    count, _, unit = text.strip().partition(" ")
    return int(count) * _DURATION_UNITS[unit.strip().upper()] * NS


@dataclass(slots=True)
class _HistSub:
    root: str
    bar_ns: int
    daily: bool
    epoch: bool
    last: Bar | None = None


@dataclass(slots=True)
class Session:
    """One client connection."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    peer: str
    version: int = 0
    client_id: int | None = None
    ready: bool = False
    market: dict[int, str] = field(default_factory=dict)  # reqId -> root
    tick_by_tick: dict[int, tuple[str, str]] = field(default_factory=dict)  # reqId -> root, kind
    realtime: dict[int, str] = field(default_factory=dict)  # reqId -> root (5-second bars)
    history: dict[int, _HistSub] = field(default_factory=dict)
    account_updates: str = ""  # account subscribed through reqAccountUpdates
    positions: bool = False

    def send(self, fields: list[Field]) -> None:
        if not self.writer.is_closing():
            self.writer.write(frame(fields))


class TwsServer:
    """TWS on a socket. ``bars`` maps product roots (MCL, USO, GC ...) to 1-minute bars."""

    def __init__(
        self,
        bars: dict[str, list[Bar]] | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        accounts: tuple[str, ...] = ("DU1234567",),
        speed: float = 0.0,
        start: int | None = None,
        initial_cash: float = 1_000_000.0,
        clock: Callable[[], int] = time.time_ns,
    ) -> None:
        self.host = host
        self.port = port
        self.market = Market(bars, speed=speed, start=start, clock=clock)
        self.accounts = [Account(a, initial_cash) for a in accounts]
        self.book = OrderBook(self.accounts, self, self.market.now)
        self.sessions: list[Session] = []
        self.link_up = True  # False between a 1100 and its 1101/1102
        self._server: asyncio.base_events.Server | None = None
        self._replay: asyncio.Task[None] | None = None
        self._known: dict[int, Listing] = {}  # contract ids this TWS has handed out
        self.unlisted: set[str] = set()  # roots it lists no contract for (see ``unlist``)
        self._tasks: set[asyncio.Task] = set()
        self._drop_at_exec: set[int] = set()
        self._drop_after_order: set[int] = set()
        self.disconnects = 0  # client connections the server cut (drops, restarts)
        self._rt_bars: dict[str, Bar] = {}
        self._lose_exec: set[int] = set()
        self._losing_commission: set[int] = set()
        self.received: list[list[str]] = []  # every request, for tests that check the wire

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def from_data(
        cls, data: str | Path | None = None, roots: list[str] | None = None, **kwargs: Any
    ) -> TwsServer:
        """A server replaying the bar files of ``data`` (default: runner's bundled data)."""
        from runner_plugins.feeds.replay import load_bars

        bars: dict[str, list[Bar]] = {}
        for root in roots or _default_roots(data):
            source: str | Path = root
            if data is not None:
                from runner_plugins.feeds.symbols import find_file

                found = find_file(Path(data), root)
                if found is None:
                    continue
                source = found
            try:
                bars[root] = load_bars(source, symbol=root)
            except Exception as exc:  # a product without data still trades on pushed ticks
                log.info("no bars for %s: %s", root, exc)
        return cls(bars, **kwargs)

    async def start(self) -> tuple[str, int]:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        sock = self._server.sockets[0].getsockname()
        self.host, self.port = sock[0], sock[1]
        if self.market.speed > 0 and self.market.series:
            self._replay = asyncio.create_task(self._run_replay())
        return self.host, self.port

    async def stop(self) -> None:
        if self._replay is not None:
            self._replay.cancel()
        if self._server is not None:
            self._server.close()
        for s in list(self.sessions):
            s.writer.close()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=2.0)
        if self._server is not None:
            await self._server.wait_closed()

    async def __aenter__(self) -> TwsServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ control API
    def push_trade(self, symbol: str, price: float, size: float = 1.0) -> None:
        """A trade prints: subscribers get ticks, resting orders may fill."""
        root = _root(symbol)
        ts = self.market.now()
        book = self.market.book(root)
        book.last, book.last_size = price, size
        book.volume += size
        done = self._five_seconds(root, price, size, ts)
        if self.link_up:
            for s in self.sessions:
                self._send_trade(s, root, price, size, ts)
                if done is not None:
                    for req_id, r in s.realtime.items():
                        if r == root:
                            s.send(msg.realtime_bar(req_id, done))
        self.book.on_trade(root, price, size, ts)

    def _five_seconds(self, root: str, price: float, size: float, ts: int) -> Bar | None:
        """Fold a trade into its 5-second bar; returns the bar it completed, if any."""
        start = ts - ts % (5 * NS)
        cur = self._rt_bars.get(root)
        if cur is not None and cur.ts == start:
            cur.high, cur.low = max(cur.high, price), min(cur.low, price)
            cur.close = price
            cur.volume += size
            return None
        self._rt_bars[root] = Bar(root, start, start + 5 * NS, price, price, price, price, size)
        return cur

    def push_quote(
        self, symbol: str, bid: float, ask: float, bid_size: float = 1.0, ask_size: float = 1.0
    ) -> None:
        root = _root(symbol)
        ts = self.market.now()
        book = self.market.book(root)
        book.bid, book.ask, book.bid_size, book.ask_size = bid, ask, bid_size, ask_size
        if self.link_up:
            for s in self.sessions:
                self._send_quote(s, root, book, ts)

    def push_bar(self, bar: Bar) -> None:
        """Replay one bar as four trades with quotes one tick either side."""
        root = _root(bar.symbol)
        p = product(root)
        tick = p.min_tick if p is not None else 0.01
        size = max(1.0, round(bar.volume / 4))
        for price in bar_ticks(bar):
            self.push_quote(root, round(price - tick, 10), round(price + tick, 10), size, size)
            self.push_trade(root, price, size)
        for s in self.sessions:
            for req_id, sub in s.history.items():
                if sub.root == root and self.link_up:
                    s.send(msg.historical_update(req_id, bar, sub.daily, sub.epoch))

    def drop(self, client_id: int | None = None) -> int:
        """Close client sockets (all, or one client id's); returns how many were closed."""
        n = 0
        for s in list(self.sessions):
            if client_id is None or s.client_id == client_id:
                s.writer.close()
                self._forget(s)
                n += 1
        self.disconnects += n
        return n

    async def stop_listening(self) -> None:
        """TWS goes away: clients are dropped and new connections refused until
        :meth:`resume_listening` (on the same port)."""
        if self._server is not None:
            self._server.close()
            self.drop()
            await self._server.wait_closed()
            self._server = None

    async def resume_listening(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)

    async def restart(self) -> None:
        """TWS restarted on the same port: clients dropped, accounts and orders kept, and the
        contract ids it handed out forgotten, so a client asking market data by the old id
        gets error 200 (No security definition) until it qualifies the contract again."""
        await self.stop_listening()
        self.forget_contracts()
        await self.resume_listening()

    def forget_contracts(self) -> None:
        """The contract ids handed out so far are unknown from now on (error 200 when used)."""
        self._known.clear()

    def unlist(self, symbol: str) -> None:
        """From now on no contract of ``symbol``'s product is known (error 200 for every
        request about it): a contract that cannot be resolved again after a restart."""
        self.unlisted.add(_root(symbol))

    def send_error(
        self, code: int, text: str, client_id: int | None = None, req_id: int = -1
    ) -> None:
        for s in self.sessions:
            if s.ready and (client_id is None or s.client_id == client_id):
                s.send(msg.error(req_id, code, text))

    def connectivity_lost(self) -> None:
        """Error 1100: TWS lost its link to IB. Until restored, nothing reaches clients."""
        self.link_up = False
        self.send_error(1100, "Connectivity between IB and Trader Workstation has been lost.")

    def connectivity_restored(self, data_lost: bool = False) -> None:
        """Error 1101 (market data subscriptions lost) or 1102 (maintained)."""
        self.link_up = True
        if data_lost:
            for s in self.sessions:
                s.market.clear()
                s.tick_by_tick.clear()
            self.send_error(1101, "Connectivity between IB and TWS has been restored- data lost.")
        else:
            self.send_error(
                1102, "Connectivity between IB and TWS has been restored- data maintained."
            )

    def reject_next(self, symbol: str = "*", text: str = "rejected by the test server") -> None:
        """The next order for ``symbol`` (any symbol with "*") is rejected with error 201."""
        self.book.faults.reject[_root(symbol) if symbol != "*" else "*"] = text

    def partial_next(self, symbol: str, qty: float) -> None:
        """The next order for ``symbol`` finds only ``qty`` of liquidity; the rest rests
        unfilled until cancelled."""
        self.book.faults.partial[_root(symbol)] = qty

    def client_ids(self) -> list[int]:
        return [s.client_id for s in self.sessions if s.client_id is not None]

    # ------------------------------------------------------------------ outbox for the book
    def drop_at_next_execution(self, client_id: int) -> None:
        """Fault: the socket of ``client_id`` closes just as its next execution report
        would go out (the order status before it still arrives, the execution does not)."""
        self._drop_at_exec.add(client_id)

    def drop_after_next_order(self, client_id: int) -> None:
        """Fault: the next order ``client_id`` transmits (a bracket's last) reaches the book,
        then its socket closes before any answer (status, execution) goes out."""
        self._drop_after_order.add(client_id)

    def account(self, name: str | None = None) -> AccountView:
        """The account as TWS holds it: what a fault test compares the runner with."""
        return self.book.account(name)

    def lose_next_execution(self, client_id: int) -> None:
        """Fault: the next execution report of ``client_id`` (and its commission report)
        never goes out, while the connection stays up."""
        self._lose_exec.add(client_id)

    def to_client(self, client_id: int, fields: list[Field]) -> None:
        if not self.link_up and fields[0] != msg.ERR_MSG:
            return
        if fields[0] == msg.EXECUTION_DATA and client_id in self._lose_exec:
            self._lose_exec.discard(client_id)
            self._losing_commission.add(client_id)
            return
        if fields[0] == msg.COMMISSION_REPORT and client_id in self._losing_commission:
            self._losing_commission.discard(client_id)
            return
        if fields[0] == msg.EXECUTION_DATA and client_id in self._drop_at_exec:
            self._drop_at_exec.discard(client_id)
            self.drop(client_id)
            return
        for s in self.sessions:
            if s.ready and s.client_id == client_id:
                s.send(fields)

    def position_changed(self, account: Account, pos: Position) -> None:
        if not self.link_up:
            return
        mult = pos.multiplier
        for s in self.sessions:
            if not s.ready:
                continue
            if s.positions:
                s.send(msg.position(account.name, pos.listing, pos.qty, pos.avg_price * mult))
            if s.account_updates == account.name:
                self._send_account(s, account)

    # ------------------------------------------------------------------ connection
    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host, port = writer.get_extra_info("peername")[:2]
        peer = f"{host}:{port}"
        session = Session(reader, writer, peer)
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        try:
            lo, hi, _options = await read_handshake(reader)
            version = min(MAX_VERSION, hi)
            if version < MIN_VERSION or lo > MAX_VERSION:
                log.warning(
                    "%s offers API versions %d..%d; this server speaks %d..%d: refused",
                    peer,
                    lo,
                    hi,
                    MIN_VERSION,
                    MAX_VERSION,
                )
                return
            session.version = version
            self.sessions.append(session)
            now = datetime.fromtimestamp(self.market.now() / NS, tz=UTC)
            session.send([version, now.strftime("%Y%m%d %H:%M:%S UTC")])
            while True:
                fields = split(await read_frame(reader))
                if not fields:
                    continue
                self.received.append(fields)
                if not self._dispatch(session, fields):
                    return
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        except ProtocolError as exc:
            log.warning("%s: %s", peer, exc)
        finally:
            self._forget(session)
            writer.close()

    def _forget(self, session: Session) -> None:
        if session in self.sessions:
            self.sessions.remove(session)

    def _dispatch(self, s: Session, f: list[str]) -> bool:
        """Handle one request; False closes the connection."""
        try:
            msg_id = int(f[0])
        except ValueError:
            log.warning("%s: message id %r is not a number", s.peer, f[0])
            return True
        if msg_id == 71:
            return self._start_api(s, f)
        if not s.ready:
            log.warning("%s: request %d before startApi ignored", s.peer, msg_id)
            return True
        handler = self._handlers.get(msg_id)
        if handler is None:
            log.info("%s: request %d not simulated, ignored", s.peer, msg_id)
            return True
        try:
            handler(self, s, f)
        except (IndexError, ValueError, KeyError) as exc:
            log.warning("%s: malformed request %s: %s", s.peer, f[:3], exc)
            req_id = as_int(f[2]) if len(f) > 2 and f[2].lstrip("-").isdigit() else -1
            s.send(msg.error(req_id, 321, f"Error validating request: {exc}"))
        return True

    def _start_api(self, s: Session, f: list[str]) -> bool:
        client_id = as_int(f[2])
        if client_id in self.client_ids():
            s.send(
                msg.error(
                    -1,
                    CLIENT_ID_IN_USE,
                    "Unable to connect as the client id is "
                    "already in use. Retry with a unique client id.",
                )
            )
            log.warning("%s: client id %d already in use; connection closed", s.peer, client_id)
            return False
        s.client_id = client_id
        s.ready = True
        s.send([msg.MANAGED_ACCTS, 1, ",".join(a.name for a in self.accounts)])
        s.send([msg.NEXT_VALID_ID, 1, self.book.next_order_id(client_id)])
        s.send(msg.error(-1, 2104, "Market data farm connection is OK:usfarm"))
        s.send(msg.error(-1, 2106, "HMDS data farm connection is OK:ushmds"))
        return True

    # ------------------------------------------------------------------ contracts
    def _today(self) -> date:
        return datetime.fromtimestamp(self.market.now() / NS, tz=UTC).date()

    def resolve(self, c: dict[str, str]) -> list[Listing]:
        """Listings matching a request's contract block, as TWS would qualify it."""
        con_id = as_int(c.get("conId", ""))
        if con_id:
            listing = self._known.get(con_id)
            if listing is None or listing.product.root in self.unlisted:
                return []
            return [listing]
        found = [
            listing
            for listing in match_listings(c, self._today())
            if listing.product.root not in self.unlisted
        ]
        for listing in found:
            self._known[listing.con_id] = listing
        return found

    def _one(self, s: Session, req_id: int, c: dict[str, str]) -> Listing | None:
        found = self.resolve(c)
        if len(found) != 1:
            s.send(
                msg.error(
                    req_id,
                    200,
                    "No security definition has been found for the request"
                    if not found
                    else "The contract description specified is ambiguous",
                )
            )
            return None
        return found[0]

    def _contract_details(self, s: Session, f: list[str]) -> None:
        req_id = as_int(f[2])
        found = self.resolve(msg.parse_contract(f, 3))
        if not found:
            s.send(msg.error(req_id, 200, "No security definition has been found for the request"))
            return
        for listing in found:
            s.send(msg.contract_data(req_id, listing))
        s.send([msg.CONTRACT_DATA_END, 1, req_id])

    # ------------------------------------------------------------------ market data
    def _market_data(self, s: Session, f: list[str]) -> None:
        req_id = as_int(f[2])
        listing = self._one(s, req_id, msg.parse_contract(f, 3))
        if listing is None:
            return
        snapshot = f[17] == "1" if len(f) > 17 else False
        root = listing.product.root
        s.send([msg.MARKET_DATA_TYPE, 1, req_id, 1])
        book = self.market.book(root)
        if book.bid is not None and book.ask is not None:
            s.send(msg.tick_price(req_id, msg.BID, book.bid, book.bid_size))
            s.send(msg.tick_price(req_id, msg.ASK, book.ask, book.ask_size))
        if book.last is not None:
            s.send(msg.tick_price(req_id, msg.LAST, book.last, book.last_size))
        if snapshot:
            s.send([msg.TICK_SNAPSHOT_END, 1, req_id])
        else:
            s.market[req_id] = root

    def _tick_by_tick(self, s: Session, f: list[str]) -> None:
        req_id = as_int(f[1])
        listing = self._one(s, req_id, msg.parse_contract(f, 2))
        if listing is not None:
            s.tick_by_tick[req_id] = (listing.product.root, f[14])

    def _send_trade(self, s: Session, root: str, price: float, size: float, ts: int) -> None:
        for req_id, r in s.market.items():
            if r == root:
                s.send(msg.tick_price(req_id, msg.LAST, price, size))
                s.send(msg.tick_size(req_id, msg.VOLUME, self.market.book(root).volume))
        for req_id, (r, kind) in s.tick_by_tick.items():
            if r == root and kind in ("Last", "AllLast"):
                s.send(msg.tick_by_tick_last(req_id, 1 if kind == "Last" else 2, ts, price, size))

    def _send_quote(self, s: Session, root: str, book: Book, ts: int) -> None:
        bid, ask = book.bid, book.ask
        if bid is None or ask is None:  # never: push_quote sets both first
            return
        for req_id, r in s.market.items():
            if r == root:
                s.send(msg.tick_price(req_id, msg.BID, bid, book.bid_size))
                s.send(msg.tick_price(req_id, msg.ASK, ask, book.ask_size))
        for req_id, (r, kind) in s.tick_by_tick.items():
            if r == root and kind == "BidAsk":
                s.send(msg.tick_by_tick_bid_ask(req_id, ts, bid, ask, book.bid_size, book.ask_size))

    def _historical(self, s: Session, f: list[str]) -> None:
        req_id = as_int(f[1])
        listing = self._one(s, req_id, msg.parse_contract(f, 2))
        if listing is None or refused(self, s, req_id, listing.symbol, f):  # pacing fault
            return
        end = parse_ib_time(f[15]) or self.market.now()
        bar_ns = parse_bar_size(f[16])
        duration = parse_duration(f[17])
        daily = bar_ns >= 86400 * NS
        epoch = f[20] == "2"
        root = listing.product.root
        bars = self.market.history(root, end, duration, bar_ns, listing.symbol)
        s.send(msg.historical_data(req_id, bars, end - duration, end, daily, epoch))
        if len(f) > 21 and f[21] == "1":
            s.history[req_id] = _HistSub(root, bar_ns, daily, epoch)

    async def _run_replay(self) -> None:
        while True:
            for _root_name, bar in self.market.due():
                self.push_bar(bar)
            wait = self.market.next_due_in()
            if wait is None:
                return
            await asyncio.sleep(min(max(wait, 0.001), 1.0))

    # ------------------------------------------------------------------ orders
    def _place_order(self, s: Session, f: list[str]) -> None:
        placed = msg.parse_place_order(f)
        listing = self.resolve(msg.parse_contract(f, 2))
        assert s.client_id is not None
        existing = self.book.orders.get((s.client_id, placed.order_id))
        if existing is not None:
            self.book.place(s.client_id, existing.listing, placed)
            return
        if len(listing) != 1:
            s.send(
                msg.error(
                    placed.order_id, 200, "No security definition has been found for the request"
                )
            )
            return
        if placed.transmit and s.client_id in self._drop_after_order:
            self._drop_after_order.discard(s.client_id)
            self.drop(s.client_id)  # the order got in; nothing about it gets out
        self.book.place(s.client_id, listing[0], placed)

    def _cancel_order(self, s: Session, f: list[str]) -> None:
        assert s.client_id is not None
        self.book.cancel(s.client_id, as_int(f[2]))

    def _open_orders(self, s: Session, f: list[str]) -> None:
        scope = s.client_id if int(f[0]) == 5 else None
        for order in self.book.open_orders(scope):
            s.send(msg.open_order(order))
            s.send(msg.order_status(order))
        s.send([msg.OPEN_ORDER_END, 1])

    def _executions(self, s: Session, f: list[str]) -> None:
        req_id = as_int(f[2])
        client = as_int(f[3])
        account, since, symbol = f[4], parse_ib_time(f[5]), f[6].upper()
        sec_type, side = f[7].upper(), f[9].upper()
        for ex in self.book.executions:
            o = ex.order
            p = o.listing.product
            if client and o.client_id != client:
                continue
            if account and o.placed.account != account:
                continue
            if since is not None and ex.ts < since:
                continue
            if symbol and symbol not in (p.ib_symbol, p.root):
                continue
            if sec_type and sec_type != p.sec_type:
                continue
            if side and side[:1] != ("B" if o.placed.action == "BUY" else "S"):
                continue
            s.send(msg.execution(req_id, ex, o.placed.account))
            s.send(msg.commission_report(ex, p.currency))
        s.send([msg.EXECUTION_DATA_END, 1, req_id])

    def _global_cancel(self, s: Session, f: list[str]) -> None:
        self.book.cancel_all()

    def _req_ids(self, s: Session, f: list[str]) -> None:
        assert s.client_id is not None
        s.send([msg.NEXT_VALID_ID, 1, self.book.next_order_id(s.client_id)])

    # ------------------------------------------------------------------ account
    def _account(self, name: str) -> Account | None:
        return next((a for a in self.accounts if a.name == name), None)

    def _send_account(self, s: Session, a: Account) -> None:
        for fields in msg.account_update(a):
            s.send(fields)

    def _account_updates(self, s: Session, f: list[str]) -> None:
        subscribe = f[2] == "1"
        a = self._account(f[3] or self.accounts[0].name)
        if not subscribe or a is None:
            s.account_updates = ""
            return
        s.account_updates = a.name
        self._send_account(s, a)
        s.send([msg.ACCT_DOWNLOAD_END, 1, a.name])

    def _account_updates_multi(self, s: Session, f: list[str]) -> None:
        req_id = as_int(f[2])
        a = self._account(f[3])
        if a is not None:
            for key, value, currency in a.values():
                s.send([msg.ACCOUNT_UPDATE_MULTI, 1, req_id, a.name, "", key, value, currency])
        s.send([msg.ACCOUNT_UPDATE_MULTI_END, 1, req_id])

    def _account_summary(self, s: Session, f: list[str]) -> None:
        req_id = as_int(f[2])
        tags = {t for t in f[4].split(",") if t}
        for a in self.accounts:
            for key, value, currency in a.values():
                if not tags or key in tags:
                    s.send([msg.ACCOUNT_SUMMARY, 1, req_id, a.name, key, value, currency])
        s.send([msg.ACCOUNT_SUMMARY_END, 1, req_id])

    def _positions(self, s: Session, f: list[str]) -> None:
        s.positions = True
        for a in self.accounts:
            for pos in a.positions.values():
                s.send(msg.position(a.name, pos.listing, pos.qty, pos.avg_price * pos.multiplier))
        s.send([msg.POSITION_END, 1])

    def _cancel_positions(self, s: Session, f: list[str]) -> None:
        s.positions = False

    def _current_time(self, s: Session, f: list[str]) -> None:
        s.send([msg.CURRENT_TIME, 1, self.market.now() // NS])

    def _completed_orders(self, s: Session, f: list[str]) -> None:
        s.send([msg.COMPLETED_ORDERS_END])

    def _cancel_market_data(self, s: Session, f: list[str]) -> None:
        s.market.pop(as_int(f[2]), None)

    def _realtime_bars(self, s: Session, f: list[str]) -> None:
        req_id = as_int(f[2])
        listing = self._one(s, req_id, msg.parse_contract(f, 3))
        if listing is not None:
            s.realtime[req_id] = listing.product.root

    def _cancel_realtime_bars(self, s: Session, f: list[str]) -> None:
        s.realtime.pop(as_int(f[2]), None)

    def _cancel_tick_by_tick(self, s: Session, f: list[str]) -> None:
        s.tick_by_tick.pop(as_int(f[1]), None)

    def _cancel_historical(self, s: Session, f: list[str]) -> None:
        s.history.pop(as_int(f[2]), None)

    def _ignore(self, s: Session, f: list[str]) -> None:
        return None

    _handlers: dict[int, Callable[[TwsServer, Session, list[str]], None]] = {
        1: _market_data,
        2: _cancel_market_data,
        3: _place_order,
        4: _cancel_order,
        5: _open_orders,
        6: _account_updates,
        7: _executions,
        8: _req_ids,
        9: _contract_details,
        15: _ignore,  # reqAutoOpenOrders
        16: _open_orders,
        20: _historical,
        25: _cancel_historical,
        49: _current_time,
        50: _realtime_bars,
        51: _cancel_realtime_bars,
        58: _global_cancel,
        59: _ignore,  # reqMarketDataType
        61: _positions,
        62: _account_summary,
        63: _ignore,  # cancelAccountSummary
        64: _cancel_positions,
        76: _account_updates_multi,
        97: _tick_by_tick,
        98: _cancel_tick_by_tick,
        99: _completed_orders,
    }


def _root(symbol: str) -> str:
    """Product root of a symbol the control API is given (MCL, MCLZ3, USO)."""
    listing = parse_listing(symbol)  # only the root is used: the decade does not matter
    if listing is not None:
        return listing.product.root
    return symbol.strip().upper()


def _default_roots(data: str | Path | None) -> list[str]:
    from runner_plugins.ib.catalog import products

    return [p.root for p in products()]
