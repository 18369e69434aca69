"""Depth by order on the ticker plant: the simulated book, as a snapshot and as updates.

The simulator keeps no order book of its own, only the last trade of each product's
replay. Its book is the honest minimal one around that trade: one resting order a tick
below it and one a tick above. When a trade moves it, subscribers see both orders deleted
and two new ones added (DepthByOrder 160) and the end of that batch (DepthByOrderEndEvent
161); the snapshot (115/116) shows the same orders under the same ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from runner_plugins.rithmic.protocol.proto.depth_by_order_end_event_pb2 import (
    DepthByOrderEndEvent,
)
from runner_plugins.rithmic.protocol.proto.depth_by_order_pb2 import DepthByOrder
from runner_plugins.rithmic.protocol.proto.request_depth_by_order_snapshot_pb2 import (
    RequestDepthByOrderSnapshot,
)
from runner_plugins.rithmic.protocol.proto.request_depth_by_order_updates_pb2 import (
    RequestDepthByOrderUpdates,
)
from runner_plugins.rithmic.protocol.proto.response_depth_by_order_snapshot_pb2 import (
    ResponseDepthByOrderSnapshot,
)
from runner_plugins.rithmic.protocol.proto.response_depth_by_order_updates_pb2 import (
    ResponseDepthByOrderUpdates,
)
from runner_plugins.rithmic.protocol.templates import Templated, stamped
from runner_sims.rithmic.session import NO_DATA, Session

if TYPE_CHECKING:
    from runner_sims.rithmic.market import Market
    from runner_sims.rithmic.server import RithmicServer

BUY, SELL = 1, 2


@dataclass(frozen=True, slots=True)
class Book:
    """One product's book: (price, order number) of its bid and of its ask; ``seq`` counts
    the batches that changed it."""

    bid: tuple[float, int]
    ask: tuple[float, int]
    seq: int

    def order_id(self, symbol: str, side: int) -> str:
        return f"SIM-{symbol}-{(self.bid if side == BUY else self.ask)[1]}"


class Books:
    """Every product's book; orders are numbered once for the server's life."""

    def __init__(self) -> None:
        self.books: dict[str, Book] = {}
        self._next = 1

    def _order(self) -> int:
        self._next += 1
        return self._next - 1

    def _around(self, market: Market, seq: int) -> Book:
        bid = round(market.last - market.tick, 10)
        ask = round(market.last + market.tick, 10)
        return Book((bid, self._order()), (ask, self._order()), seq)

    def book(self, market: Market) -> Book:
        if market.symbol not in self.books:
            self.books[market.symbol] = self._around(market, 1)
        return self.books[market.symbol]

    def move(self, market: Market) -> tuple[Book, Book] | None:
        """(old, new) when the last trade moved the book, else None."""
        old = self.book(market)
        if old.bid[0] == round(market.last - market.tick, 10):
            return None
        new = self.books[market.symbol] = self._around(market, old.seq + 1)
        return old, new


async def depth_snapshot(
    server: RithmicServer, session: Session, msg: RequestDepthByOrderSnapshot
) -> None:
    if not server.knows(msg.symbol):
        reply = ResponseDepthByOrderSnapshot(user_msg=msg.user_msg, rp_code=NO_DATA)
        await server._respond(session, 115, stamped(reply))
        return
    market = server.market(msg.symbol)
    book = server.books.book(market)
    parts: list[Templated] = []
    for side, (price, number) in ((BUY, book.bid), (SELL, book.ask)):
        if msg.HasField("depth_price") and abs(msg.depth_price - price) > market.tick / 2:
            continue
        side_field: dict[str, Any] = {"depth_side": side}
        parts.append(
            stamped(
                ResponseDepthByOrderSnapshot(
                    user_msg=msg.user_msg,
                    rq_handler_rp_code=["0"],
                    symbol=msg.symbol,
                    exchange=msg.exchange or market.exchange,
                    sequence_number=book.seq,
                    depth_price=price,
                    depth_size=[1],
                    depth_order_priority=[number],
                    exchange_order_id=[book.order_id(msg.symbol, side)],
                    **side_field,
                )
            )
        )
    final = ["0"] if parts else NO_DATA
    parts.append(stamped(ResponseDepthByOrderSnapshot(user_msg=msg.user_msg, rp_code=final)))
    await server._respond(session, 115, *parts)


async def depth_updates(
    server: RithmicServer, session: Session, msg: RequestDepthByOrderUpdates
) -> None:
    if not server.knows(msg.symbol):
        code = ["7", f"no data for {msg.symbol}"]
    elif msg.request == RequestDepthByOrderUpdates.UNSUBSCRIBE:
        session.depth.discard(msg.symbol)
        code = ["0"]
    else:
        session.depth.add(msg.symbol)
        server.books.book(server.market(msg.symbol))
        code = ["0"]
    reply = ResponseDepthByOrderUpdates(user_msg=msg.user_msg, rp_code=code)
    await server._respond(session, 117, stamped(reply))


async def publish(server: RithmicServer, symbol: str) -> None:
    """After a trade: moves the product's book and tells the subscribers how."""
    market = server.markets.get(symbol)
    if market is None:
        return
    moved = server.books.move(market)
    subs = [s for s in server.sessions if s.logged_in and symbol in s.depth]
    if moved is None or not subs:
        return
    old, new = moved
    ssboe, usecs = server.now_parts()
    sides = [BUY, SELL, BUY, SELL]
    enums: dict[str, Any] = {
        "update_type": [
            DepthByOrder.DELETE,
            DepthByOrder.DELETE,
            DepthByOrder.NEW,
            DepthByOrder.NEW,
        ],
        "transaction_type": sides,
    }
    batch = stamped(
        DepthByOrder(
            symbol=symbol,
            exchange=market.exchange,
            sequence_number=new.seq,
            exchange_order_id=[
                old.order_id(symbol, BUY),
                old.order_id(symbol, SELL),
                new.order_id(symbol, BUY),
                new.order_id(symbol, SELL),
            ],
            depth_order_priority=[old.bid[1], old.ask[1], new.bid[1], new.ask[1]],
            depth_price=[old.bid[0], old.ask[0], new.bid[0], new.ask[0]],
            depth_size=[1, 1, 1, 1],
            ssboe=ssboe,
            usecs=usecs,
            **enums,
        )
    )
    end = stamped(
        DepthByOrderEndEvent(
            symbol=[symbol],
            exchange=[market.exchange],
            sequence_number=new.seq,
            ssboe=ssboe,
            usecs=usecs,
        )
    )
    for s in subs:
        await s.send(batch)
        await s.send(end)
