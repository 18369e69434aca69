"""Which handler answers which request template, and on which plant.

One table for the whole server: a template missing here is refused with a Reject (75),
and a template sent to the wrong plant is refused the same way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from runner_sims.rithmic import account, connection, marketdata, orders, pnl, reference
from runner_sims.rithmic.session import Session

if TYPE_CHECKING:
    from runner_sims.rithmic.server import RithmicServer

Handler = Callable[["RithmicServer", Session, Any], Awaitable[None]]

# template id -> (plant or "" for any, handler)
HANDLERS: dict[int, tuple[str, Handler]] = {
    18: ("", connection.heartbeat),
    12: ("", connection.logout),
    14: ("ticker", reference.reference_data),
    100: ("ticker", marketdata._market_data),
    113: ("ticker", reference.front_month),
    200: ("history", marketdata._time_bar_update),
    202: ("history", marketdata._time_bar_replay),
    300: ("order", account.login_info),
    302: ("order", account.account_list),
    308: ("order", account.subscribe_orders),
    310: ("order", account.trade_routes),
    312: ("order", orders.new_order),
    314: ("order", orders.modify),
    316: ("order", orders.cancel),
    320: ("order", orders.show_orders),
    330: ("order", orders.bracket_order),
    346: ("order", orders.cancel_all),
    3506: ("order", orders.replay_executions),
    400: ("pnl", pnl.pnl_subscribe),
    402: ("pnl", pnl.pnl_snapshot),
}
