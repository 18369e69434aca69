"""Which handler answers which request template, and on which plant.

One table for the whole server. Every request template our protos describe is here: each
is answered with its own response template (request id + 1), served or refused with an
error ``rp_code``. A template missing here is refused with a Reject (75), and a template
sent to the wrong plant is refused the same way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from runner_plugins.rithmic.protocol.templates import CLASSES, stamped
from runner_sims.rithmic import (
    account,
    agreements,
    brackets,
    connection,
    depth,
    history,
    marketdata,
    oco,
    orders,
    pnl,
    reference,
    symbols,
)
from runner_sims.rithmic.session import Session

if TYPE_CHECKING:
    from runner_sims.rithmic.server import RithmicServer

Handler = Callable[["RithmicServer", Session, Any], Awaitable[None]]


def refuse(request_tid: int, reason: str) -> Handler:
    """A handler that answers at once with the request's own response and an error code."""
    response = CLASSES[request_tid + 1]

    async def refused(server: RithmicServer, session: Session, msg: Any) -> None:
        reply = stamped(response())
        reply_msg: Any = reply
        reply_msg.user_msg.extend(msg.user_msg)
        reply_msg.rp_code.extend(["1", reason])
        await server._respond(session, request_tid, reply)

    return refused


# template id -> (plant or "" for any, handler)
HANDLERS: dict[int, tuple[str, Handler]] = {
    18: ("", connection.heartbeat),
    12: ("", connection.logout),
    # ticker plant
    14: ("ticker", reference.reference_data),
    100: ("ticker", marketdata._market_data),
    109: ("ticker", symbols.search_symbols),
    111: ("ticker", symbols.product_codes),
    113: ("ticker", reference.front_month),
    115: ("ticker", depth.depth_snapshot),
    117: ("ticker", depth.depth_updates),
    121: ("ticker", symbols.auxilliary_reference_data),
    # history plant
    200: ("history", lambda server, s, m: server.bar_streams.time_bar_update(s, m)),
    202: ("history", marketdata._time_bar_replay),
    204: ("history", lambda server, s, m: server.bar_streams.tick_bar_update(s, m)),
    206: ("history", lambda server, s, m: server.bar_streams.tick_bar_replay(s, m)),
    # order plant
    300: ("order", account.login_info),
    302: ("order", account.account_list),
    304: ("order", account.account_rms_info),
    306: ("order", account.product_rms_info),
    308: ("order", account.subscribe_orders),
    310: ("order", account.trade_routes),
    312: ("order", orders.new_order),
    314: ("order", orders.modify),
    316: ("order", orders.cancel),
    318: ("order", history.order_history_dates),
    320: ("order", orders.show_orders),
    322: ("order", history.order_history),
    324: ("order", history.order_history_summary),
    326: ("order", history.order_history_detail),
    328: ("order", oco.oco_order),
    330: ("order", orders.bracket_order),
    332: ("order", brackets.update_target),
    334: ("order", brackets.update_stop),
    336: ("order", brackets.subscribe_brackets),
    338: ("order", brackets.show_brackets),
    340: ("order", brackets.show_bracket_stops),
    342: ("order", account.exchange_permissions),
    346: ("order", orders.cancel_all),
    3504: ("order", orders.exit_position),
    3506: ("order", orders.replay_executions),
    3508: ("order", account.account_rms_updates),
    3512: ("order", history.fill_history),
    # PnL plant
    400: ("pnl", pnl.pnl_subscribe),
    402: ("pnl", pnl.pnl_snapshot),
    # repository plant
    500: ("repository", agreements.unaccepted),
    502: ("repository", agreements.accepted),
    506: ("repository", agreements.show_agreement),
}
