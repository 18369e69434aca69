"""One client connection: the handshake, startApi, and the read loop that feeds dispatch.

The version negotiated in the handshake is kept on the session; every message built for
that client afterwards takes it, so two clients on different versions each get their own
layouts from the same server.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from runner.api import NS, Bar
from runner_sims.ib import messages as msg
from runner_sims.ib import versions
from runner_sims.ib.wire import (
    Field,
    ProtocolError,
    as_int,
    frame,
    read_frame,
    read_handshake,
    split,
)

if TYPE_CHECKING:
    from runner_sims.ib.server import TwsServer

log = logging.getLogger(__name__)

CLIENT_ID_IN_USE = 326


@dataclass(slots=True)
class HistSub:
    """A keepUpToDate historical-data request: bars go on as they complete."""

    root: str
    bar_ns: int
    daily: bool
    epoch: bool
    last: Bar | None = None


@dataclass(slots=True)
class Session:
    """One client connection."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    peer: str
    version: int = 0
    client_id: int | None = None
    ready: bool = False
    market: dict[int, str] = field(default_factory=dict)  # reqId -> root
    tick_by_tick: dict[int, tuple[str, str]] = field(default_factory=dict)  # reqId -> root, kind
    realtime: dict[int, str] = field(default_factory=dict)  # reqId -> root (5-second bars)
    history: dict[int, HistSub] = field(default_factory=dict)
    account_updates: str = ""  # account subscribed through reqAccountUpdates
    positions: bool = False

    def send(self, fields: list[Field]) -> None:
        if not self.writer.is_closing():
            self.writer.write(frame(fields))

    def error(self, req_id: int, code: int, text: str) -> None:
        self.send(msg.error(self.version, req_id, code, text))


Dispatch = Callable[["TwsServer", Session, list[str]], bool]
"""Handles one request of a session; False closes the connection."""


async def serve(
    srv: TwsServer,
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    dispatch: Dispatch,
) -> None:
    """Run one connection until the client leaves or the server cuts it."""
    host, port = writer.get_extra_info("peername")[:2]
    peer = f"{host}:{port}"
    session = Session(reader, writer, peer)
    try:
        lo, hi, _options = await read_handshake(reader)
        version = versions.negotiate(lo, hi)
        if version is None:
            log.warning(
                "%s offers API versions %d..%d; this server speaks %d..%d: refused",
                peer,
                lo,
                hi,
                versions.MIN_VERSION,
                versions.MAX_VERSION,
            )
            return
        session.version = version
        srv.sessions.append(session)
        now = datetime.fromtimestamp(srv.market.now() / NS, tz=UTC)
        session.send([version, now.strftime("%Y%m%d %H:%M:%S UTC")])
        while True:
            fields = split(await read_frame(reader))
            if not fields:
                continue
            srv.received.append(fields)
            if not dispatch(srv, session, fields):
                return
            srv.changed()
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    except ProtocolError as exc:
        log.warning("%s: %s", peer, exc)
    finally:
        srv.forget_session(session)
        writer.close()


def start_api(srv: TwsServer, s: Session, f: list[str]) -> bool:
    """startApi: bind the client id (one connection per id), then the two messages every
    client waits for before it counts as connected, and the farm notices TWS sends."""
    client_id = as_int(f[2])
    if client_id in srv.client_ids():
        s.error(
            -1,
            CLIENT_ID_IN_USE,
            "Unable to connect as the client id is already in use. Retry with a unique client id.",
        )
        log.warning("%s: client id %d already in use; connection closed", s.peer, client_id)
        return False
    s.client_id = client_id
    s.ready = True
    s.send([msg.MANAGED_ACCTS, 1, ",".join(a.name for a in srv.accounts)])
    s.send([msg.NEXT_VALID_ID, 1, srv.book.next_order_id(client_id)])
    s.error(-1, 2104, "Market data farm connection is OK:usfarm")
    s.error(-1, 2106, "HMDS data farm connection is OK:ushmds")
    return True
