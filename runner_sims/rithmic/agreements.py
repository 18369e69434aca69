"""The repository plant: the user agreements a login has accepted or still owes.

The simulator's one agreement is its own terms of use, accepted by every user, so a client
that checks agreements before trading finds nothing left to accept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runner_plugins.rithmic.protocol.proto.request_list_accepted_agreements_pb2 import (
    RequestListAcceptedAgreements,
)
from runner_plugins.rithmic.protocol.proto.request_list_unaccepted_agreements_pb2 import (
    RequestListUnacceptedAgreements,
)
from runner_plugins.rithmic.protocol.proto.request_show_agreement_pb2 import RequestShowAgreement
from runner_plugins.rithmic.protocol.proto.response_list_accepted_agreements_pb2 import (
    ResponseListAcceptedAgreements,
)
from runner_plugins.rithmic.protocol.proto.response_list_unaccepted_agreements_pb2 import (
    ResponseListUnacceptedAgreements,
)
from runner_plugins.rithmic.protocol.proto.response_show_agreement_pb2 import (
    ResponseShowAgreement,
)
from runner_plugins.rithmic.protocol.templates import stamped
from runner_sims.rithmic.session import NO_DATA, Session

if TYPE_CHECKING:
    from runner_sims.rithmic.server import RithmicServer

AGREEMENT_ID = "SIM-TERMS-1"
AGREEMENT_TITLE = "Simulator terms of use"
AGREEMENT_TEXT = b"Orders sent to this server reach no exchange; fills and prices are simulated."


async def unaccepted(
    server: RithmicServer, session: Session, msg: RequestListUnacceptedAgreements
) -> None:
    reply = ResponseListUnacceptedAgreements(user_msg=msg.user_msg, rp_code=NO_DATA)
    await server._respond(session, 500, stamped(reply))


async def accepted(
    server: RithmicServer, session: Session, msg: RequestListAcceptedAgreements
) -> None:
    await server._respond(
        session,
        502,
        stamped(
            ResponseListAcceptedAgreements(
                user_msg=msg.user_msg,
                rq_handler_rp_code=["0"],
                agreement_id=AGREEMENT_ID,
                agreement_title=AGREEMENT_TITLE,
                agreement_acceptance_status="Accepted",
                fcm_id=server.fcm_id,
                ib_id=server.ib_id,
            )
        ),
        stamped(ResponseListAcceptedAgreements(user_msg=msg.user_msg, rp_code=["0"])),
    )


async def show_agreement(
    server: RithmicServer, session: Session, msg: RequestShowAgreement
) -> None:
    if msg.agreement_id != AGREEMENT_ID:
        reply = ResponseShowAgreement(
            user_msg=msg.user_msg, rp_code=["7", f"no agreement {msg.agreement_id!r}"]
        )
        await server._respond(session, 506, stamped(reply))
        return
    await server._respond(
        session,
        506,
        stamped(
            ResponseShowAgreement(
                user_msg=msg.user_msg,
                rq_handler_rp_code=["0"],
                agreement_id=AGREEMENT_ID,
                agreement_title=AGREEMENT_TITLE,
                agreement=AGREEMENT_TEXT,
                agreement_status="Active",
                agreement_mandatory_flag="true",
            )
        ),
        stamped(ResponseShowAgreement(user_msg=msg.user_msg, rp_code=["0"])),
    )
