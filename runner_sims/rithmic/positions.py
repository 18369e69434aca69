"""The simulated account's positions and the PnL plant's view of them (450/451).

A position averages in while it grows and books closed PnL while it shrinks, at the
product's point value from runner's contract table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from runner.api import ContractSpec, Side
from runner_plugins.rithmic.config import root_of
from runner_plugins.rithmic.protocol.proto.account_pnl_position_update_pb2 import (
    AccountPnLPositionUpdate,
)
from runner_plugins.rithmic.protocol.proto.instrument_pnl_position_update_pb2 import (
    InstrumentPnLPositionUpdate,
)
from runner_plugins.rithmic.protocol.templates import Templated, stamped
from runner_sims.rithmic.notes import AccountIds, ns_parts


@dataclass
class Position:
    net: int = 0
    avg_open: float = 0.0
    closed_pnl: float = 0.0
    buys: int = 0
    sells: int = 0


def book(pos: Position, side: Side, qty: int, price: float, point: float) -> None:
    """One execution of ``qty`` at ``price`` into ``pos``."""
    signed = qty if side is Side.BUY else -qty
    if side is Side.BUY:
        pos.buys += qty
    else:
        pos.sells += qty
    if pos.net == 0 or (pos.net > 0) == (signed > 0):
        pos.avg_open = (pos.avg_open * abs(pos.net) + price * qty) / (abs(pos.net) + qty)
        pos.net += signed
        return
    closing = min(qty, abs(pos.net))
    direction = 1 if pos.net > 0 else -1
    pos.closed_pnl += (price - pos.avg_open) * closing * direction * point
    pos.net += signed
    if pos.net == 0:
        pos.avg_open = 0.0
    elif (pos.net > 0) != (direction > 0):
        pos.avg_open = price


def pnl_messages(
    positions: dict[str, Position],
    ids: AccountIds,
    *,
    snapshot: bool,
    now: int,
    spec_for: Callable[[str], ContractSpec],
    last_price: Callable[[str], float | None],
) -> list[Templated]:
    """One InstrumentPnLPositionUpdate per symbol ever traded, then the account's update."""
    ssboe, usecs = ns_parts(now)
    msgs: list[Templated] = []
    total_closed = 0.0
    for symbol, pos in positions.items():
        spec = spec_for(symbol)
        exchange, point = spec.exchange, spec.point_value
        last = last_price(symbol) or pos.avg_open
        open_pnl = (last - pos.avg_open) * pos.net * point if pos.net else 0.0
        total_closed += pos.closed_pnl
        msgs.append(
            stamped(
                InstrumentPnLPositionUpdate(
                    is_snapshot=snapshot,
                    symbol=symbol,
                    exchange=exchange,
                    product_code=root_of(symbol),
                    account_id=ids.account_id,
                    fcm_id=ids.fcm_id,
                    ib_id=ids.ib_id,
                    fill_buy_qty=pos.buys,
                    fill_sell_qty=pos.sells,
                    buy_qty=max(pos.net, 0),
                    sell_qty=max(-pos.net, 0),
                    net_quantity=pos.net,
                    open_position_quantity=abs(pos.net),
                    avg_open_fill_price=pos.avg_open,
                    open_position_pnl=f"{open_pnl:.2f}",
                    closed_position_pnl=f"{pos.closed_pnl:.2f}",
                    day_pnl=open_pnl + pos.closed_pnl,
                    day_closed_pnl=pos.closed_pnl,
                    day_open_pnl=open_pnl,
                    ssboe=ssboe,
                    usecs=usecs,
                )
            )
        )
    msgs.append(
        stamped(
            AccountPnLPositionUpdate(
                is_snapshot=snapshot,
                account_id=ids.account_id,
                fcm_id=ids.fcm_id,
                ib_id=ids.ib_id,
                net_quantity=sum(p.net for p in positions.values()),
                closed_position_pnl=f"{total_closed:.2f}",
                account_balance="100000.00",
                ssboe=ssboe,
                usecs=usecs,
            )
        )
    )
    return msgs
