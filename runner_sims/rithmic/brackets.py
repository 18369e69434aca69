"""Bracket orders after entry: listing their targets and stops, moving them, and the
bracket-update stream a client may subscribe to.

A bracket's levels are kept in ticks from the entry's fill price. While the entry works,
a level change only rewrites the ticks; once the legs work, it moves the leg's price.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runner.api import Side
from runner_plugins.rithmic.protocol.proto.bracket_updates_pb2 import BracketUpdates
from runner_plugins.rithmic.protocol.proto.request_show_bracket_stops_pb2 import (
    RequestShowBracketStops,
)
from runner_plugins.rithmic.protocol.proto.request_show_brackets_pb2 import RequestShowBrackets
from runner_plugins.rithmic.protocol.proto.request_subscribe_to_bracket_updates_pb2 import (
    RequestSubscribeToBracketUpdates,
)
from runner_plugins.rithmic.protocol.proto.request_update_stop_bracket_level_pb2 import (
    RequestUpdateStopBracketLevel,
)
from runner_plugins.rithmic.protocol.proto.request_update_target_bracket_level_pb2 import (
    RequestUpdateTargetBracketLevel,
)
from runner_plugins.rithmic.protocol.proto.response_show_bracket_stops_pb2 import (
    ResponseShowBracketStops,
)
from runner_plugins.rithmic.protocol.proto.response_show_brackets_pb2 import ResponseShowBrackets
from runner_plugins.rithmic.protocol.proto.response_subscribe_to_bracket_updates_pb2 import (
    ResponseSubscribeToBracketUpdates,
)
from runner_plugins.rithmic.protocol.proto.response_update_stop_bracket_level_pb2 import (
    ResponseUpdateStopBracketLevel,
)
from runner_plugins.rithmic.protocol.proto.response_update_target_bracket_level_pb2 import (
    ResponseUpdateTargetBracketLevel,
)
from runner_plugins.rithmic.protocol.templates import Templated, stamped
from runner_sims.rithmic.desk import SimOrder
from runner_sims.rithmic.session import Session

if TYPE_CHECKING:
    from runner_sims.rithmic.server import RithmicServer

STOP, TARGET = 0, 1  # index into SimOrder.bracket and the leg's basket suffix
_SUFFIX = ("-S", "-T")


def _levels(server: RithmicServer, which: int) -> list[tuple[SimOrder, int, int, bool]]:
    """(entry, ticks, quantity, released) of every bracket whose ``which`` leg is pending
    on a working entry or works on its own."""
    out = []
    desk = server.desk
    for sim in desk.orders.values():
        if sim.original_basket_id:
            continue
        if sim.bracket is not None and not sim.done and sim.bracket[which] > 0:
            out.append((sim, sim.bracket[which], sim.order.qty, False))
            continue
        leg = desk.working(sim.basket_id + _SUFFIX[which])
        if leg is not None:
            tick = server.spec_for(sim.order.symbol).tick_size
            price = leg.order.stop_price if which == STOP else leg.order.limit_price
            ticks = round(abs((price or sim.avg_price) - sim.avg_price) / tick)
            out.append((sim, ticks, leg.order.qty, True))
    return out


async def show_brackets(server: RithmicServer, session: Session, msg: RequestShowBrackets) -> None:
    parts: list[Templated] = [
        stamped(
            ResponseShowBrackets(
                user_msg=msg.user_msg,
                rq_handler_rp_code=["0"],
                basket_id=sim.basket_id,
                target_ticks=str(ticks),
                target_quantity=str(qty),
                target_quantity_released=str(qty if released else 0),
            )
        )
        for sim, ticks, qty, released in _levels(server, TARGET)
    ]
    parts.append(stamped(ResponseShowBrackets(user_msg=msg.user_msg, rp_code=["0"])))
    await server._respond(session, 338, *parts)


async def show_bracket_stops(
    server: RithmicServer, session: Session, msg: RequestShowBracketStops
) -> None:
    parts: list[Templated] = [
        stamped(
            ResponseShowBracketStops(
                user_msg=msg.user_msg,
                rq_handler_rp_code=["0"],
                basket_id=sim.basket_id,
                stop_ticks=str(ticks),
                stop_quantity=str(qty),
                stop_quantity_released=str(qty if released else 0),
            )
        )
        for sim, ticks, qty, released in _levels(server, STOP)
    ]
    parts.append(stamped(ResponseShowBracketStops(user_msg=msg.user_msg, rp_code=["0"])))
    await server._respond(session, 340, *parts)


async def subscribe_brackets(
    server: RithmicServer, session: Session, msg: RequestSubscribeToBracketUpdates
) -> None:
    ok = msg.account_id in ("", server.account_id)
    session.bracket_updates = session.bracket_updates or ok
    code = ["0"] if ok else ["7", f"unknown account {msg.account_id}"]
    reply = ResponseSubscribeToBracketUpdates(user_msg=msg.user_msg, rp_code=code)
    await server._respond(session, 336, stamped(reply))


def _move(server: RithmicServer, basket_id: str, which: int, ticks: int) -> str:
    """Sets a bracket level; why it cannot be set ("" when done)."""
    desk = server.desk
    entry = desk.orders.get(basket_id)
    if entry is None or entry.original_basket_id:
        return f"no bracket with basket id {basket_id!r}"
    if ticks <= 0:
        return "ticks must be positive"
    if entry.bracket is not None and not entry.done and entry.bracket[which] > 0:
        levels = list(entry.bracket)
        levels[which] = ticks
        entry.bracket = (levels[0], levels[1])
        return ""
    leg = desk.working(basket_id + _SUFFIX[which])
    if leg is None:
        return "that bracket level is not working"
    tick = server.spec_for(entry.order.symbol).tick_size
    away = -1 if (entry.order.side is Side.BUY) == (which == STOP) else 1
    price = round(entry.avg_price + away * ticks * tick, 10)
    if which == STOP:
        desk.modify(leg, None, None, price)
    else:
        desk.modify(leg, None, price, None)
    return ""


async def _announce(server: RithmicServer, entry: SimOrder) -> None:
    stop = target = 0
    for sim, ticks, _, _ in _levels(server, STOP):
        stop = ticks if sim is entry else stop
    for sim, ticks, _, _ in _levels(server, TARGET):
        target = ticks if sim is entry else target
    note = stamped(
        BracketUpdates(
            basket_id=entry.basket_id,
            account_id=server.account_id,
            fcm_id=server.fcm_id,
            ib_id=server.ib_id,
            stop_ticks=stop,
            stop_quantity=entry.order.qty,
            target_ticks=target,
            target_quantity=entry.order.qty,
        )
    )
    for s in list(server.sessions):
        if s.logged_in and s.bracket_updates:
            await s.send(note)


async def update_target(
    server: RithmicServer, session: Session, msg: RequestUpdateTargetBracketLevel
) -> None:
    problem = _move(server, msg.basket_id, TARGET, msg.target_ticks)
    code = ["5", problem] if problem else ["0"]
    reply = ResponseUpdateTargetBracketLevel(user_msg=msg.user_msg, rp_code=code)
    await server._respond(session, 332, stamped(reply))
    if not problem:
        await server._publish()
        await _announce(server, server.desk.orders[msg.basket_id])


async def update_stop(
    server: RithmicServer, session: Session, msg: RequestUpdateStopBracketLevel
) -> None:
    problem = _move(server, msg.basket_id, STOP, msg.stop_ticks)
    code = ["5", problem] if problem else ["0"]
    reply = ResponseUpdateStopBracketLevel(user_msg=msg.user_msg, rp_code=code)
    await server._respond(session, 334, stamped(reply))
    if not problem:
        await server._publish()
        await _announce(server, server.desk.orders[msg.basket_id])
