"""Rithmic's history plant as a source for ``runner data fetch``.

Time bars come from the time-bar replay (202/203): the server caps the rows of one answer,
so a window is asked for page by page, each page starting one bar after the last stamp
received. Only the history plant is logged in. A plant that drops mid-fetch reconnects by
itself (the client's backoff); the page in flight is asked for again once it is back, so no
bar is lost or doubled.

Offered: ``1m`` and ``1s`` time bars, and ``tick``: every trade, as the tick-bar replay
(206/207) of bars of one trade each. Trades are paged by time like the bars, but several
may share a second: the next page starts at the last second received, and the trades of
that second already held are skipped (the server answers a second's trades in one order).
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from runner.api import NS, Bar, Trade
from runner.api.history import BAR_SECONDS, HistoryError, SourceOptions
from runner_plugins.rithmic.bars import tick_bar, tick_bar_replay
from runner_plugins.rithmic.client import Plant, PlantClient, RithmicClient
from runner_plugins.rithmic.config import RithmicParams, exchange_for, settings_for
from runner_plugins.rithmic.errors import ConnectionLost, RithmicError, RithmicTimeout
from runner_plugins.rithmic.protocol.proto.request_time_bar_replay_pb2 import (
    RequestTimeBarReplay,
)
from runner_plugins.rithmic.protocol.templates import stamped

PAGE = 10_000
"""Rows asked for per request; the server may answer fewer (its own cap)."""
MAX_ATTEMPTS = 6
"""Tries of one page across drops and unanswered requests before the fetch gives up."""


class RithmicHistory:
    """Time bars of one Rithmic login's history plant, paged."""

    name: ClassVar[str] = "rithmic"
    bars: ClassVar[dict[str, str]] = {
        "1m": "minute bars, time-bar replay (202/203), paged",
        "1s": "second bars, time-bar replay (202/203), paged",
        "tick": "every trade, tick-bar replay of one-trade bars (206/207), paged",
    }

    def __init__(self, connection: Any, options: SourceOptions | None = None) -> None:
        self.options = options or SourceOptions()
        self.params = RithmicParams(**self.options.extra.get("params", {}))
        self.settings = settings_for(self.params, connection)
        self.page = int(self.options.extra.get("page", PAGE))
        self.client: RithmicClient | None = None
        self.requests = 0
        self.resumed = 0  # pages asked for again after a dropped connection

    async def connect(self) -> None:
        self.client = RithmicClient(self.settings, (Plant.HISTORY,))
        await self.client.connect(discover=self.params.discover)

    async def close(self) -> None:
        if self.client is not None:
            await self.client.close()
            self.client = None

    def _plant(self) -> PlantClient:
        if self.client is None:
            raise HistoryError("the rithmic history source is not connected")
        return self.client[Plant.HISTORY]

    async def fetch(self, symbol: str, bar: str, start: int, end: int) -> list[Bar]:
        seconds = BAR_SECONDS.get(bar)
        if seconds is None:
            raise HistoryError(f"rithmic offers {', '.join(self.bars)} here, not {bar!r} bars")
        if seconds % 60 == 0:
            bar_type, period = RequestTimeBarReplay.MINUTE_BAR, seconds // 60
        else:
            bar_type, period = RequestTimeBarReplay.SECOND_BAR, seconds
        length = seconds * NS
        exchange = exchange_for(symbol, self.params.exchanges)
        found: dict[int, Bar] = {}
        first = start // NS
        while first * NS + length <= end:
            parts = await self._page(
                RequestTimeBarReplay(
                    symbol=symbol,
                    exchange=exchange,
                    bar_type=bar_type,
                    bar_type_period=period,
                    start_index=first,
                    finish_index=end // NS,
                    direction=RequestTimeBarReplay.FIRST,
                    time_order=RequestTimeBarReplay.FORWARDS,
                    user_max_count=self.page,
                )
            )
            if not parts:
                break
            for p in parts:
                ts = p.marker * NS
                if start <= ts and ts + length <= end:
                    found[ts] = Bar(
                        symbol,
                        ts,
                        ts + length,
                        p.open_price,
                        p.high_price,
                        p.low_price,
                        p.close_price,
                        float(p.volume),
                    )
            last = max(p.marker for p in parts)
            if last < first:  # a server answering out of range must not loop us forever
                break
            first = last + seconds
        return [found[ts] for ts in sorted(found)]

    async def fetch_trades(self, symbol: str, start: int, end: int) -> list[Trade]:
        """Every trade of ``symbol`` with ``start <= ts < end`` (ns), oldest first."""
        exchange = exchange_for(symbol, self.params.exchanges)
        last_second = (end - 1) // NS
        found: list[Trade] = []
        first = start // NS
        held = 0  # trades of second ``first`` already in ``found``
        while first <= last_second:
            request = tick_bar_replay(symbol, exchange, 1, first, last_second, self.page)
            parts = await self._page(request)
            bars = [b for b in (tick_bar(symbol, p) for p in parts) if b is not None]
            if not bars:
                break
            skip, fresh = held, []
            for b in bars:
                if b.ts // NS == first and skip:
                    skip -= 1
                    continue
                if start <= b.ts < end:
                    fresh.append(Trade(symbol, b.ts, b.close, int(b.volume)))
            if not fresh:
                if any(b.ts // NS != first for b in bars):
                    break  # nothing new and nothing later: done
                if len(bars) >= self.page:  # a whole answer inside one second
                    self.options.notice(
                        f"rithmic: more trades of {symbol} in second {first} than one answer "
                        "holds; the rest of that second is skipped"
                    )
                first, held = first + 1, 0  # only that second's trades came: look after it
                continue
            found.extend(fresh)
            newest = fresh[-1].ts // NS
            held = (held if newest == first else 0) + sum(1 for t in fresh if t.ts // NS == newest)
            first = newest
        return found

    async def _page(self, request: Any) -> list[Any]:
        """One replay answer; a drop (or no answer) waits for the plant's own reconnect and
        asks again, a few times at most."""
        plant = self._plant()
        for attempt in range(MAX_ATTEMPTS):
            self.requests += 1
            try:
                return list(
                    await plant.request(
                        stamped(request),
                        multi=True,
                        timeout=max(30.0, self.params.request_timeout),
                    )
                )
            except (ConnectionLost, RithmicTimeout) as exc:
                if attempt == MAX_ATTEMPTS - 1:
                    raise HistoryError(
                        f"rithmic history of {request.symbol}: {exc} ({MAX_ATTEMPTS} attempts)"
                    ) from None
                self.options.notice(f"rithmic: {exc}; waiting for the history plant to return")
                try:
                    await asyncio.wait_for(plant.connected.wait(), self.options.reconnect_wait)
                except TimeoutError:
                    raise HistoryError(
                        f"the rithmic history plant did not come back within "
                        f"{self.options.reconnect_wait:g} s"
                    ) from None
                self.resumed += 1
                self.options.notice("rithmic: history plant back; resuming")
            except RithmicError as exc:
                raise HistoryError(f"rithmic history of {request.symbol}: {exc}") from None
        raise HistoryError(
            f"rithmic history of {request.symbol}: no answer after {MAX_ATTEMPTS} attempts"
        )
