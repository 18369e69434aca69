"""Depth by order on the ticker plant: a snapshot of the simulated book.

The simulator has no order book of its own, only the last trade of each product's replay;
its snapshot is the honest minimal book around that trade: one resting order a tick below
it and one a tick above. Streamed depth updates (117) would have nothing true to report,
so they are refused with their own response and an error code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runner_plugins.rithmic.protocol.proto.request_depth_by_order_snapshot_pb2 import (
    RequestDepthByOrderSnapshot,
)
from runner_plugins.rithmic.protocol.proto.request_depth_by_order_updates_pb2 import (
    RequestDepthByOrderUpdates,
)
from runner_plugins.rithmic.protocol.proto.response_depth_by_order_snapshot_pb2 import (
    ResponseDepthByOrderSnapshot,
)
from runner_plugins.rithmic.protocol.proto.response_depth_by_order_updates_pb2 import (
    ResponseDepthByOrderUpdates,
)
from runner_plugins.rithmic.protocol.templates import Templated, stamped
from runner_sims.rithmic.session import NO_DATA, Session

if TYPE_CHECKING:
    from runner_sims.rithmic.server import RithmicServer

UPDATES_REFUSED = ["1", "depth-by-order updates are not offered by the simulator"]


async def depth_snapshot(
    server: RithmicServer, session: Session, msg: RequestDepthByOrderSnapshot
) -> None:
    if not server.knows(msg.symbol):
        reply = ResponseDepthByOrderSnapshot(user_msg=msg.user_msg, rp_code=NO_DATA)
        await server._respond(session, 115, stamped(reply))
        return
    market = server.market(msg.symbol)
    levels = [
        (ResponseDepthByOrderSnapshot.BUY, round(market.last - market.tick, 10)),
        (ResponseDepthByOrderSnapshot.SELL, round(market.last + market.tick, 10)),
    ]
    parts: list[Templated] = []
    for seq, (side, price) in enumerate(levels, start=1):
        if msg.HasField("depth_price") and abs(msg.depth_price - price) > market.tick / 2:
            continue
        parts.append(
            stamped(
                ResponseDepthByOrderSnapshot(
                    user_msg=msg.user_msg,
                    rq_handler_rp_code=["0"],
                    symbol=msg.symbol,
                    exchange=msg.exchange or market.exchange,
                    sequence_number=seq,
                    depth_side=side,
                    depth_price=price,
                    depth_size=[1],
                    depth_order_priority=[seq],
                    exchange_order_id=[f"SIM-{msg.symbol}-{seq}"],
                )
            )
        )
    final = ["0"] if parts else NO_DATA
    parts.append(stamped(ResponseDepthByOrderSnapshot(user_msg=msg.user_msg, rp_code=final)))
    await server._respond(session, 115, *parts)


async def depth_updates(
    server: RithmicServer, session: Session, msg: RequestDepthByOrderUpdates
) -> None:
    reply = ResponseDepthByOrderUpdates(user_msg=msg.user_msg, rp_code=UPDATES_REFUSED)
    await server._respond(session, 117, stamped(reply))
