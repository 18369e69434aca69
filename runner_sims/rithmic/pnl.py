"""The PnL plant: position and account updates, as a subscription and as a snapshot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runner_plugins.rithmic.protocol.proto.request_pnl_position_snapshot_pb2 import (
    RequestPnLPositionSnapshot,
)
from runner_plugins.rithmic.protocol.proto.request_pnl_position_updates_pb2 import (
    RequestPnLPositionUpdates,
)
from runner_plugins.rithmic.protocol.proto.response_pnl_position_snapshot_pb2 import (
    ResponsePnLPositionSnapshot,
)
from runner_plugins.rithmic.protocol.proto.response_pnl_position_updates_pb2 import (
    ResponsePnLPositionUpdates,
)
from runner_plugins.rithmic.protocol.templates import stamped
from runner_sims.rithmic.session import Session

if TYPE_CHECKING:
    from runner_sims.rithmic.server import RithmicServer


async def pnl_subscribe(
    server: RithmicServer, session: Session, msg: RequestPnLPositionUpdates
) -> None:
    session.pnl_updates = msg.request != 2
    reply = ResponsePnLPositionUpdates(user_msg=msg.user_msg, rp_code=["0"])
    await server._respond(session, 400, stamped(reply))


async def pnl_snapshot(
    server: RithmicServer, session: Session, msg: RequestPnLPositionSnapshot
) -> None:
    for m in server.desk.pnl_messages(True):
        await session.send(m)
    reply = ResponsePnLPositionSnapshot(user_msg=msg.user_msg, rp_code=["0"])
    await server._respond(session, 402, stamped(reply))
