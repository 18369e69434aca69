"""The ticker plant's reference data: contract facts and the front month.

Every answer comes from runner's contract table and roll rules, so the server and a bot
never disagree about a tick size, a point value or which month is the front one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runner.api.contracts import get_spec
from runner_plugins.rithmic.protocol.proto.request_front_month_contract_pb2 import (
    RequestFrontMonthContract,
)
from runner_plugins.rithmic.protocol.proto.request_reference_data_pb2 import RequestReferenceData
from runner_plugins.rithmic.protocol.proto.response_front_month_contract_pb2 import (
    ResponseFrontMonthContract,
)
from runner_plugins.rithmic.protocol.proto.response_reference_data_pb2 import (
    ResponseReferenceData,
)
from runner_plugins.rithmic.protocol.templates import stamped
from runner_sims.rithmic.session import Session

if TYPE_CHECKING:
    from runner_sims.rithmic.server import RithmicServer


async def reference_data(
    server: RithmicServer, session: Session, msg: RequestReferenceData
) -> None:
    if not server.listed(msg.symbol):
        reply = ResponseReferenceData(user_msg=msg.user_msg, rp_code=["7", "no data"])
        await server._respond(session, 14, stamped(reply))
        return
    spec = server.spec_for(msg.symbol)
    root, exchange, tick, point = spec.root, spec.exchange, spec.tick_size, spec.point_value
    kind = "Future" if spec.sec_type == "FUT" else "Equity"
    await server._respond(
        session,
        14,
        stamped(
            ResponseReferenceData(
                user_msg=msg.user_msg,
                rp_code=["0"],
                symbol=msg.symbol,
                exchange=msg.exchange or exchange,
                exchange_symbol=msg.symbol,
                symbol_name=spec.description,
                product_code=root,
                instrument_type=kind,
                currency=spec.currency,
                min_qprice_change=tick,
                min_fprice_change=tick,
                single_point_value=point,
                is_tradable="true",
                trading_symbol=msg.symbol,
                trading_exchange=exchange,
                presence_bits=1 | 2 | 4 | 8 | 64 | 2048 | 4096 | 8192,
            )
        ),
    )


async def front_month(
    server: RithmicServer, session: Session, msg: RequestFrontMonthContract
) -> None:
    root = msg.symbol.upper()
    spec = get_spec(root)
    if spec is None or spec.sec_type != "FUT":
        reply = ResponseFrontMonthContract(user_msg=msg.user_msg, rp_code=["7", "no data"])
        await server._respond(session, 113, stamped(reply))
        return
    sym = server.front_month(root)
    await server._respond(
        session,
        113,
        stamped(
            ResponseFrontMonthContract(
                user_msg=msg.user_msg,
                rp_code=["0"],
                symbol=root,
                exchange=msg.exchange or spec.exchange,
                symbol_name=sym,
                is_front_month_symbol=True,
                trading_symbol=sym,
                trading_exchange=spec.exchange,
            )
        ),
    )
