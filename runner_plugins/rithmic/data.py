"""The ``rithmic`` feed: live trades and quotes from R|Protocol's ticker plant, bars for
warm-up from its history plant, and (when a bot asks for them with ``bars``) streamed time
or tick bars from the history plant instead of bars built from the trades.

Built on the same client as the ``rithmic`` broker, so a bot can take its data from
Rithmic and its fills from the paper broker (or the other way round).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, ClassVar

from pydantic import Field, field_validator

from runner.api import NS, Bar, ConnectionState, Quote, Timer, Trade
from runner.api.base import Params
from runner.api.capabilities import FeedCapabilities
from runner.api.feed import Feed
from runner_plugins.rithmic import bars as hbars
from runner_plugins.rithmic.bars import BarSource
from runner_plugins.rithmic.client import Plant, PlantClient, RithmicClient, RithmicError
from runner_plugins.rithmic.config import MAX_WAIT, RithmicParams, exchange_for, settings_for
from runner_plugins.rithmic.protocol.proto.best_bid_offer_pb2 import BestBidOffer
from runner_plugins.rithmic.protocol.proto.last_trade_pb2 import LastTrade
from runner_plugins.rithmic.protocol.proto.request_front_month_contract_pb2 import (
    RequestFrontMonthContract,
)
from runner_plugins.rithmic.protocol.proto.request_market_data_update_pb2 import (
    RequestMarketDataUpdate,
)
from runner_plugins.rithmic.protocol.proto.request_reference_data_pb2 import RequestReferenceData
from runner_plugins.rithmic.protocol.proto.request_time_bar_replay_pb2 import (
    RequestTimeBarReplay,
)
from runner_plugins.rithmic.protocol.proto.tick_bar_pb2 import TickBar
from runner_plugins.rithmic.protocol.proto.time_bar_pb2 import TimeBar
from runner_plugins.rithmic.protocol.templates import stamped
from runner_plugins.rithmic.watchdog import SessionCheck, StaleWatch

log = logging.getLogger(__name__)

STALE_EVENT = "feed_stale"


class RithmicFeedParams(RithmicParams):
    stale_after: float | None = Field(
        default=None,
        gt=0,
        le=MAX_WAIT,
        description="seconds of silence before a feed_stale event, at most 3600",
    )
    stale_to_sink: bool = Field(
        default=False, description="also put a Timer('feed_stale') event into the market sink"
    )
    quotes: bool = Field(default=True, description="also stream best bid/offer")
    history_page: int = Field(
        default=10_000,
        gt=0,
        le=100_000,
        description="bars asked for per history request (paged), at most 100,000",
    )
    bars: BarSource | None = Field(
        default=None,
        description="where live bars come from: trades (default, runner builds time bars from "
        "the trades), {time: SECONDS} (time bars streamed by the history plant) or "
        "{ticks: N} (bars of N trades streamed by the history plant)",
    )

    @field_validator("bars", mode="before")
    @classmethod
    def _trades(cls, value: object) -> object:
        return hbars.bar_source(value)


class RithmicFeed(Feed[RithmicFeedParams]):
    """Trades and best bid/offer from Rithmic's ticker plant; history bars for warm-up."""

    name = "rithmic"
    connection_kind = "rithmic"
    capabilities = FeedCapabilities(stale_watch=True, session_check=True)
    Params: ClassVar[type[Params]] = RithmicFeedParams

    def __init__(self, params: RithmicFeedParams, connection: Any = None) -> None:
        super().__init__(params, connection)
        self.params: RithmicFeedParams = params
        self.client: RithmicClient | None = None
        self.session_check: SessionCheck | None = None
        self.specs: dict[str, tuple[float, float]] = {}  # symbol -> (tick size, point value)
        self._book: dict[str, list[float]] = {}
        self._streamed: dict[str, int] = {}  # symbol -> seconds or trades per streamed bar
        self._last_bar: dict[str, int] = {}  # symbol -> end of the last streamed bar
        self._watch: StaleWatch | None = None
        self.on_stale: list[Callable[[str, float], None]] = []  # (symbol, seconds silent)

    async def connect(self) -> None:
        self.client = RithmicClient(
            settings_for(self.params, self.connection), (Plant.TICKER, Plant.HISTORY)
        )
        for plant in self.client.plants.values():
            plant.on_status.append(self._plant_status)
        ticker = self.client[Plant.TICKER]
        ticker.on_message(LastTrade, self._on_trade)  # 150
        ticker.on_message(BestBidOffer, self._on_bbo)  # 151
        history = self.client[Plant.HISTORY]
        history.on_message(TimeBar, self._on_time_bar)  # 250
        history.on_message(TickBar, self._on_tick_bar)  # 251
        await self.client.connect(discover=self.params.discover)
        if self.params.stale_after:
            self._watch = StaleWatch(self.params.stale_after, self._stale, self.session_check)
            self._watch.start()

    def _plant_status(self, plant: Plant, state: ConnectionState, reason: str) -> None:
        self.report(state, plant.label, reason)

    def _plant(self, plant: Plant) -> PlantClient:
        if self.client is None:
            raise RithmicError("the rithmic feed is not connected; call connect() first")
        return self.client[plant]

    async def subscribe(self, symbols: list[str]) -> None:
        source = self.params.bars
        # bars from the history plant replace the ones runner would build from trades, so
        # the trades are not asked for then (the core would build bars of them as well)
        bits = (0 if source else 1) | (2 if self.params.quotes else 0)
        for symbol in symbols:
            exchange = exchange_for(symbol, self.params.exchanges)
            if bits:
                await self._plant(Plant.TICKER).subscribe(
                    f"md:{symbol}",
                    stamped(
                        RequestMarketDataUpdate(
                            symbol=symbol,
                            exchange=exchange,
                            request=RequestMarketDataUpdate.SUBSCRIBE,
                            update_bits=bits,
                        )
                    ),
                )
            if source is not None and source.time is not None:
                self._streamed[symbol] = source.time
                await self._plant(Plant.HISTORY).subscribe(
                    f"tb:{symbol}", hbars.time_bar_update(symbol, exchange, source.time)
                )
            elif source is not None and source.ticks is not None:
                self._streamed[symbol] = source.ticks
                await self._plant(Plant.HISTORY).subscribe(
                    f"kb:{symbol}", hbars.tick_bar_update(symbol, exchange, source.ticks)
                )
            if self._watch is not None:
                self._watch.watch(symbol)

    async def close(self) -> None:
        if self._watch is not None:
            self._watch.stop()
        if self.client is not None:
            await self.client.close()

    # -- streaming -----------------------------------------------------------------------

    def _on_trade(self, tid: int, msg: LastTrade) -> None:
        if self._watch is not None:
            self._watch.seen(msg.symbol)
        if msg.is_snapshot:
            return
        self.sink(
            Trade(msg.symbol, msg.ssboe * NS + msg.usecs * 1000, msg.trade_price, msg.trade_size)
        )

    def _on_bbo(self, tid: int, msg: BestBidOffer) -> None:
        if self._watch is not None:
            self._watch.seen(msg.symbol)
        book = self._book.setdefault(msg.symbol, [0.0, 0.0, 0, 0])
        bits = msg.presence_bits or 3
        if bits & 1:
            book[0], book[2] = msg.bid_price, msg.bid_size
        if bits & 2:
            book[1], book[3] = msg.ask_price, msg.ask_size
        if book[0] and book[1]:
            self.sink(
                Quote(
                    msg.symbol,
                    msg.ssboe * NS + msg.usecs * 1000,
                    book[0],
                    book[1],
                    int(book[2]),
                    int(book[3]),
                )
            )

    def _on_time_bar(self, tid: int, msg: TimeBar) -> None:
        seconds = self._streamed.get(msg.symbol)
        if seconds is None or self.params.bars is None or self.params.bars.time is None:
            return  # not one of ours (another subscription of the same login)
        name, period = hbars.time_bar_type(seconds)
        if TimeBar.BarType.Name(msg.type) != name or msg.period != str(period):
            return  # a stream of another bar size
        self._bar(hbars.time_bar(msg.symbol, msg, seconds))

    def _on_tick_bar(self, tid: int, msg: TickBar) -> None:
        ticks = self._streamed.get(msg.symbol)
        if ticks is None or self.params.bars is None or self.params.bars.ticks is None:
            return
        if msg.type_specifier and msg.type_specifier != str(ticks):
            return
        bar = hbars.tick_bar(msg.symbol, msg)
        if bar is not None:
            self._bar(bar)

    def _bar(self, bar: Bar) -> None:
        """A streamed bar, once: after a reconnect the server may send one again."""
        if self._watch is not None:
            self._watch.seen(bar.symbol)
        if bar.end <= self._last_bar.get(bar.symbol, -1):
            return
        self._last_bar[bar.symbol] = bar.end
        self.sink(bar)

    def _stale(self, symbol: str, silent: float) -> None:
        log.warning("no market data for %s for %.1f s", symbol, silent)
        for callback in self.on_stale:
            callback(symbol, silent)
        if self.params.stale_to_sink:
            self.sink(Timer(time.time_ns(), STALE_EVENT, {"symbol": symbol, "silent_s": silent}))

    # -- reference data, front month, history --------------------------------------------

    async def front_month(self, root: str, exchange: str) -> str | None:
        try:
            msg = await self._plant(Plant.TICKER).request(
                stamped(
                    RequestFrontMonthContract(symbol=root, exchange=exchange, need_updates=False)
                )
            )
        except RithmicError as exc:
            log.warning("front month of %s on %s: %s", root, exchange, exc)
            return None
        return msg.trading_symbol or msg.symbol_name or None

    async def contract(self, symbol: str) -> tuple[float, float]:
        """(tick size, point value) from reference data (14/15), cached."""
        if symbol not in self.specs:
            msg = await self._plant(Plant.TICKER).request(
                stamped(
                    RequestReferenceData(
                        symbol=symbol, exchange=exchange_for(symbol, self.params.exchanges)
                    )
                )
            )
            if msg.rp_code and msg.rp_code[0] != "0":
                raise RithmicError(f"no reference data for {symbol}: {' '.join(msg.rp_code)}")
            tick = msg.min_qprice_change or msg.min_fprice_change
            self.specs[symbol] = (tick, msg.single_point_value)
        return self.specs[symbol]

    async def history(self, symbol: str, bar_seconds: int, start: int, end: int) -> list[Bar]:
        """Time bars from the history plant (202/203), oldest first; a feed on tick bars
        (``bars: {ticks: N}``) warms up on tick bars instead."""
        source = self.params.bars
        if source is not None and source.ticks is not None:
            return await self.tick_bars(symbol, source.ticks, start, end)
        if source is not None and source.time is not None and source.time != bar_seconds:
            # the core takes the stream as bars of the bots' smallest bar size
            raise RithmicError(
                f"bars: {{time: {source.time}}} streams {source.time}-second bars, but the "
                f"bots on this feed are built from {bar_seconds}-second bars; give "
                f"bars: {{time: {bar_seconds}}} (the smallest bar_size of its bots, in seconds)"
            )
        return await self.time_bars(symbol, bar_seconds, start, end)

    async def tick_bars(self, symbol: str, ticks: int, start: int, end: int) -> list[Bar]:
        """Bars of ``ticks`` trades each from the history plant (206/207), oldest first: a
        bar runs from its first trade (``ts``) to its last (``end``)."""
        if not 0 < ticks <= hbars.MAX_TICKS:
            raise ValueError(f"ticks must be 1 to {hbars.MAX_TICKS}, not {ticks}")
        exchange = exchange_for(symbol, self.params.exchanges)
        page = self.params.history_page
        bars: list[Bar] = []
        first = start // NS
        while True:  # paged on from the last bar's second; bars seen already are skipped
            parts = await self._plant(Plant.HISTORY).request(
                hbars.tick_bar_replay(symbol, exchange, ticks, first, end // NS, page),
                multi=True,
                timeout=max(30.0, self.params.request_timeout),
            )
            seen = bars[-1].ts if bars else -1
            new = [b for p in parts if (b := hbars.tick_bar(symbol, p)) is not None]
            fresh = [b for b in new if b.ts > seen]
            bars.extend(fresh)
            if len(parts) < page or not fresh:
                break
            first = max(b.ts for b in fresh) // NS
        bars.sort(key=lambda b: b.ts)
        return bars

    async def time_bars(self, symbol: str, bar_seconds: int, start: int, end: int) -> list[Bar]:
        """Time bars of ``bar_seconds`` from the history plant (202/203), oldest first."""
        bar_type, period = hbars.time_bar_type(bar_seconds)
        length = bar_seconds * NS
        exchange = exchange_for(symbol, self.params.exchanges)
        page = self.params.history_page
        bars: list[Bar] = []
        first = start // NS
        while True:  # a replay is capped; page on from the last bar received
            parts = await self._plant(Plant.HISTORY).request(
                stamped(
                    RequestTimeBarReplay(
                        symbol=symbol,
                        exchange=exchange,
                        bar_type=bar_type,
                        bar_type_period=period,
                        start_index=first,
                        finish_index=end // NS,
                        direction=RequestTimeBarReplay.FIRST,
                        time_order=RequestTimeBarReplay.FORWARDS,
                        user_max_count=page,
                    )
                ),
                multi=True,
                timeout=max(30.0, self.params.request_timeout),
            )
            bars.extend(
                Bar(
                    symbol,
                    p.marker * NS,
                    p.marker * NS + length,
                    p.open_price,
                    p.high_price,
                    p.low_price,
                    p.close_price,
                    float(p.volume),
                )
                for p in parts
            )
            if len(parts) < page:
                break
            first = max(p.marker for p in parts) + 1
        bars.sort(key=lambda b: b.ts)
        return bars
