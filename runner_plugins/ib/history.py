"""Interactive Brokers' historical data (reqHistoricalData) as a source for ``runner data fetch``.

A window is asked for in the longest pieces TWS answers for the bar size (a day of minute
bars, 30 minutes of second bars), newest piece first as TWS counts durations back from an
end time. Before each request the source keeps IB's pacing rules (:mod:`.pacing`) and says
when it waits; a request TWS still cancels for pacing (162) or forgets (366) is asked again
after a backoff wait; a dropped socket is waited out (the session reconnects by itself).

Offered: ``1m`` and ``1s`` trade bars, and ``tick``: every trade, through reqHistoricalTicks
(TRADES). TWS answers at most 1000 trades from a start time (and the rest of the last one's
second), so trades are paged forward by time, each request starting at the second after the
last one received. IB counts these requests like the smallest bars for pacing.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from runner.api import NS, Backoff, Bar, Trade
from runner.api.contracts import parse_symbol
from runner.api.history import BAR_SECONDS, HistoryError, SourceOptions
from runner_plugins.ib.bars import bar_of, bar_ts
from runner_plugins.ib.client import IBConnectionError, IBSession, resolve_profile
from runner_plugins.ib.config import IBFeedParams
from runner_plugins.ib.contracts import ContractBook
from runner_plugins.ib.pacing import PacingLog, PacingRules

PACING_VIOLATION = 162
NO_QUERY_FOUND = 366
RETRY_CODES = frozenset({PACING_VIOLATION, NO_QUERY_FOUND})
PIECE_SECONDS = {1: 1800, 60: 86400}
"""The longest duration TWS accepts in one request for each bar size (IB's step sizes)."""
SIZES = {1: "1 secs", 60: "1 min"}
MAX_RETRIES = 8
TICKS_PER_REQUEST = 1000
"""The most trades TWS answers to one reqHistoricalTicks."""
TICK_PACING_SECONDS = 0
"""Historical trades are paced as the smallest bars: every rule applies."""


class IBHistory:
    """Trade bars through one TWS / IB Gateway session, paced."""

    name: ClassVar[str] = "ib"
    bars: ClassVar[dict[str, str]] = {
        "1m": "minute trade bars, reqHistoricalData (a day per request)",
        "1s": "second trade bars, reqHistoricalData (30 minutes per request, paced)",
        "tick": "every trade, reqHistoricalTicks TRADES (1000 per request, paced)",
    }

    def __init__(self, connection: Any, options: SourceOptions | None = None) -> None:
        self.options = options or SourceOptions()
        self.params = IBFeedParams(**self.options.extra.get("params", {}))
        self.profile = resolve_profile(self.params, connection)
        rules = self.options.extra.get("pacing", PacingRules())
        self.pacing = PacingLog(rules)
        self.backoff = Backoff(
            float(self.options.extra.get("retry_initial", 15.0)),
            float(self.options.extra.get("retry_max", 120.0)),
        )
        self.request_timeout = float(self.options.extra.get("request_timeout", 300.0))
        self.session: IBSession | None = None
        self.contracts: ContractBook | None = None
        self._qualified: dict[str, Any] = {}
        self._raised_before = False
        self.requests = 0
        self.retried = 0  # requests asked again after a 162/366 or a drop

    async def connect(self) -> None:
        session = IBSession.acquire(self.profile)
        try:
            await session.connect()
        except IBConnectionError:
            await session.release()
            raise
        # every error tied to a request becomes that request's exception (code included);
        # the session's users before and after this source keep their own setting
        self._raised_before = session.ib.RaiseRequestErrors
        session.ib.RaiseRequestErrors = True
        self.session = session
        self.contracts = ContractBook(session.ib, session.lib, self.params.exchanges)

    async def close(self) -> None:
        if self.session is not None:
            self.session.ib.RaiseRequestErrors = self._raised_before
            await self.session.release()
            self.session = None

    async def fetch(self, symbol: str, bar: str, start: int, end: int) -> list[Bar]:
        seconds = BAR_SECONDS.get(bar)
        if seconds is None or seconds not in SIZES:
            raise HistoryError(f"ib offers {', '.join(self.bars)} here, not {bar!r} bars")
        if self.session is None or self.contracts is None:
            raise HistoryError("the ib history source is not connected")
        contract = await self._contract(symbol, datetime.fromtimestamp(start / NS, tz=UTC).date())
        piece = PIECE_SECONDS[seconds] * NS
        length = seconds * NS
        found: dict[int, Bar] = {}
        stop = end
        while stop > start:
            span = min(piece, stop - start)
            for b in await self._request(symbol, contract, seconds, stop, span):
                ts = bar_ts(b.date)
                if start <= ts and ts + length <= end:
                    found[ts] = bar_of(symbol, ts, length, b)
            stop -= span
        return [found[ts] for ts in sorted(found)]

    async def fetch_trades(self, symbol: str, start: int, end: int) -> list[Trade]:
        """Every trade of ``symbol`` with ``start <= ts < end`` (ns), oldest first."""
        if self.session is None or self.contracts is None:
            raise HistoryError("the ib history source is not connected")
        contract = await self._contract(symbol, datetime.fromtimestamp(start / NS, tz=UTC).date())
        found: list[Trade] = []
        at = start - start % NS  # TWS stamps trades in whole seconds
        while at < end:
            ticks = await self._ticks(symbol, contract, at)
            if not ticks:
                break
            last = at
            for t in ticks:
                ts = _tick_ts(t.time)
                last = max(last, ts)
                if start <= ts < end and ts >= at:
                    found.append(Trade(symbol, ts, float(t.price), int(t.size)))
            if len(ticks) < TICKS_PER_REQUEST or last >= end:
                break  # TWS had no more up to now, or the window is done
            at = last - last % NS + NS  # the last second came whole: on from the next
        return found

    async def _ticks(self, symbol: str, contract: Any, at: int) -> list[Any]:
        begin = datetime.fromtimestamp(at / NS, tz=UTC)
        key = f"{symbol}|ticks|{begin.isoformat()}|TRADES"

        def call() -> Awaitable[Any]:
            assert self.session is not None  # the session's client, as it is on each try
            return self.session.ib.reqHistoricalTicksAsync(
                contract,
                startDateTime=begin,
                endDateTime="",
                numberOfTicks=TICKS_PER_REQUEST,
                whatToShow="TRADES",
                useRth=self.params.use_rth,
            )

        return await self._ask(symbol, key, TICK_PACING_SECONDS, call)

    async def _contract(self, symbol: str, near: date) -> Any:
        """The qualified contract, expired ones included: history outlives a contract, and
        TWS finds an expired future only when the request says ``includeExpired``. A
        one-digit year is read next to the dates asked for, not the wall clock's today."""
        assert self.session is not None and self.contracts is not None
        found = self._qualified.get(symbol)
        if found is None:
            contract = self.contracts.build(symbol)
            if getattr(contract, "lastTradeDateOrContractMonth", ""):
                _root, year, month = parse_symbol(symbol, near)
                contract.lastTradeDateOrContractMonth = f"{year:04d}{month:02d}"
            contract.includeExpired = True
            try:
                result = await self.session.ib.qualifyContractsAsync(contract)
            except self.session.lib.RequestError as exc:
                raise HistoryError(
                    f"ib: no contract {symbol}: {exc.message} ({exc.code})"
                ) from None
            if not result or result[0] is None:
                raise HistoryError(f"ib: no contract {symbol} (expired ones included)")
            found = self._qualified[symbol] = result[0]
        return found

    async def _request(
        self, symbol: str, contract: Any, seconds: int, stop: int, span: int
    ) -> list[Any]:
        assert self.session is not None
        end_text = datetime.fromtimestamp(stop / NS, tz=UTC)
        duration = f"{max(1, math.ceil(span / NS))} S"
        key = f"{symbol}|{end_text.isoformat()}|{duration}|{SIZES[seconds]}|{self.params.what_to_show}"

        def call() -> Awaitable[Any]:
            assert self.session is not None
            return self.session.ib.reqHistoricalDataAsync(
                contract,
                endDateTime=end_text,
                durationStr=duration,
                barSizeSetting=SIZES[seconds],
                whatToShow=self.params.what_to_show,
                useRTH=self.params.use_rth,
                formatDate=2,
                timeout=0,  # ib_async's own timeout answers an empty list: a silent gap
            )

        return await self._ask(symbol, key, seconds, call)

    async def _ask(
        self, symbol: str, key: str, seconds: int, call: Callable[[], Awaitable[Any]]
    ) -> list[Any]:
        """One paced request, asked again after a pacing refusal (162/366) or a drop."""
        assert self.session is not None
        for attempt in range(MAX_RETRIES + 1):
            await self._pace(key, symbol, seconds)
            await self._connected()
            self.requests += 1
            try:
                return list(await asyncio.wait_for(call(), self.request_timeout))
            except self.session.lib.RequestError as exc:
                if not _retried(exc.code, exc.message) or attempt == MAX_RETRIES:
                    raise HistoryError(
                        f"ib history of {symbol}: {exc.message} ({exc.code})"
                    ) from None
                delay = self.backoff.delay(attempt)
                self.options.notice(
                    f"pacing: TWS answered {exc.code} ({exc.message}); waiting {delay:g} s"
                )
                self.retried += 1
                await self.options.sleep(delay)
            except TimeoutError:
                raise HistoryError(
                    f"ib history of {symbol}: TWS did not answer within {self.request_timeout:g} s"
                ) from None
            except ConnectionError:
                self.options.notice("ib: connection lost; waiting for it to come back")
                self.retried += 1
        raise HistoryError(f"ib history of {symbol}: no answer after {MAX_RETRIES} retries")

    async def _pace(self, key: str, contract: str, seconds: int) -> None:
        while True:
            now = self.options.monotonic()
            wait, rule = self.pacing.wait(now, key, contract, seconds)
            if wait <= 0:
                self.pacing.record(now, key, contract, seconds)
                return
            self.options.notice(f"pacing: waiting {math.ceil(wait)} s ({rule})")
            await self.options.sleep(wait)

    async def _connected(self) -> None:
        assert self.session is not None
        if self.session.is_connected:
            return
        try:
            await asyncio.wait_for(self.session.connected.wait(), self.options.reconnect_wait)
        except TimeoutError:
            raise HistoryError(
                f"IB {self.profile} did not come back within {self.options.reconnect_wait:g} s"
            ) from None


def _tick_ts(value: datetime) -> int:
    dt = value if value.tzinfo else value.replace(tzinfo=UTC)
    return int(dt.timestamp()) * NS


def _retried(code: int, message: str) -> bool:
    """A refusal worth asking again: pacing (162 says so in its text; it also refuses what
    can never be served) or a query TWS forgot (366)."""
    if code == PACING_VIOLATION:
        return "pacing" in message.lower()
    return code in RETRY_CODES
