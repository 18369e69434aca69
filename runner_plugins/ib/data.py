"""The ``ib`` feed: live trades and quotes from TWS / IB Gateway, history for warm-up.

Ticks come from ``reqMktData``: each last-price tick becomes a :class:`Trade`, each change
of the best bid or ask a :class:`Quote`. IB stamps no exchange time on these ticks, so the
receive time is used. After a reconnect, or when TWS reports that its market data was
lost (1101), every symbol is subscribed again.

A restarted TWS may no longer know the contract ids this feed qualified before (error 200,
"No security definition", for a subscription by the old id). So after a new socket every
contract is resolved afresh (a bare root picks its front month again), and a subscription
refused with error 200 is resolved once more and retried. A symbol that still cannot be
subscribed is reported lost (``disconnected``, channel = the symbol, with TWS's words) so
the bots reading it send no entries; it is reported ``resubscribed`` when it comes back.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from datetime import UTC, datetime
from typing import Any, ClassVar

from runner.api import NS, Bar, ConnectionState, Quote, RunnerError, Trade
from runner.api.base import Params
from runner.api.feed import Feed
from runner_plugins.ib.bars import bar_of, bar_ts
from runner_plugins.ib.client import (
    IBConnectionError,
    IBSession,
    resolve_profile,
)
from runner_plugins.ib.config import IBFeedParams
from runner_plugins.ib.contracts import ContractBook

log = logging.getLogger(__name__)

NO_SECURITY_DEFINITION = 200
_LAST_TICKS = frozenset({4, 68})
_QUOTE_TICKS = frozenset({0, 1, 2, 3, 66, 67, 69, 70})
_BAR_SIZES = {
    1: "1 secs",
    5: "5 secs",
    10: "10 secs",
    15: "15 secs",
    30: "30 secs",
    60: "1 min",
    120: "2 mins",
    180: "3 mins",
    300: "5 mins",
    600: "10 mins",
    900: "15 mins",
    1200: "20 mins",
    1800: "30 mins",
    3600: "1 hour",
    7200: "2 hours",
    14400: "4 hours",
    86400: "1 day",
}


class IBFeed(Feed[IBFeedParams]):
    """Interactive Brokers market data through TWS or IB Gateway (ib_async or ib_insync)."""

    name: ClassVar[str] = "ib"
    connection_kind = "ib"
    Params: ClassVar[type[Params]] = IBFeedParams

    def __init__(self, params: IBFeedParams, connection: Any = None) -> None:
        super().__init__(params, connection)
        self.profile = resolve_profile(params, connection)
        self.session: IBSession | None = None
        self.contracts: ContractBook | None = None
        self.symbols: list[str] = []
        self._tickers: dict[int, tuple[str, Any]] = {}  # id(ticker) -> symbol, ticker
        self._quotes: dict[str, tuple[float, float, float, float]] = {}
        self.lost: dict[str, str] = {}  # symbol: why it could not be subscribed again
        self._resolved_again: set[str] = set()  # refused once since its last tick
        self._tasks: set[asyncio.Task[None]] = set()

    async def connect(self) -> None:
        session = IBSession.acquire(self.profile)
        session.watchers.append(self._session_status)
        try:
            await session.connect()
        except IBConnectionError:
            session.watchers.remove(self._session_status)
            await session.release()
            raise
        self.session = session
        self.contracts = ContractBook(session.ib, session.lib, self.params.exchanges)
        session.ib.pendingTickersEvent += self._on_tickers
        session.ib.errorEvent += self._on_error
        session.add_listener(self._on_session)

    async def close(self) -> None:
        if self.session is None:
            return
        ibc = self.session.ib
        ibc.pendingTickersEvent -= self._on_tickers
        ibc.errorEvent -= self._on_error
        self.session.remove_listener(self._on_session)
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._session_status in self.session.watchers:
            self.session.watchers.remove(self._session_status)
        if ibc.isConnected():
            for _symbol, ticker in self._tickers.values():
                ibc.cancelMktData(ticker.contract)
        self._tickers.clear()
        await self.session.release()
        self.session = None

    def _need(self) -> tuple[Any, ContractBook]:
        if self.session is None or self.contracts is None:
            raise IBConnectionError("the ib feed is not connected (call connect() first)")
        return self.session.ib, self.contracts

    # ------------------------------------------------------------------ streaming
    async def subscribe(self, symbols: list[str]) -> None:
        for symbol in symbols:
            if symbol not in self.symbols:
                self.symbols.append(symbol)
        await self._subscribe(symbols)

    async def _subscribe(self, symbols: list[str]) -> None:
        _, contracts = self._need()
        live = {s for s, _ in self._tickers.values()}
        for symbol in symbols:
            if symbol in live:
                continue
            self._request(symbol, await contracts.qualify(symbol))

    def _request(self, symbol: str, contract: Any) -> None:
        ibc, _ = self._need()
        ticker = ibc.reqMktData(contract, "", False, False)
        self._tickers[id(ticker)] = (symbol, ticker)

    async def _on_session(self, kind: str) -> None:
        if kind == "restored":
            return  # 1102: TWS kept the subscriptions
        self._tickers.clear()
        self._quotes.clear()
        self._resolved_again.clear()
        if kind == "reconnected" and self.session is not None:
            # a new socket may face a restarted TWS: its contract ids are asked again
            self.contracts = ContractBook(self.session.ib, self.session.lib, self.params.exchanges)
        subscribed = []
        for symbol in list(self.symbols):
            try:
                await self._subscribe([symbol])
            except RunnerError as exc:
                self._lose(symbol, str(exc))
                continue
            subscribed.append(symbol)
        log.info("ib feed: %d symbols subscribed again after %s", len(subscribed), kind)
        if subscribed:
            self.report(ConnectionState.RESUBSCRIBED, str(self.profile.client_id))
        for symbol in subscribed:
            self._found(symbol)

    def _on_error(self, req_id: int, code: int, text: str, contract: Any = None) -> None:
        """Error 200 for one of this feed's subscriptions: its contract is resolved again."""
        if code != NO_SECURITY_DEFINITION or contract is None:
            return
        for key, (symbol, ticker) in list(self._tickers.items()):
            if ticker.contract is contract or (
                contract.conId and ticker.contract.conId == contract.conId
            ):
                del self._tickers[key]
                task = asyncio.get_running_loop().create_task(self._resolve_again(symbol, text))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def _resolve_again(self, symbol: str, reason: str) -> None:
        if symbol in self._resolved_again:  # refused again after a fresh resolution
            self._lose(symbol, f"{reason} ({NO_SECURITY_DEFINITION}), after resolving it again")
            return
        self._resolved_again.add(symbol)
        ibc, current = self._need()
        fresh = ContractBook(ibc, current.lib, self.params.exchanges)
        try:
            contract = await fresh.qualify(symbol)
        except RunnerError as exc:
            self._lose(symbol, f"{reason} ({NO_SECURITY_DEFINITION}); resolving it again: {exc}")
            return
        self.contracts = fresh
        log.info("ib feed: %s resolved again (contract id %s)", symbol, contract.conId)
        self._request(symbol, contract)

    def _lose(self, symbol: str, reason: str) -> None:
        log.warning("ib feed: %s cannot be subscribed: %s", symbol, reason)
        if symbol not in self.lost:
            self.lost[symbol] = reason
            self.report(ConnectionState.DISCONNECTED, symbol, reason)

    def _found(self, symbol: str) -> None:
        if self.lost.pop(symbol, None) is not None:
            self.report(ConnectionState.RESUBSCRIBED, symbol)

    def _session_status(self, state: ConnectionState, reason: str) -> None:
        self.report(state, str(self.profile.client_id), reason)

    def _on_tickers(self, tickers: set[Any]) -> None:
        now = time.time_ns()
        for ticker in tickers:
            entry = self._tickers.get(id(ticker))
            if entry is None:
                continue
            symbol = entry[0]
            if symbol in self._resolved_again:  # data flows: the resolution worked
                self._resolved_again.discard(symbol)
                self._found(symbol)
            quoted = False
            for tick in ticker.ticks:
                if tick.tickType in _LAST_TICKS and _valid(tick.price):
                    size = tick.size if _valid(tick.size) else 0
                    self.sink(Trade(symbol, now, float(tick.price), int(size)))
                elif tick.tickType in _QUOTE_TICKS:
                    quoted = True
            if quoted:
                self._quote(symbol, ticker, now)

    def _quote(self, symbol: str, ticker: Any, now: int) -> None:
        bid, ask = ticker.bid, ticker.ask
        if not (_valid(bid) and _valid(ask)):
            return
        key = (float(bid), float(ask), float(ticker.bidSize or 0), float(ticker.askSize or 0))
        if self._quotes.get(symbol) == key:
            return
        self._quotes[symbol] = key
        self.sink(Quote(symbol, now, key[0], key[1], int(key[2]), int(key[3])))

    # ------------------------------------------------------------------ history
    async def history(self, symbol: str, bar_seconds: int, start: int, end: int) -> list[Bar]:
        """Bars of ``bar_seconds`` with ``start <= ts`` and ``end`` at or before ``end``.

        Long spans are asked for in pieces (a day of intraday bars per request, a month of
        hourly ones), the most TWS answers for those bar sizes in one request."""
        ibc, contracts = self._need()
        size = _BAR_SIZES.get(bar_seconds)
        if size is None:
            raise ValueError(
                f"IB has no {bar_seconds}-second bars; use one of "
                f"{', '.join(str(s) for s in _BAR_SIZES)}"
            )
        contract = await contracts.qualify(symbol)
        piece = _max_span(bar_seconds)
        length = bar_seconds * NS
        found: dict[int, Bar] = {}
        stop = end
        while stop > start:
            span = min(piece, stop - start)
            bars = await ibc.reqHistoricalDataAsync(
                contract,
                endDateTime=datetime.fromtimestamp(stop / NS, tz=UTC),
                durationStr=_duration(span),
                barSizeSetting=size,
                whatToShow=self.params.what_to_show,
                useRTH=self.params.use_rth,
                formatDate=2,
            )
            for b in bars:
                ts = bar_ts(b.date)
                if ts >= start and ts + length <= end:
                    found[ts] = bar_of(symbol, ts, length, b)
            stop -= span
        return [found[ts] for ts in sorted(found)]

    async def front_month(self, root: str, exchange: str) -> str | None:
        _, contracts = self._need()
        return await contracts.front_month(root, exchange or None)


def _valid(x: Any) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and x > 0


def _max_span(bar_seconds: int) -> int:
    if bar_seconds < 3600:
        return 86400 * NS
    if bar_seconds < 86400:
        return 30 * 86400 * NS
    return 365 * 86400 * NS


def _duration(span_ns: int) -> str:
    """IB duration text covering ``span_ns``: seconds up to a day, then whole days."""
    seconds = max(1, math.ceil(span_ns / NS))
    if seconds <= 86400:
        return f"{seconds} S"
    return f"{math.ceil(seconds / 86400)} D"
