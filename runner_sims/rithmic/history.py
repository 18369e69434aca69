"""The order plant's records: the dates that hold orders, one date's orders, and fills.

Dates are the server's (UTC) days on which an order was booked; the orders of a date come
as order notifications flagged as snapshots, like show orders, then the final answer.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from runner_plugins.rithmic.protocol.proto.request_show_fill_history_pb2 import (
    RequestShowFillHistory,
)
from runner_plugins.rithmic.protocol.proto.request_show_order_history_dates_pb2 import (
    RequestShowOrderHistoryDates,
)
from runner_plugins.rithmic.protocol.proto.request_show_order_history_detail_pb2 import (
    RequestShowOrderHistoryDetail,
)
from runner_plugins.rithmic.protocol.proto.request_show_order_history_pb2 import (
    RequestShowOrderHistory,
)
from runner_plugins.rithmic.protocol.proto.request_show_order_history_summary_pb2 import (
    RequestShowOrderHistorySummary,
)
from runner_plugins.rithmic.protocol.proto.response_show_fill_history_pb2 import (
    ResponseShowFillHistory,
)
from runner_plugins.rithmic.protocol.proto.response_show_order_history_dates_pb2 import (
    ResponseShowOrderHistoryDates,
)
from runner_plugins.rithmic.protocol.proto.response_show_order_history_detail_pb2 import (
    ResponseShowOrderHistoryDetail,
)
from runner_plugins.rithmic.protocol.proto.response_show_order_history_pb2 import (
    ResponseShowOrderHistory,
)
from runner_plugins.rithmic.protocol.proto.response_show_order_history_summary_pb2 import (
    ResponseShowOrderHistorySummary,
)
from runner_plugins.rithmic.protocol.templates import Templated, stamped
from runner_sims.rithmic.session import NO_DATA, Session

if TYPE_CHECKING:
    from runner_sims.rithmic.server import RithmicServer


def _day(ns: int) -> str:
    return time.strftime("%Y%m%d", time.gmtime(ns // 1_000_000_000))


async def order_history_dates(
    server: RithmicServer, session: Session, msg: RequestShowOrderHistoryDates
) -> None:
    days = sorted({_day(sim.placed) for sim in server.desk.history})
    parts: list[Templated] = []
    if days:
        row = ResponseShowOrderHistoryDates(
            user_msg=msg.user_msg, rq_handler_rp_code=["0"], date=days
        )
        parts.append(stamped(row))
    final = ["0"] if days else NO_DATA
    parts.append(stamped(ResponseShowOrderHistoryDates(user_msg=msg.user_msg, rp_code=final)))
    await server._respond(session, 318, *parts)


async def order_history_summary(
    server: RithmicServer, session: Session, msg: RequestShowOrderHistorySummary
) -> None:
    if msg.account_id not in ("", server.account_id):
        reply = ResponseShowOrderHistorySummary(
            user_msg=msg.user_msg, rp_code=["7", f"unknown account {msg.account_id}"]
        )
        await server._respond(session, 324, stamped(reply))
        return
    day = msg.date or _day(server.clock())
    for note in server.desk.order_snapshots(
        [sim for sim in server.desk.history if _day(sim.placed) == day]
    ):
        await session.send(note)
    reply = ResponseShowOrderHistorySummary(user_msg=msg.user_msg, rp_code=["0"])
    await server._respond(session, 324, stamped(reply))


async def fill_history(
    server: RithmicServer, session: Session, msg: RequestShowFillHistory
) -> None:
    start = msg.start_index if msg.HasField("start_index") else 0
    finish = msg.finish_index if msg.HasField("finish_index") else 2**31 - 1
    limit = msg.max_record_count if msg.max_record_count > 0 else None
    fills = [f for f in server.desk.fills if start <= f["ssboe"] <= finish][:limit]
    parts: list[Templated] = []
    for f in fills:
        sim = f["order"]
        parts.append(
            stamped(
                ResponseShowFillHistory(
                    user_msg=msg.user_msg,
                    rq_handler_rp_code=["0"],
                    account_id=server.account_id,
                    fcm_id=server.fcm_id,
                    ib_id=server.ib_id,
                    symbol=f["symbol"],
                    exchange=sim.exchange,
                    basket_id=f["basket_id"],
                    fill_id=f["fill_id"],
                    fill_price=f["price"],
                    fill_size=f["qty"],
                    fill_time=f["time"],
                    fill_date=f["date"],
                    avg_fill_price=f["avg"],
                    total_fill_size=f["total"],
                    total_unfilled_size=f["unfilled"],
                    transaction_type="BUY" if f["side"] > 0 else "SELL",
                    ssboe=f["ssboe"],
                    usecs=f["usecs"],
                )
            )
        )
    final = ["0"] if parts else NO_DATA
    parts.append(stamped(ResponseShowFillHistory(user_msg=msg.user_msg, rp_code=final)))
    await server._respond(session, 3512, *parts)


async def order_history(
    server: RithmicServer, session: Session, msg: RequestShowOrderHistory
) -> None:
    """Every order booked (or the one ``basket_id`` names) in its last state."""
    picked = [
        sim for sim in server.desk.history if not msg.basket_id or sim.basket_id == msg.basket_id
    ]
    for note in server.desk.order_snapshots(picked):
        await session.send(note)
    code = ["0"] if picked else NO_DATA
    reply = ResponseShowOrderHistory(user_msg=msg.user_msg, rp_code=code)
    await server._respond(session, 322, stamped(reply))


async def order_history_detail(
    server: RithmicServer, session: Session, msg: RequestShowOrderHistoryDetail
) -> None:
    """The orders of one date (today by default), or the one ``basket_id`` names."""
    day = msg.date or _day(server.clock())
    picked = [
        sim
        for sim in server.desk.history
        if _day(sim.placed) == day and (not msg.basket_id or sim.basket_id == msg.basket_id)
    ]
    for note in server.desk.order_snapshots(picked):
        await session.send(note)
    code = ["0"] if picked else NO_DATA
    reply = ResponseShowOrderHistoryDetail(user_msg=msg.user_msg, rp_code=code)
    await server._respond(session, 326, stamped(reply))
