"""The history plant's bar subscriptions and tick-bar replay of the local server.

Time-bar updates (200/201, then TimeBar 250) and tick-bar updates (204/205, then TickBar
251) are built from the trades the server prints on the ticker plant, so a client that
also takes the trades could build the same bars. The tick-bar replay (206/207) serves tick
bars of the server's history, made from the history bars' trades, paged like the time-bar
replay: ``rq_handler_rp_code`` rows, then one message with the final ``rp_code``. A range
wholly before the bundled history is served from the synthetic history's trades, so a
client can fetch months of trades as one-trade bars, page by page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from runner.api import MINUTE_NS, NS
from runner.api.contracts import get_spec
from runner.api.history import sessions_between
from runner_plugins.rithmic.config import root_of
from runner_plugins.rithmic.protocol import framing
from runner_plugins.rithmic.protocol.proto.request_tick_bar_replay_pb2 import (
    RequestTickBarReplay,
)
from runner_plugins.rithmic.protocol.proto.request_tick_bar_update_pb2 import (
    RequestTickBarUpdate,
)
from runner_plugins.rithmic.protocol.proto.request_time_bar_update_pb2 import (
    RequestTimeBarUpdate,
)
from runner_plugins.rithmic.protocol.templates import Templated, new
from runner_sims.rithmic.bars import (
    Print,
    TickBar,
    TickBarBuilder,
    TimeBarBuilder,
    history_prints,
    tick_bars,
)
from runner_sims.trades import history_trades

if TYPE_CHECKING:
    from runner.api import Bar
    from runner_sims.rithmic.server import RithmicServer, Session

__all__ = ["BarStreams", "TIME_UNITS"]

TICK_BAR = 1  # BarType of the tick-bar requests; RANGE_BAR and VOLUME_BAR are not served
REGULAR = 1  # BarSubType
TIME_UNITS = {1: 1, 2: 60, 3: 86_400, 4: 604_800}  # TimeBar BarType -> seconds
NOT_SERVED = "3"  # rp_code of a request the server understands but cannot serve


def ns_split(ts: int) -> tuple[int, int]:
    return int(ts // NS), int(ts % NS // 1000)


@dataclass(eq=False)
class _TimeStream:
    symbol: str
    exchange: str
    bar_type: int
    period: int
    builder: TimeBarBuilder
    sessions: set[Session] = field(default_factory=set)
    complete: bool = False  # the first bar began before the subscription: not sent


@dataclass(eq=False)
class _TickStream:
    symbol: str
    exchange: str
    ticks: int
    builder: TickBarBuilder
    sessions: set[Session] = field(default_factory=set)


class BarStreams:
    """Every bar subscription of the server's sessions, and the bars built for them."""

    def __init__(self, server: RithmicServer) -> None:
        self.server = server
        self.time: dict[tuple[str, int, int], _TimeStream] = {}
        self.tick: dict[tuple[str, int], _TickStream] = {}
        self._history: dict[tuple[str, int], list[TickBar]] = {}  # (root, ticks) -> bars

    async def _reply(self, session: Session, request_tid: int, *msgs: Templated) -> None:
        """Through the server's answer path, so its delay faults apply here as well."""
        await self.server._respond(session, request_tid, *msgs)

    def _exchange(self, symbol: str, asked: str) -> str:
        spec = get_spec(root_of(symbol))
        return asked or (spec.exchange if spec is not None else "")

    # -- 200/201: time-bar updates ---------------------------------------------------------

    async def time_bar_update(self, session: Session, msg: RequestTimeBarUpdate) -> None:
        def answer(*code: str) -> Templated:
            return new("ResponseTimeBarUpdate", user_msg=msg.user_msg, rp_code=list(code))

        bar_type = msg.bar_type or 2
        period = msg.bar_type_period or 1
        key = (msg.symbol, bar_type, period)
        if msg.request == 2:  # UNSUBSCRIBE
            stream = self.time.get(key)
            if stream is not None:
                stream.sessions.discard(session)
                if not stream.sessions:
                    del self.time[key]
            await self._reply(session, 200, answer("0"))
            return
        if bar_type not in TIME_UNITS or period < 1:
            problem = f"bar_type {bar_type} period {period} is not a time bar"
            await self._reply(session, 200, answer(NOT_SERVED, problem))
            return
        if not self.server.quotes(msg.symbol):
            await self._reply(session, 200, answer("7", f"no data for {msg.symbol}"))
            return
        stream = self.time.get(key)
        if stream is None:
            length = TIME_UNITS[bar_type] * period * NS
            stream = _TimeStream(
                msg.symbol,
                self._exchange(msg.symbol, msg.exchange),
                bar_type,
                period,
                TimeBarBuilder(length),
            )
            self.time[key] = stream
        stream.sessions.add(session)
        await self._reply(session, 200, answer("0"))
        self.server.market(msg.symbol)

    def _time_bar(self, stream: _TimeStream, bar: Bar, trades: int) -> bytes:
        return framing.encode(
            new(
                "TimeBar",
                symbol=stream.symbol,
                exchange=stream.exchange,
                type=stream.bar_type,
                period=str(stream.period),
                marker=int(bar.ts // NS),
                open_price=bar.open,
                high_price=bar.high,
                low_price=bar.low,
                close_price=bar.close,
                volume=int(bar.volume),
                num_trades=trades,
            )
        )

    # -- 204/205: tick-bar updates -----------------------------------------------------------

    async def tick_bar_update(self, session: Session, msg: RequestTickBarUpdate) -> None:
        def answer(*code: str) -> Templated:
            return new("ResponseTickBarUpdate", user_msg=msg.user_msg, rp_code=list(code))

        ticks, problem = _ticks_of(msg)
        key = (msg.symbol, ticks)
        if msg.request == 2:
            stream = self.tick.get(key)
            if stream is not None:
                stream.sessions.discard(session)
                if not stream.sessions:
                    del self.tick[key]
            await self._reply(session, 204, answer("0"))
            return
        if problem:
            await self._reply(session, 204, answer(NOT_SERVED, problem))
            return
        if not self.server.quotes(msg.symbol):
            await self._reply(session, 204, answer("7", f"no data for {msg.symbol}"))
            return
        stream = self.tick.get(key)
        if stream is None:
            exchange = self._exchange(msg.symbol, msg.exchange)
            stream = _TickStream(msg.symbol, exchange, ticks, TickBarBuilder(ticks))
            self.tick[key] = stream
        stream.sessions.add(session)
        await self._reply(session, 204, answer("0"))
        self.server.market(msg.symbol)

    # -- 206/207: tick-bar replay -----------------------------------------------------------

    def history_tick_bars(self, symbol: str, ticks: int) -> list[TickBar]:
        """Tick bars of the server's history, counted from its first trade (so that every
        page of a replay cuts the bars at the same trades)."""
        root = root_of(symbol)
        key = (root, ticks)
        if key not in self._history:
            bars = self.server._history.get(root, [])
            self._history[key] = tick_bars(history_prints(bars, self.server.ticks_per_bar), ticks)
        return self._history[key]

    def _before_bundled(self, symbol: str, finish: int) -> bool:
        """A range ending by the first bundled bar is served from synthetic history, as the
        time-bar replay serves it (:mod:`runner_sims.history`)."""
        bundled = self.server._history.get(root_of(symbol))
        return bundled is not None and bool(bundled) and finish <= bundled[0].ts

    def synthetic_tick_bars(
        self, symbol: str, ticks: int, start: int, finish: int, limit: int, newest: bool
    ) -> list[TickBar]:
        """Tick bars of synthetic history, counted from the first trade of the session that
        holds ``start`` (every page of one session cuts its bars at the same trades). Only
        as many trades as ``limit`` bars need are made, unless the newest bars are asked."""
        root = root_of(symbol)
        spec = get_spec(root)
        origin = start
        if ticks > 1 and spec is not None:
            held = [s for s in sessions_between(spec.calendar, start, start + 1) if s[1] <= start]
            origin = held[0][1] if held else start
        per = self.server.ticks_per_bar
        before = ((start - origin) // MINUTE_NS + 1) * per
        prints = history_trades(
            self.server._history.get(root),
            symbol,
            origin,
            finish,
            self.server.clock(),
            per=per,
            limit=None if newest else before + (limit + 1) * ticks,
        )
        return tick_bars(prints, ticks)

    async def tick_bar_replay(self, session: Session, msg: RequestTickBarReplay) -> None:
        ticks, problem = _ticks_of(msg)
        if problem:
            reply = new(
                "ResponseTickBarReplay", user_msg=msg.user_msg, rp_code=[NOT_SERVED, problem]
            )
            await self._reply(session, 206, reply)
            return
        start = msg.start_index * NS if msg.HasField("start_index") else None
        finish = (msg.finish_index + 1) * NS if msg.HasField("finish_index") else None
        limit = self.server.max_replay_bars
        if msg.user_max_count > 0:
            limit = min(limit, msg.user_max_count)
        newest = msg.direction == 2  # LAST, else FIRST
        if start is not None and finish is not None and self._before_bundled(msg.symbol, finish):
            source = self.synthetic_tick_bars(msg.symbol, ticks, start, finish, limit, newest)
        else:
            source = self.history_tick_bars(msg.symbol, ticks)
        picked = [
            b
            for b in source
            if (start is None or b.first_ts >= start) and (finish is None or b.last_ts < finish)
        ]
        picked = picked[-limit:] if newest else picked[:limit]
        if msg.time_order == 2:  # BACKWARDS
            picked.reverse()
        exchange = self._exchange(msg.symbol, msg.exchange)
        parts: list[Templated] = [
            self._tick_message(
                "ResponseTickBarReplay",
                msg.symbol,
                exchange,
                ticks,
                b,
                user_msg=msg.user_msg,
                rq_handler_rp_code=["0"],
            )
            for b in picked
        ]
        final = ["0"] if picked else ["7", "no data"]
        parts.append(new("ResponseTickBarReplay", user_msg=msg.user_msg, rp_code=final))
        await self._reply(session, 206, *parts)

    @staticmethod
    def _tick_message(
        name: str, symbol: str, exchange: str, ticks: int, bar: TickBar, **extra: object
    ) -> Templated:
        """A tick bar as 207 or 251: both carry the same bar fields. The two times are the
        bar's first and last trade."""
        first, last = ns_split(bar.first_ts), ns_split(bar.last_ts)
        return new(
            name,
            symbol=symbol,
            exchange=exchange,
            type=TICK_BAR,
            sub_type=REGULAR,
            type_specifier=str(ticks),
            data_bar_ssboe=[first[0], last[0]],
            data_bar_usecs=[first[1], last[1]],
            open_price=bar.open,
            high_price=bar.high,
            low_price=bar.low,
            close_price=bar.close,
            num_trades=bar.trades,
            volume=bar.volume,
            bid_volume=bar.bid_volume,
            ask_volume=bar.ask_volume,
            **extra,
        )

    # -- the live trades ---------------------------------------------------------------------

    async def on_trade(self, symbol: str, p: Print) -> None:
        """One trade of the live replay: the bars it completes go to their subscribers."""
        for (sym, _, _), stream in list(self.time.items()):
            if sym != symbol:
                continue
            done = stream.builder.add(symbol, p)
            if done is None:
                continue
            if not stream.complete:  # the subscription began inside this bar
                stream.complete = True
                continue
            await self._send(stream.sessions, self._time_bar(stream, *done))
        for (sym, _), tick in list(self.tick.items()):
            if sym != symbol:
                continue
            bar = tick.builder.add(p)
            if bar is not None:
                data = framing.encode(
                    self._tick_message("TickBar", tick.symbol, tick.exchange, tick.ticks, bar)
                )
                await self._send(tick.sessions, data)

    async def _send(self, sessions: set[Session], data: bytes) -> None:
        for s in list(sessions):
            if s not in self.server.sessions:  # the connection is gone: so is its subscription
                sessions.discard(s)
            elif s.logged_in:
                await s.send(data)


def _ticks_of(msg: RequestTickBarUpdate | RequestTickBarReplay) -> tuple[int, str]:
    """(trades per bar, problem) of a tick-bar request: only TICK_BAR with a whole number of
    trades in ``bar_type_specifier`` is served."""
    if msg.bar_type not in (0, TICK_BAR):
        return 0, f"bar_type {msg.bar_type} is not served (only TICK_BAR)"
    spec = msg.bar_type_specifier.strip()
    if not spec.isdigit() or int(spec) < 1:
        return 0, f"bar_type_specifier {spec!r} is not a number of trades"
    return int(spec), ""
