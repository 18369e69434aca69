"""Connections of the local server: reading frames, login, heartbeats, answering requests.

Every plant shares this: a frame is decoded, a request before login is refused, the rest
goes to the handler the dispatch table names for the session's plant. Requests every plant
serves (heartbeat, logout, system info) live here too.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from runner_plugins.rithmic.protocol import framing
from runner_plugins.rithmic.protocol.framing import FrameError
from runner_plugins.rithmic.protocol.proto.request_heartbeat_pb2 import RequestHeartbeat
from runner_plugins.rithmic.protocol.proto.request_login_pb2 import RequestLogin
from runner_plugins.rithmic.protocol.proto.request_logout_pb2 import RequestLogout
from runner_plugins.rithmic.protocol.proto.request_rithmic_system_info_pb2 import (
    RequestRithmicSystemInfo,
)
from runner_plugins.rithmic.protocol.proto.response_heartbeat_pb2 import ResponseHeartbeat
from runner_plugins.rithmic.protocol.proto.response_login_pb2 import ResponseLogin
from runner_plugins.rithmic.protocol.proto.response_logout_pb2 import ResponseLogout
from runner_plugins.rithmic.protocol.proto.response_rithmic_system_info_pb2 import (
    ResponseRithmicSystemInfo,
)
from runner_plugins.rithmic.protocol.templates import CLASSES, Templated, new, stamped
from runner_sims.rithmic.session import PLANTS, Session

if TYPE_CHECKING:
    from runner_sims.rithmic.server import RithmicServer

log = logging.getLogger("runner_sims.rithmic.server")


async def handle(server: RithmicServer, ws: ServerConnection) -> None:
    session = Session(ws)
    server.sessions.add(session)
    try:
        async for raw in ws:
            session.last_recv = time.monotonic()
            if isinstance(raw, str):
                await session.send(new("Reject", rp_code=["1", "text frames are not R|Protocol"]))
                continue
            await on_frame(server, session, raw)
    except (ConnectionClosed, OSError):
        pass
    finally:
        server.sessions.discard(session)


async def watch_heartbeats(server: RithmicServer) -> None:
    """Drop a client that sent nothing for longer than the heartbeat interval."""
    while True:
        await asyncio.sleep(min(1.0, server.heartbeat_interval / 4))
        now = time.monotonic()
        for s in list(server.sessions):
            if s.logged_in and now - s.last_recv > server.heartbeat_interval:
                log.info("dropping silent %s client %s", s.plant, s.user)
                await s.ws.close(1008, "heartbeat timeout")


async def on_frame(server: RithmicServer, session: Session, raw: bytes) -> None:
    try:
        tid, msg = framing.decode(raw)
    except FrameError as exc:
        await session.send(new("Reject", rp_code=["3", f"bad frame: {exc}"]))
        return
    server.received.append(tid)
    if server.faults.ignore.get(tid, 0) > 0:  # lost in transit: no effect, no answer
        server.faults.ignore[tid] -= 1
        return
    if msg is None:
        await session.send(new("Reject", rp_code=["4", f"unknown template id {tid}"]))
        return
    if isinstance(msg, RequestRithmicSystemInfo):
        await system_info(server, session, msg)
        return
    if isinstance(msg, RequestLogin):
        await login(server, session, msg)
        return
    if not session.logged_in:
        await refuse(server, session, tid, msg, ["5", "log in first"])
        return
    handler = server._handlers.get(tid)
    if handler is None:
        await refuse(server, session, tid, msg, ["6", f"template {tid} is not a request"])
        return
    if handler[0] and handler[0] != session.plant:
        where = f"served by the {handler[0]} plant, not the {session.plant} plant"
        await refuse(server, session, tid, msg, ["6", f"template {tid} is {where}"])
        return
    await handler[1](server, session, msg)


async def refuse(
    server: RithmicServer, session: Session, tid: int, msg: Templated, code: list[str]
) -> None:
    """Refuses a request at once: with its own response template when it is a request the
    server answers (so a client waiting on that response by ``user_msg`` hears of it),
    with a Reject (75) otherwise."""
    user_msg = list(getattr(msg, "user_msg", []))
    response = CLASSES.get(tid + 1) if tid in server._handlers else None
    if response is not None:
        reply: Any = stamped(response())
        reply.user_msg.extend(user_msg)
        reply.rp_code.extend(code)
        await respond(server, session, tid, reply)
        return
    await session.send(new("Reject", user_msg=user_msg, rp_code=code))


async def respond(
    server: RithmicServer, session: Session, request_tid: int, *msgs: Templated
) -> None:
    delay = server.faults.delay_templates.get(request_tid, server.faults.response_delay)
    if delay <= 0:
        for m in msgs:
            await session.send(m)
        return

    async def later() -> None:
        await asyncio.sleep(delay)
        for m in msgs:
            await session.send(m)

    server._spawn(later())


async def system_info(
    server: RithmicServer, session: Session, msg: RequestRithmicSystemInfo
) -> None:
    await respond(
        server,
        session,
        16,
        stamped(
            ResponseRithmicSystemInfo(
                user_msg=msg.user_msg,
                rp_code=["0"],
                system_name=server.systems,
                has_aggregated_quotes=[False] * len(server.systems),
            )
        ),
    )


async def login(server: RithmicServer, session: Session, msg: RequestLogin) -> None:
    plant = PLANTS.get(msg.infra_type)
    code: list[str] = ["0"]
    if plant is None:
        code = ["3", f"infra_type {msg.infra_type} not offered"]
    elif msg.system_name not in server.systems:
        code = ["13", f"system {msg.system_name!r} unknown"]
    elif server.users is not None and server.users.get(msg.user) != msg.password:
        code = ["13", "permission denied"]
    elif msg.template_version != "3.9":
        code = ["3", f"template_version {msg.template_version!r} not supported"]
    reply = stamped(ResponseLogin(user_msg=msg.user_msg, rp_code=code, template_version="3.9"))
    if plant is not None and code == ["0"]:
        session.plant, session.user, session.logged_in = plant, msg.user, True
        reply.heartbeat_interval = server.heartbeat_interval
        reply.fcm_id, reply.ib_id = server.fcm_id, server.ib_id
        reply.unique_user_id = f"{msg.user}@sim"
    await session.send(reply)


async def heartbeat(server: RithmicServer, session: Session, msg: RequestHeartbeat) -> None:
    ssboe, usecs = server.now_parts()
    await session.send(
        stamped(ResponseHeartbeat(user_msg=msg.user_msg, rp_code=["0"], ssboe=ssboe, usecs=usecs))
    )


async def logout(server: RithmicServer, session: Session, msg: RequestLogout) -> None:
    await session.send(stamped(ResponseLogout(user_msg=msg.user_msg, rp_code=["0"])))
    session.logged_in = False
    await session.ws.close()
