"""The order plant's account facts: who is logged in, the account list, trade routes and
the order-update subscription a client asks for before it trades."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runner.api.contracts import get_spec, roots
from runner_plugins.rithmic.protocol.proto.request_account_list_pb2 import RequestAccountList
from runner_plugins.rithmic.protocol.proto.request_login_info_pb2 import RequestLoginInfo
from runner_plugins.rithmic.protocol.proto.request_subscribe_for_order_updates_pb2 import (
    RequestSubscribeForOrderUpdates,
)
from runner_plugins.rithmic.protocol.proto.request_trade_routes_pb2 import RequestTradeRoutes
from runner_plugins.rithmic.protocol.proto.response_account_list_pb2 import ResponseAccountList
from runner_plugins.rithmic.protocol.proto.response_login_info_pb2 import ResponseLoginInfo
from runner_plugins.rithmic.protocol.proto.response_subscribe_for_order_updates_pb2 import (
    ResponseSubscribeForOrderUpdates,
)
from runner_plugins.rithmic.protocol.proto.response_trade_routes_pb2 import ResponseTradeRoutes
from runner_plugins.rithmic.protocol.templates import Templated, stamped
from runner_sims.rithmic.session import Session

if TYPE_CHECKING:
    from runner_sims.rithmic.server import RithmicServer


async def login_info(server: RithmicServer, session: Session, msg: RequestLoginInfo) -> None:
    await server._respond(
        session,
        300,
        stamped(
            ResponseLoginInfo(
                user_msg=msg.user_msg,
                rp_code=["0"],
                user=session.user,
                fcm_id=server.fcm_id,
                ib_id=server.ib_id,
                user_type=ResponseLoginInfo.USER_TYPE_TRADER,
                first_name="Sim",
                last_name="Trader",
            )
        ),
    )


async def account_list(server: RithmicServer, session: Session, msg: RequestAccountList) -> None:
    await server._respond(
        session,
        302,
        stamped(
            ResponseAccountList(
                user_msg=msg.user_msg,
                rq_handler_rp_code=["0"],
                account_id=server.account_id,
                account_name="Simulated account",
                fcm_id=server.fcm_id,
                ib_id=server.ib_id,
                account_currency="USD",
            )
        ),
        stamped(ResponseAccountList(user_msg=msg.user_msg, rp_code=["0"])),
    )


def exchanges() -> list[str]:
    """Every exchange of a tradable product in runner's contract table."""
    return sorted({s.exchange for s in map(get_spec, roots()) if s and s.tradable})


async def trade_routes(server: RithmicServer, session: Session, msg: RequestTradeRoutes) -> None:
    parts: list[Templated] = [
        stamped(
            ResponseTradeRoutes(
                user_msg=msg.user_msg,
                rq_handler_rp_code=["0"],
                exchange=ex,
                trade_route="simulator",
                status="UP",
                fcm_id=server.fcm_id,
                ib_id=server.ib_id,
                is_default=True,
            )
        )
        for ex in exchanges()
    ]
    parts.append(stamped(ResponseTradeRoutes(user_msg=msg.user_msg, rp_code=["0"])))
    await server._respond(session, 310, *parts)


async def subscribe_orders(
    server: RithmicServer, session: Session, msg: RequestSubscribeForOrderUpdates
) -> None:
    ok = msg.account_id in ("", server.account_id)
    session.order_updates = session.order_updates or ok
    code = ["0"] if ok else ["7", f"unknown account {msg.account_id}"]
    reply = ResponseSubscribeForOrderUpdates(user_msg=msg.user_msg, rp_code=code)
    await server._respond(session, 308, stamped(reply))
