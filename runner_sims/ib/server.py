"""A local TWS API server: the socket protocol of TWS / IB Gateway, versions 157 to 178.

It exists so that the real client libraries (ib_async, ib_insync) can be run against
something on 127.0.0.1: handshake and startup sync, contract details for futures, ETFs
and indices, market data replayed from bar files, historical bars, orders matched by the
paper broker's engine, executions, commission reports, positions and account values, each
message in the layout of the version the client negotiated. Tests reach in through the
control methods (``push_trade``, ``drop``, ``connectivity_lost``, ``reject_next``, ...)
to make the market move and to inject the faults a real connection has.

This module holds the server's life cycle and its control API; the connection loop is in
``session``, request handling in ``dispatch`` and the ``requests_*`` modules.
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
from runner_plugins.ib.catalog import Listing, parse_listing, product
from runner_sims.account import Account as AccountView
from runner_sims.ib import messages as msg
from runner_sims.ib import state as state_file
from runner_sims.ib.directory import Directory
from runner_sims.ib.dispatch import dispatch
from runner_sims.ib.market import Market, bar_ticks
from runner_sims.ib.orders import Build, OrderBook
from runner_sims.ib.records import Account, Position
from runner_sims.ib.requests_account import send_account
from runner_sims.ib.requests_market import parse_bar_size, parse_duration, send_quote, send_trade
from runner_sims.ib.session import CLIENT_ID_IN_USE, Session, serve
from runner_sims.ib.versions import MAX_VERSION, MIN_VERSION

log = logging.getLogger(__name__)

__all__ = [
    "CLIENT_ID_IN_USE",
    "MAX_VERSION",
    "MIN_VERSION",
    "Session",
    "TwsServer",
    "parse_bar_size",
    "parse_duration",
]


@dataclass(slots=True)
class ConnectionFaults:
    """One-shot faults on client connections, armed by tests (by client id)."""

    drop_at_exec: set[int] = field(default_factory=set)
    drop_after_order: set[int] = field(default_factory=set)
    lose_exec: set[int] = field(default_factory=set)
    losing_commission: set[int] = field(default_factory=set)


class TwsServer:
    """TWS on a socket. ``bars`` maps product roots (MCL, USO, GC ...) to 1-minute bars.

    With ``state`` the account (positions, orders, executions, id counters) is read from
    that file at start when it exists and written back after every change."""

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
        state: str | Path | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.market = Market(bars, speed=speed, start=start, clock=clock)
        self._account_names = accounts
        self._initial_cash = initial_cash
        self.book = self._new_book()
        self.state_path = Path(state) if state is not None else None
        self._saved_revision = -1
        if self.state_path is not None and state_file.load(self.state_path, self.book):
            log.info("account state read from %s", self.state_path)
        self._saved_revision = self.book.revision
        self.directory = Directory(self._today)
        self.sessions: list[Session] = []
        self.link_up = True  # False between a 1100 and its 1101/1102
        self.faults = ConnectionFaults()
        self.disconnects = 0  # client connections the server cut (drops, restarts)
        self.received: list[list[str]] = []  # every request, for tests that check the wire
        self._server: asyncio.base_events.Server | None = None
        self._replay: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._rt_bars: dict[str, Bar] = {}

    def _new_book(self) -> OrderBook:
        accounts = [Account(a, self._initial_cash) for a in self._account_names]
        return OrderBook(accounts, self, self.market.now)

    @property
    def accounts(self) -> list[Account]:
        return list(self.book.accounts.values())

    @property
    def unlisted(self) -> set[str]:
        """Roots no contract is listed for (see :meth:`unlist`)."""
        return self.directory.unlisted

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def from_data(
        cls, data: str | Path | None = None, roots: list[str] | None = None, **kwargs: Any
    ) -> TwsServer:
        """A server replaying the bar files of ``data`` (default: runner's bundled data) for
        ``roots`` (default: every product IB is asked for by runner, VIX to ZN)."""
        from runner_plugins.feeds.replay import load_bars

        bars: dict[str, list[Bar]] = {}
        for root in roots or default_roots():
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
        self.changed()

    async def __aenter__(self) -> TwsServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        await serve(self, reader, writer, dispatch)

    def forget_session(self, session: Session) -> None:
        if session in self.sessions:
            self.sessions.remove(session)

    def changed(self) -> None:
        """Write the state file if the account changed since it was last written."""
        if self.state_path is None or self.book.revision == self._saved_revision:
            return
        state_file.save(self.state_path, self.book)
        self._saved_revision = self.book.revision

    def _today(self) -> date:
        return datetime.fromtimestamp(self.market.now() / NS, tz=UTC).date()

    def resolve(self, c: dict[str, str]) -> list[Listing]:
        """Listings matching a request's contract block, as TWS would qualify it."""
        return self.directory.resolve(c)

    # ------------------------------------------------------------------ control API: market
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
                send_trade(self, s, root, price, size, ts)
                if done is not None:
                    for req_id, r in s.realtime.items():
                        if r == root:
                            s.send(msg.realtime_bar(req_id, done))
        self.book.on_trade(root, price, size, ts)
        self.changed()

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
                send_quote(s, root, book, ts)

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

    async def _run_replay(self) -> None:
        while True:
            for _root_name, bar in self.market.due():
                self.push_bar(bar)
            wait = self.market.next_due_in()
            if wait is None:
                return
            await asyncio.sleep(min(max(wait, 0.001), 1.0))

    # ------------------------------------------------------------------ control API: faults
    def drop(self, client_id: int | None = None) -> int:
        """Close client sockets (all, or one client id's); returns how many were closed."""
        n = 0
        for s in list(self.sessions):
            if client_id is None or s.client_id == client_id:
                s.writer.close()
                self.forget_session(s)
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

    async def restart(self, lose_state: bool = False, lose_contracts: bool = False) -> None:
        """TWS restarted on the same port: clients dropped; the account, its orders and
        executions kept (as a real restart keeps them) and contract ids still valid.
        Faults: ``lose_state``, a TWS that came back with nothing (a fresh account, no
        orders, ids counted from the start again); ``lose_contracts``, one that does not
        know the contract ids it handed out until they are qualified again."""
        await self.stop_listening()
        if lose_state:
            self.lose_everything()
        if lose_contracts:
            self.forget_contracts()
        await self.resume_listening()

    def lose_everything(self) -> None:
        """Fault: the account, its orders, executions and id counters are gone."""
        self.book = self._new_book()
        self._saved_revision = -1
        self.changed()

    def forget_contracts(self) -> None:
        """Fault: the contract ids handed out so far are unknown (error 200 when used)
        until their contracts are qualified again."""
        self.directory.forget()

    def unlist(self, symbol: str) -> None:
        """From now on no contract of ``symbol``'s product is known (error 200 for every
        request about it): a contract that cannot be resolved again after a restart."""
        self.directory.unlisted.add(_root(symbol))

    def send_error(
        self, code: int, text: str, client_id: int | None = None, req_id: int = -1
    ) -> None:
        for s in self.sessions:
            if s.ready and (client_id is None or s.client_id == client_id):
                s.error(req_id, code, text)

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

    def drop_at_next_execution(self, client_id: int) -> None:
        """Fault: the socket of ``client_id`` closes just as its next execution report
        would go out (the order status before it still arrives, the execution does not)."""
        self.faults.drop_at_exec.add(client_id)

    def drop_after_next_order(self, client_id: int) -> None:
        """Fault: the next order ``client_id`` transmits (a bracket's last) reaches the book,
        then its socket closes before any answer (status, execution) goes out."""
        self.faults.drop_after_order.add(client_id)

    def lose_next_execution(self, client_id: int) -> None:
        """Fault: the next execution report of ``client_id`` (and its commission report)
        never goes out, while the connection stays up."""
        self.faults.lose_exec.add(client_id)

    def account(self, name: str | None = None) -> AccountView:
        """The account as TWS holds it: what a fault test compares the runner with."""
        return self.book.account(name)

    # ------------------------------------------------------------------ outbox of the book
    def to_client(self, client_id: int, build: Build) -> None:
        """Send a message of the order book to every connection of ``client_id``, each in
        its own version; the connection faults armed for that client act here."""
        faults = self.faults
        targets = [s for s in self.sessions if s.ready and s.client_id == client_id]
        version = targets[0].version if targets else MAX_VERSION
        fields = build(version)
        if not self.link_up and fields[0] != msg.ERR_MSG:
            return
        if fields[0] == msg.EXECUTION_DATA and client_id in faults.lose_exec:
            faults.lose_exec.discard(client_id)
            faults.losing_commission.add(client_id)
            return
        if fields[0] == msg.COMMISSION_REPORT and client_id in faults.losing_commission:
            faults.losing_commission.discard(client_id)
            return
        if fields[0] == msg.EXECUTION_DATA and client_id in faults.drop_at_exec:
            faults.drop_at_exec.discard(client_id)
            self.drop(client_id)
            return
        for s in targets:
            s.send(fields if s.version == version else build(s.version))

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
                send_account(s, account)


def _root(symbol: str) -> str:
    """Product root of a symbol the control API is given (MCL, MCLZ3, USO)."""
    listing = parse_listing(symbol)  # only the root is used: the decade does not matter
    if listing is not None:
        return listing.product.root
    return symbol.strip().upper()


def default_roots() -> list[str]:
    """Every product runner can name on IB: futures, ETFs and read-only indices (VIX)."""
    from runner_plugins.ib.catalog import products

    return [p.root for p in products()]
