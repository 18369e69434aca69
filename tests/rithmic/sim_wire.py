"""A bare R|Protocol client for the simulator's conformance tests: TLS WebSockets from the
``websockets`` package, length-prefixed protobuf frames packed by hand, and the messages
the protocol reference describes. None of the plugin's client, framing or broker code is
used, so what passes here passes for any client written from the reference."""

from __future__ import annotations

import asyncio
import ssl
import struct
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from runner_plugins.rithmic.protocol.proto.base_pb2 import Base
from runner_plugins.rithmic.protocol.templates import CLASSES, IDS
from runner_sims.rithmic.server import RithmicServer

INFRA = {"ticker": 1, "order": 2, "history": 3, "pnl": 4, "repository": 5}
ANSWER_BOUND = 30.0  # seconds: a bound so a missing answer fails the test, never a speed goal


@dataclass
class Answer:
    """Every message a request brought back: data rows, the final message, and whatever
    else arrived meanwhile (notifications, market data) in arrival order."""

    rows: list[Any]
    final: Any
    others: list[tuple[int, Any]] = field(default_factory=list)


class Wire:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.seen: list[tuple[int, Any]] = []  # everything received, in order
        self._tag = 0

    @classmethod
    async def open(cls, server: RithmicServer) -> Wire:
        ctx = ssl.create_default_context(cafile=str(server.ca_file))
        ws = await connect(server.uri, ssl=ctx, max_size=2**24, compression=None)
        return cls(ws)

    async def close(self) -> None:
        await self.ws.close()

    async def send(self, msg: Any) -> None:
        msg.template_id = IDS[type(msg)]
        body = msg.SerializeToString()
        await self.ws.send(struct.pack(">i", len(body)) + body)

    async def recv(self) -> tuple[int, Any]:
        frame = await asyncio.wait_for(self.ws.recv(), ANSWER_BOUND)
        assert isinstance(frame, bytes), "a text frame"
        (size,) = struct.unpack_from(">i", frame)
        assert size == len(frame) - 4, "the length prefix disagrees with the frame"
        body = frame[4:]
        tid = Base.FromString(body).template_id
        msg = CLASSES[tid].FromString(body) if tid in CLASSES else None
        self.seen.append((tid, msg))
        return tid, msg

    def tag(self) -> str:
        self._tag += 1
        return f"conformance-{self._tag}"

    async def ask(self, msg: Any) -> Answer:
        """Sends a request tagged with a fresh user_msg and reads until the final answer
        (its response template, the echoed tag and an rp_code) or a Reject for it."""
        request_tid = IDS[type(msg)]
        tag = self.tag()
        del msg.user_msg[:]
        msg.user_msg.append(tag)
        await self.send(msg)
        rows: list[Any] = []
        others: list[tuple[int, Any]] = []
        while True:
            tid, got = await self.recv()
            if got is not None and tag in getattr(got, "user_msg", ()):
                assert tid == request_tid + 1, f"{request_tid} answered with template {tid}"
                if list(got.rp_code):
                    return Answer(rows, got, others)
                marks = list(getattr(got, "rq_handler_rp_code", []))
                assert marks, f"{tid}: a row without rq_handler_rp_code"
                rows.append(got)
            else:
                others.append((tid, got))

    async def until(self, wanted: Any) -> tuple[int, Any]:
        """Reads until a message for which ``wanted(tid, msg)`` holds (already seen counts)."""
        for tid, msg in self.seen:
            if wanted(tid, msg):
                return tid, msg
        while True:
            tid, msg = await self.recv()
            if wanted(tid, msg):
                return tid, msg


async def login(server: RithmicServer, plant: str, user: str = "trader") -> Wire:
    wire = await Wire.open(server)
    request = CLASSES[10](
        template_version="3.9",
        user=user,
        password="s3cret-pw",
        app_name="conformance",
        app_version="1",
        system_name="Rithmic Test",
        infra_type=INFRA[plant],
    )
    answer = await wire.ask(request)
    assert list(answer.final.rp_code) == ["0"], (plant, list(answer.final.rp_code))
    assert answer.final.heartbeat_interval > 0
    return wire
