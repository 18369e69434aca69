"""The ticker plant's catalogue: symbol search, product codes and auxiliary reference
data (trading and notice dates), all read from runner's contract table.

A contract is listed here as the server lists it for trading (``RithmicServer.listed``):
each product's front month on the server's date, so a search never offers a symbol the
server would then refuse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runner.api import ContractSpec
from runner.api.contracts import first_notice_date, get_spec, last_trade_date, parse_symbol, roots
from runner_plugins.rithmic.config import root_of
from runner_plugins.rithmic.protocol.proto.request_auxilliary_reference_data_pb2 import (
    RequestAuxilliaryReferenceData,
)
from runner_plugins.rithmic.protocol.proto.request_product_codes_pb2 import RequestProductCodes
from runner_plugins.rithmic.protocol.proto.request_search_symbols_pb2 import RequestSearchSymbols
from runner_plugins.rithmic.protocol.proto.response_auxilliary_reference_data_pb2 import (
    ResponseAuxilliaryReferenceData,
)
from runner_plugins.rithmic.protocol.proto.response_product_codes_pb2 import (
    ResponseProductCodes,
)
from runner_plugins.rithmic.protocol.proto.response_search_symbols_pb2 import (
    ResponseSearchSymbols,
)
from runner_plugins.rithmic.protocol.templates import Templated, stamped
from runner_sims.rithmic.session import NO_DATA, Session

if TYPE_CHECKING:
    from runner_sims.rithmic.server import RithmicServer

_KINDS = {"FUT": 1, "STK": 4, "IND": 7}  # sec_type -> RequestSearchSymbols.InstrumentType


def _products() -> list[ContractSpec]:
    return [s for s in map(get_spec, roots()) if s is not None and s.tradable]


def _kind(spec: ContractSpec) -> str:
    return {"FUT": "Future", "STK": "Equity", "IND": "Index"}.get(spec.sec_type, spec.sec_type)


def _listing(server: RithmicServer, spec: ContractSpec) -> tuple[str, str]:
    """(symbol, expiration YYYYMMDD or "") of the contract the server lists for a product."""
    if spec.sec_type != "FUT":
        return spec.root, ""
    symbol = server.front_month(spec.root)
    root, year, month = parse_symbol(symbol, server.today())
    return symbol, last_trade_date(root, year, month).strftime("%Y%m%d")


async def search_symbols(
    server: RithmicServer, session: Session, msg: RequestSearchSymbols
) -> None:
    text = msg.search_text.upper()
    parts: list[Templated] = []
    for spec in _products():
        if msg.exchange and msg.exchange != spec.exchange:
            continue
        if msg.product_code and msg.product_code.upper() != spec.root:
            continue
        if msg.instrument_type and _KINDS.get(spec.sec_type) != msg.instrument_type:
            continue
        symbol, expiry = _listing(server, spec)
        names = (symbol, spec.root, spec.description.upper())
        found = text in names if msg.pattern == 1 else any(text in n for n in names)
        if not found:
            continue
        parts.append(
            stamped(
                ResponseSearchSymbols(
                    user_msg=msg.user_msg,
                    rq_handler_rp_code=["0"],
                    symbol=symbol,
                    exchange=spec.exchange,
                    product_code=spec.root,
                    symbol_name=spec.description,
                    instrument_type=_kind(spec),
                    expiration_date=expiry,
                )
            )
        )
    final = ["0"] if parts else NO_DATA
    parts.append(stamped(ResponseSearchSymbols(user_msg=msg.user_msg, rp_code=final)))
    await server._respond(session, 109, *parts)


async def product_codes(server: RithmicServer, session: Session, msg: RequestProductCodes) -> None:
    parts: list[Templated] = [
        stamped(
            ResponseProductCodes(
                user_msg=msg.user_msg,
                rq_handler_rp_code=["0"],
                exchange=spec.exchange,
                product_code=spec.root,
                symbol_name=spec.description,
            )
        )
        for spec in _products()
        if not msg.exchange or msg.exchange == spec.exchange
    ]
    final = ["0"] if parts else NO_DATA
    parts.append(stamped(ResponseProductCodes(user_msg=msg.user_msg, rp_code=final)))
    await server._respond(session, 111, *parts)


async def auxilliary_reference_data(
    server: RithmicServer, session: Session, msg: RequestAuxilliaryReferenceData
) -> None:
    spec = get_spec(root_of(msg.symbol))
    if spec is None or spec.sec_type != "FUT" or not server.listed(msg.symbol):
        reply = ResponseAuxilliaryReferenceData(user_msg=msg.user_msg, rp_code=NO_DATA)
        await server._respond(session, 121, stamped(reply))
        return
    root, year, month = parse_symbol(msg.symbol, server.today())
    reply = ResponseAuxilliaryReferenceData(
        user_msg=msg.user_msg,
        rp_code=["0"],
        symbol=msg.symbol,
        exchange=msg.exchange or spec.exchange,
        last_trading_date=last_trade_date(root, year, month).strftime("%Y%m%d"),
        presence_bits=16,  # LAST_TRADING_DATE
    )
    notice = first_notice_date(root, year, month)
    if notice is not None:
        reply.first_notice_date = notice.strftime("%Y%m%d")
        reply.settlement_method = "Physical"
        reply.presence_bits |= 1 | 2  # SETTLEMENT_METHOD, FIRST_NOTICE_DATE
    else:
        reply.settlement_method = "Cash"
        reply.presence_bits |= 1
    await server._respond(session, 121, stamped(reply))
