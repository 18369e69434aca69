"""The order plant's account facts: who is logged in, the account list, trade routes, risk
settings, exchange permissions and the order-update subscription, all of which a full
client asks for before it trades."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runner.api.contracts import get_spec, roots
from runner_plugins.rithmic.protocol.proto.request_account_list_pb2 import RequestAccountList
from runner_plugins.rithmic.protocol.proto.request_account_rms_info_pb2 import (
    RequestAccountRmsInfo,
)
from runner_plugins.rithmic.protocol.proto.request_account_rms_updates_pb2 import (
    RequestAccountRmsUpdates,
)
from runner_plugins.rithmic.protocol.proto.request_list_exchange_permissions_pb2 import (
    RequestListExchangePermissions,
)
from runner_plugins.rithmic.protocol.proto.request_login_info_pb2 import RequestLoginInfo
from runner_plugins.rithmic.protocol.proto.request_product_rms_info_pb2 import (
    RequestProductRmsInfo,
)
from runner_plugins.rithmic.protocol.proto.request_subscribe_for_order_updates_pb2 import (
    RequestSubscribeForOrderUpdates,
)
from runner_plugins.rithmic.protocol.proto.request_trade_routes_pb2 import RequestTradeRoutes
from runner_plugins.rithmic.protocol.proto.response_account_list_pb2 import ResponseAccountList
from runner_plugins.rithmic.protocol.proto.response_account_rms_info_pb2 import (
    ResponseAccountRmsInfo,
)
from runner_plugins.rithmic.protocol.proto.response_account_rms_updates_pb2 import (
    ResponseAccountRmsUpdates,
)
from runner_plugins.rithmic.protocol.proto.response_list_exchange_permissions_pb2 import (
    ResponseListExchangePermissions,
)
from runner_plugins.rithmic.protocol.proto.response_login_info_pb2 import ResponseLoginInfo
from runner_plugins.rithmic.protocol.proto.response_product_rms_info_pb2 import (
    ResponseProductRmsInfo,
)
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


async def account_rms_info(
    server: RithmicServer, session: Session, msg: RequestAccountRmsInfo
) -> None:
    """The account's risk settings: the simulator sets no limits, and says so."""
    await server._respond(
        session,
        304,
        stamped(
            ResponseAccountRmsInfo(
                user_msg=msg.user_msg,
                rq_handler_rp_code=["0"],
                account_id=server.account_id,
                fcm_id=server.fcm_id,
                ib_id=server.ib_id,
                status="active",
                currency="USD",
                algorithm="Max Loss",
                presence_bits=64 | 128 | 256,  # ALGORITHM, STATUS, CURRENCY
            )
        ),
        stamped(ResponseAccountRmsInfo(user_msg=msg.user_msg, rp_code=["0"])),
    )


async def product_rms_info(
    server: RithmicServer, session: Session, msg: RequestProductRmsInfo
) -> None:
    """One row per tradable product; the simulator sets no per-product limits."""
    if msg.account_id not in ("", server.account_id):
        reply = ResponseProductRmsInfo(
            user_msg=msg.user_msg, rp_code=["7", f"unknown account {msg.account_id}"]
        )
        await server._respond(session, 306, stamped(reply))
        return
    products = sorted(s.root for s in map(get_spec, roots()) if s and s.tradable)
    parts: list[Templated] = [
        stamped(
            ResponseProductRmsInfo(
                user_msg=msg.user_msg,
                rq_handler_rp_code=["0"],
                account_id=server.account_id,
                fcm_id=server.fcm_id,
                ib_id=server.ib_id,
                product_code=root,
            )
        )
        for root in products
    ]
    parts.append(stamped(ResponseProductRmsInfo(user_msg=msg.user_msg, rp_code=["0"])))
    await server._respond(session, 306, *parts)


async def exchange_permissions(
    server: RithmicServer, session: Session, msg: RequestListExchangePermissions
) -> None:
    parts: list[Templated] = [
        stamped(
            ResponseListExchangePermissions(
                user_msg=msg.user_msg,
                rq_handler_rp_code=["0"],
                exchange=ex,
                entitlement_flag=ResponseListExchangePermissions.ENABLED,
                level_1_market_data="true",
                level_2_market_data="false",
            )
        )
        for ex in exchanges()
    ]
    parts.append(stamped(ResponseListExchangePermissions(user_msg=msg.user_msg, rp_code=["0"])))
    await server._respond(session, 342, *parts)


async def account_rms_updates(
    server: RithmicServer, session: Session, msg: RequestAccountRmsUpdates
) -> None:
    """RMS update subscription: accepted for the server's account. The simulator has no
    auto-liquidation, so no AccountRmsUpdates (356) follow; the answer says the request
    was understood, which is what a client waits for at login."""
    if msg.account_id not in ("", server.account_id):
        code = ["7", f"unknown account {msg.account_id}"]
    elif msg.request not in ("", "subscribe", "unsubscribe"):
        code = ["3", f"request {msg.request!r} is neither 'subscribe' nor 'unsubscribe'"]
    else:
        code = ["0"]
    reply = ResponseAccountRmsUpdates(user_msg=msg.user_msg, rp_code=code)
    await server._respond(session, 3508, stamped(reply))
