"""Which handler answers which client request, and what happens to a bad one.

Handlers live in one module per area (contracts and market data, orders, account); each
takes the server, the session and the request's fields. A request this server does not
simulate is logged and ignored, as TWS ignores what it does not know; a malformed one gets
error 321 naming the problem.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from runner_sims.ib import requests_account as account
from runner_sims.ib import requests_market as market
from runner_sims.ib import requests_orders as orders
from runner_sims.ib.session import Session, start_api
from runner_sims.ib.wire import as_int

if TYPE_CHECKING:
    from runner_sims.ib.server import TwsServer

log = logging.getLogger(__name__)

Handler = Callable[["TwsServer", Session, list[str]], None]


def _ignore(srv: TwsServer, s: Session, f: list[str]) -> None:
    return None


HANDLERS: dict[int, Handler] = {
    1: market.market_data,
    2: market.cancel_market_data,
    3: orders.place_order,
    4: orders.cancel_order,
    5: orders.open_orders,
    6: account.account_updates,
    7: orders.executions,
    8: orders.req_ids,
    9: market.contract_details,
    15: _ignore,  # reqAutoOpenOrders
    16: orders.open_orders,
    20: market.historical,
    25: market.cancel_historical,
    49: account.current_time,
    50: market.realtime_bars,
    51: market.cancel_realtime_bars,
    58: orders.global_cancel,
    59: _ignore,  # reqMarketDataType
    61: account.positions,
    62: account.account_summary,
    63: _ignore,  # cancelAccountSummary
    64: account.cancel_positions,
    76: account.account_updates_multi,
    96: market.historical_ticks,
    97: market.tick_by_tick,
    98: market.cancel_tick_by_tick,
    99: orders.completed_orders,
}
"""Request message id -> handler (ids of the client-to-server direction)."""


def dispatch(srv: TwsServer, s: Session, f: list[str]) -> bool:
    """Handle one request; False closes the connection."""
    try:
        msg_id = int(f[0])
    except ValueError:
        log.warning("%s: message id %r is not a number", s.peer, f[0])
        return True
    if msg_id == 71:
        return start_api(srv, s, f)
    if not s.ready:
        log.warning("%s: request %d before startApi ignored", s.peer, msg_id)
        return True
    handler = HANDLERS.get(msg_id)
    if handler is None:
        log.info("%s: request %d not simulated, ignored", s.peer, msg_id)
        return True
    try:
        handler(srv, s, f)
    except (IndexError, ValueError, KeyError) as exc:
        log.warning("%s: malformed request %s: %s", s.peer, f[:3], exc)
        req_id = as_int(f[2]) if len(f) > 2 and f[2].lstrip("-").isdigit() else -1
        s.error(req_id, 321, f"Error validating request: {exc}")
    return True
