"""One-cancels-other orders (328/329): two orders booked together, the fill of one
cancelling the other, as the desk already does for a bracket's stop and target."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runner_plugins.rithmic.protocol.proto.request_new_order_pb2 import RequestNewOrder
from runner_plugins.rithmic.protocol.proto.request_oco_order_pb2 import RequestOCOOrder
from runner_plugins.rithmic.protocol.proto.response_oco_order_pb2 import ResponseOCOOrder
from runner_plugins.rithmic.protocol.templates import stamped
from runner_sims.rithmic.session import Session

if TYPE_CHECKING:
    from runner_sims.rithmic.server import RithmicServer

_PER_LEG = ("symbol", "quantity", "transaction_type", "price_type")


def legs(msg: RequestOCOOrder) -> tuple[list[RequestNewOrder], str]:
    """The two orders an OCO request describes, or why it describes no two orders. Enum
    values pass by name: both messages name their constants alike."""
    for name in _PER_LEG:
        if len(getattr(msg, name)) != 2:
            return [], f"{name} needs one value per leg (2), got {len(getattr(msg, name))}"
    out = []
    for i in range(2):
        leg = RequestNewOrder(
            symbol=msg.symbol[i],
            account_id=msg.account_id,
            quantity=msg.quantity[i],
            transaction_type=RequestOCOOrder.TransactionType.Name(msg.transaction_type[i]),
            price_type=RequestOCOOrder.PriceType.Name(msg.price_type[i]),
            duration=(
                RequestOCOOrder.Duration.Name(msg.duration[i]) if i < len(msg.duration) else "DAY"
            ),
            user_tag=msg.user_tag[i] if i < len(msg.user_tag) else "",
        )
        if i < len(msg.exchange):
            leg.exchange = msg.exchange[i]
        if i < len(msg.price) and leg.price_type in (1, 3):
            leg.price = msg.price[i]
        if i < len(msg.trigger_price) and leg.price_type in (3, 4):
            leg.trigger_price = msg.trigger_price[i]
        out.append(leg)
    return out, ""


async def oco_order(server: RithmicServer, session: Session, msg: RequestOCOOrder) -> None:
    desk = server.desk
    orders, problem = legs(msg)
    for i, leg in enumerate(orders):
        problem = problem or (f"leg {i + 1}: {p}" if (p := desk.check(leg)) else "")
    if problem:
        reply = ResponseOCOOrder(user_msg=msg.user_msg, rp_code=["1", problem])
        await server._respond(session, 328, stamped(reply))
        return
    first, second = (desk.create(leg, session.user) for leg in orders)
    first.linked, second.linked = second.basket_id, first.basket_id
    ssboe, usecs = server.now_parts()
    await server._respond(
        session,
        328,
        stamped(
            ResponseOCOOrder(
                user_msg=msg.user_msg,
                rq_handler_rp_code=["0"],
                basket_id=[first.basket_id, second.basket_id],
                user_tag=[first.user_tag, second.user_tag],
                ssboe=[ssboe, ssboe],
                usecs=[usecs, usecs],
            )
        ),
        stamped(ResponseOCOOrder(user_msg=msg.user_msg, rp_code=["0"])),
    )
    for sim in (first, second):
        server.market(sim.order.symbol)
        desk.accept(sim)
    await server._publish()
