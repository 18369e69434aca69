"""Market data and history bars of the local server: the ticker plant's market-data
subscriptions (100/101 with LastTrade 150 and BestBidOffer 151) and the history plant's
time-bar replay and updates (202/203, 200/201 with TimeBar 250).

Kept in one module of their own because these templates grow apart from the account's
(bar types, quotes); the functions take the server as ``self`` since the server binds the
broadcasts as its own methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runner.api import NS
from runner.api.contracts import get_spec
from runner_plugins.rithmic.config import root_of
from runner_plugins.rithmic.protocol.proto.request_market_data_update_pb2 import (
    RequestMarketDataUpdate,
)
from runner_plugins.rithmic.protocol.proto.request_time_bar_replay_pb2 import RequestTimeBarReplay
from runner_plugins.rithmic.protocol.templates import Templated, new
from runner_sims.history import history_bars
from runner_sims.rithmic.market import aggregate
from runner_sims.rithmic.session import NO_DATA, Session

if TYPE_CHECKING:
    from runner_sims.rithmic.server import RithmicServer


async def _market_data(self: RithmicServer, session: Session, msg: RequestMarketDataUpdate) -> None:
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


async def broadcast_market(self: RithmicServer, symbol: str, trade: bytes, bbo: bytes) -> None:
    for s in list(self.sessions):
        bits = s.market.get(symbol)
        if bits and s.logged_in:
            if bits & 2:
                await s.send(bbo)
            if bits & 1:
                await s.send(trade)


async def _time_bar_replay(
    self: RithmicServer, session: Session, msg: RequestTimeBarReplay
) -> None:
    seconds = max(1, msg.bar_type_period) * {1: 1, 2: 60, 3: 86400, 4: 604800}.get(msg.bar_type, 60)
    start = msg.start_index * NS if msg.HasField("start_index") else None
    finish = msg.finish_index * NS if msg.HasField("finish_index") else None
    cap = min(self.max_replay_bars, msg.user_max_count or self.max_replay_bars)
    bars = history_bars(  # bundled history, synthetic sessions before it (any range)
        self._history.get(root_of(msg.symbol)), msg.symbol, start, finish, self.clock(),
        seconds * NS, cap, last=msg.direction == 2,
    )  # fmt: skip
    picked = [
        b for b in bars if (start is None or b.ts >= start) and (finish is None or b.end <= finish)
    ]
    out = aggregate(picked, seconds * NS) if seconds != 60 else picked
    limit = self.max_replay_bars
    if msg.user_max_count > 0:
        limit = min(limit, msg.user_max_count)
    out = out[-limit:] if msg.direction == 2 else out[:limit]  # LAST or FIRST bars
    parts: list[Templated] = []
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
