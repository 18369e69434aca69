"""The order plant's orders: new orders and brackets, modify, cancel, and the lists a
client reconciles from (show orders, replay executions).

Each handler answers first and then lets the desk act, so the answer always precedes the
notifications it causes, as on Rithmic's plants.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runner_plugins.rithmic.protocol.proto.request_bracket_order_pb2 import RequestBracketOrder
from runner_plugins.rithmic.protocol.proto.request_cancel_all_orders_pb2 import (
    RequestCancelAllOrders,
)
from runner_plugins.rithmic.protocol.proto.request_cancel_order_pb2 import RequestCancelOrder
from runner_plugins.rithmic.protocol.proto.request_exit_position_pb2 import RequestExitPosition
from runner_plugins.rithmic.protocol.proto.request_modify_order_pb2 import RequestModifyOrder
from runner_plugins.rithmic.protocol.proto.request_new_order_pb2 import RequestNewOrder
from runner_plugins.rithmic.protocol.proto.request_replay_executions_pb2 import (
    RequestReplayExecutions,
)
from runner_plugins.rithmic.protocol.proto.request_show_orders_pb2 import RequestShowOrders
from runner_plugins.rithmic.protocol.templates import new
from runner_sims.rithmic.desk import SimOrder
from runner_sims.rithmic.session import Session

if TYPE_CHECKING:
    from runner_sims.rithmic.server import RithmicServer


async def new_order(
    server: RithmicServer,
    session: Session,
    msg: RequestNewOrder | RequestBracketOrder,
    bracket: bool = False,
) -> None:
    tid = 330 if bracket else 312
    reply_name = "ResponseBracketOrder" if bracket else "ResponseNewOrder"
    problem = server.desk.check(msg, bracket)
    if problem:
        reply = new(reply_name, user_msg=msg.user_msg, rp_code=["1", problem])
        await server._respond(session, tid, reply)
        return
    sim = server.desk.create(msg, session.user, bracket)
    if server.faults.drop_after_orders > 0:
        # the order reached the exchange; the line died before its answer went out
        server.faults.drop_after_orders -= 1
        server.drop("order")
        server.market(msg.symbol)
        server.desk.accept(sim)
        await server._publish()
        return
    ssboe, usecs = server.now_parts()
    await server._respond(
        session,
        tid,
        new(
            reply_name,
            user_msg=msg.user_msg,
            rq_handler_rp_code=["0"],
            basket_id=sim.basket_id,
            user_tag=msg.user_tag,
            ssboe=ssboe,
            usecs=usecs,
        ),
        new(reply_name, user_msg=msg.user_msg, rp_code=["0"]),
    )
    server.market(msg.symbol)
    server.desk.accept(sim)
    await server._publish()


async def bracket_order(server: RithmicServer, session: Session, msg: RequestBracketOrder) -> None:
    await new_order(server, session, msg, bracket=True)


async def _working(
    server: RithmicServer, session: Session, msg: Any, tid: int, reply_name: str
) -> SimOrder | None:
    """The order a modify/cancel names, after answering; None (and an error) if finished."""
    sim = server.desk.working(msg.basket_id)
    if sim is None:
        reply = new(reply_name, user_msg=msg.user_msg, rp_code=["5", "order not working"])
        await server._respond(session, tid, reply)
        return None
    await server._respond(
        session,
        tid,
        new(reply_name, user_msg=msg.user_msg, rq_handler_rp_code=["0"], basket_id=sim.basket_id),
        new(reply_name, user_msg=msg.user_msg, rp_code=["0"]),
    )
    return sim


async def modify(server: RithmicServer, session: Session, msg: RequestModifyOrder) -> None:
    sim = await _working(server, session, msg, 314, "ResponseModifyOrder")
    if sim is not None:
        server.desk.modify(
            sim,
            msg.quantity if msg.HasField("quantity") else None,
            msg.price if msg.HasField("price") else None,
            msg.trigger_price if msg.HasField("trigger_price") else None,
        )
        await server._publish()


async def cancel(server: RithmicServer, session: Session, msg: RequestCancelOrder) -> None:
    sim = await _working(server, session, msg, 316, "ResponseCancelOrder")
    if sim is not None:
        server.desk.cancel(sim)
        await server._publish()


async def cancel_all(server: RithmicServer, session: Session, msg: RequestCancelAllOrders) -> None:
    reply = new("ResponseCancelAllOrders", user_msg=msg.user_msg, rp_code=["0"])
    await server._respond(session, 346, reply)
    server.desk.cancel_all()
    await server._publish()


async def show_orders(server: RithmicServer, session: Session, msg: RequestShowOrders) -> None:
    """Every order of the session as a snapshot notification, then 321."""
    for note in server.desk.order_snapshots():
        await session.send(note)
    reply = new("ResponseShowOrders", user_msg=msg.user_msg, rp_code=["0"])
    await server._respond(session, 320, reply)


async def replay_executions(
    server: RithmicServer, session: Session, msg: RequestReplayExecutions
) -> None:
    start = msg.start_index if msg.HasField("start_index") else 0
    finish = msg.finish_index if msg.HasField("finish_index") else 2**31 - 1
    for note in server.desk.executions(start, finish):
        await session.send(note)
    reply = new("ResponseReplayExecutions", user_msg=msg.user_msg, rp_code=["0"])
    await server._respond(session, 3506, reply)


async def exit_position(server: RithmicServer, session: Session, msg: RequestExitPosition) -> None:
    """Flattens a symbol (or every symbol held): its working orders are cancelled and the
    position closed at market, each step told as any order's would be."""
    desk = server.desk
    if msg.account_id not in ("", server.account_id):
        reply = new(
            "ResponseExitPosition",
            user_msg=msg.user_msg,
            rp_code=["7", f"unknown account {msg.account_id}"],
        )
        await server._respond(session, 3504, reply)
        return
    if msg.symbol and not server.knows(msg.symbol):
        reply = new(
            "ResponseExitPosition",
            user_msg=msg.user_msg,
            rp_code=["7", f"unknown symbol {msg.symbol!r}"],
        )
        await server._respond(session, 3504, reply)
        return
    held = [s for s, p in desk.positions.items() if p.net]
    symbols = [msg.symbol] if msg.symbol else held
    rows = [
        new(
            "ResponseExitPosition",
            user_msg=msg.user_msg,
            rq_handler_rp_code=["0"],
            symbol=symbol,
            exchange=server.spec_for(symbol).exchange,
        )
        for symbol in symbols
    ]
    final = new("ResponseExitPosition", user_msg=msg.user_msg, rp_code=["0"])
    await server._respond(session, 3504, *rows, final)
    for symbol in symbols:
        for sim in list(desk.orders.values()):
            if not sim.done and sim.order.symbol == symbol:
                desk.cancel(sim)
        pos = desk.positions.get(symbol)
        if pos is not None and pos.net:
            flatten = RequestNewOrder(
                symbol=symbol,
                exchange=server.spec_for(symbol).exchange,
                account_id=server.account_id,
                quantity=abs(pos.net),
                transaction_type=RequestNewOrder.SELL if pos.net > 0 else RequestNewOrder.BUY,
                price_type=RequestNewOrder.MARKET,
                duration=RequestNewOrder.DAY,
                user_tag="exit-position",
            )
            sim = desk.create(flatten, session.user)
            server.market(symbol)
            desk.accept(sim)
    await server._publish()
