"""Asyncio R|Protocol client: one TLS WebSocket per plant, each logging in, heartbeating and
reconnecting on its own.

Why one object per plant: Rithmic serves market data, orders, history and PnL from separate
plants, and a drop of one (a common event) must not disturb the others. Every plant keeps the
subscription requests it has sent and replays them after logging in again; the owner of the
plant (the broker or feed) is then told through ``on_reconnect`` so it can reconcile state
that changed while the link was down.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import itertools
import logging
import random
import ssl
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from runner.api import Backoff, ConnectionState
from runner_plugins.rithmic.config import Settings
from runner_plugins.rithmic.errors import (
    ConnectionLost,
    RithmicConnectError,
    RithmicError,
    RithmicLoginError,
    RithmicRequestError,
    RithmicTimeout,
    RithmicTLSError,
)
from runner_plugins.rithmic.protocol import framing
from runner_plugins.rithmic.protocol.framing import FrameError
from runner_plugins.rithmic.protocol.proto.reject_pb2 import Reject
from runner_plugins.rithmic.protocol.proto.request_heartbeat_pb2 import RequestHeartbeat
from runner_plugins.rithmic.protocol.proto.request_login_pb2 import RequestLogin
from runner_plugins.rithmic.protocol.proto.request_logout_pb2 import RequestLogout
from runner_plugins.rithmic.protocol.proto.request_rithmic_system_info_pb2 import (
    RequestRithmicSystemInfo,
)
from runner_plugins.rithmic.protocol.proto.response_login_pb2 import ResponseLogin
from runner_plugins.rithmic.protocol.proto.response_rithmic_system_info_pb2 import (
    ResponseRithmicSystemInfo,
)
from runner_plugins.rithmic.protocol.templates import IDS, M, Request, Templated, stamped

log = logging.getLogger(__name__)

TEMPLATE_VERSION = "3.9"
Handler = Callable[[int, Templated], None]


class Plant(enum.IntEnum):
    """Plant names with the ``infra_type`` value RequestLogin sends for them."""

    TICKER = 1
    ORDER = 2
    HISTORY = 3
    PNL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def infra_type(self) -> str:
        """Its name in RequestLogin's SysInfraType enum (whose numbers are our values)."""
        return f"{self.name}_PLANT"


def _binary(raw: str | bytes) -> bytes:
    """A received frame's bytes; R|Protocol sends binary frames only."""
    if isinstance(raw, str):
        raise FrameError("a text frame is not an R|Protocol message")
    return raw


def _secret(value: Any) -> str:
    if value is None:
        return ""
    getter = getattr(value, "get_secret_value", None)
    return getter() if callable(getter) else str(value)


async def open_socket(settings: Settings) -> ClientConnection:
    """A TLS WebSocket to the server, with failures turned into one-line errors."""
    ctx = settings.ssl_context()
    try:
        return await websockets.connect(
            settings.uri,
            ssl=ctx,
            open_timeout=settings.connect_timeout,
            max_size=2**24,
            ping_interval=None,  # R|Protocol has its own heartbeats
            compression=None,
        )
    except ssl.SSLCertVerificationError as exc:
        where = settings.ca_file or "the system trust store"
        raise RithmicTLSError(
            f"TLS certificate of {settings.uri} not trusted by {where}: {exc.verify_message}"
        ) from None
    except ssl.SSLError as exc:
        raise RithmicTLSError(f"TLS handshake with {settings.uri} failed: {exc}") from None
    except (OSError, InvalidHandshake, InvalidURI, TimeoutError) as exc:
        raise RithmicConnectError(f"cannot connect to {settings.uri}: {exc}") from None


async def list_systems(settings: Settings) -> list[str]:
    """Discovery (16/17): the system names the server offers, on a throwaway connection."""
    ws = await open_socket(settings)
    try:
        await ws.send(framing.encode(stamped(RequestRithmicSystemInfo(user_msg=["systems"]))))
        while True:
            raw = await asyncio.wait_for(ws.recv(), settings.request_timeout)
            _, msg = framing.decode(_binary(raw))
            if isinstance(msg, ResponseRithmicSystemInfo):  # template 17
                if msg.rp_code and msg.rp_code[0] != "0":
                    raise RithmicRequestError("RequestRithmicSystemInfo", msg.rp_code)
                return list(msg.system_name)
    except TimeoutError:
        raise RithmicTimeout("no answer to RequestRithmicSystemInfo") from None
    except ConnectionClosed as exc:  # a gateway going down: as if it refused, tried again
        raise RithmicConnectError(f"{settings.uri} closed the connection: {exc}") from None
    finally:
        await ws.close()


@dataclass(slots=True)
class _Pending:
    name: str
    future: asyncio.Future[Any]
    multi: bool
    parts: list[Templated] = field(default_factory=list)


@dataclass(slots=True)
class LoginInfo:
    heartbeat_interval: float = 60.0
    fcm_id: str = ""
    ib_id: str = ""
    unique_user_id: str = ""


class PlantClient:
    """One plant: connect, log in, heartbeat, match responses, stream, reconnect.

    ``handlers`` receive every message that is not a response to a pending request (and
    the data parts of multi-part responses are kept for the caller instead). The handler
    runs inside the read loop, so it must not block.
    """

    def __init__(self, plant: Plant, settings: Settings) -> None:
        self.plant = plant
        self.settings = settings
        self.handlers: dict[int, list[Handler]] = {}
        self.on_reconnect: list[Callable[[], Awaitable[None]]] = []
        self.on_state: list[Callable[[Plant, str], None]] = []
        self.on_status: list[Callable[[Plant, ConnectionState, str], None]] = []
        """(plant, state, reason) at each change of the connection, for the owner's status."""
        self.login = LoginInfo()
        self.connected = asyncio.Event()
        self.reconnects = 0
        self.skipped_unknown = 0
        self.bad_frames = 0
        self._ws: ClientConnection | None = None
        self._pending: dict[str, _Pending] = {}
        self._ids = itertools.count(1)
        self._subscriptions: dict[str, Request] = {}
        self._last_send = 0.0
        self._closing = False
        self._run_task: asyncio.Task | None = None
        self._hb_task: asyncio.Task | None = None
        self._restore_task: asyncio.Task | None = None
        self._logout_task: asyncio.Task | None = None

    # -- public -----------------------------------------------------------------------

    def on(self, template_id: int, handler: Handler) -> None:
        self.handlers.setdefault(template_id, []).append(handler)

    def on_message(self, kind: type[M], handler: Callable[[int, M], None]) -> None:
        """``on`` for the template of one message class, whose handler is given that class."""

        def narrowed(tid: int, msg: Templated) -> None:
            if isinstance(msg, kind):  # always: a template id names exactly one class
                handler(tid, msg)

        self.on(IDS[kind], narrowed)

    async def start(self) -> None:
        """Connect and log in once (errors raise), then keep the plant alive in the background."""
        self._closing = False
        self._status(ConnectionState.CONNECTING)
        try:
            ws = await self._connect_and_login()
        except RithmicError as exc:
            self._status(ConnectionState.DISCONNECTED, str(exc))
            raise
        self._attach(ws)
        self._status(ConnectionState.CONNECTED)
        self._run_task = asyncio.create_task(self._run(), name=f"rithmic-{self.plant.label}")

    async def request(
        self, msg: Request, *, multi: bool = False, timeout: float | None = None
    ) -> Any:
        """Send a request and wait for its response (a list of data parts when ``multi``)."""
        tag = f"{self.plant.label}-{next(self._ids)}"
        del msg.user_msg[:]
        msg.user_msg.append(tag)
        fut = asyncio.get_running_loop().create_future()
        pending = _Pending(type(msg).__name__, fut, multi)
        self._pending[tag] = pending
        try:
            await self.send(msg)
            return await asyncio.wait_for(fut, timeout or self.settings.request_timeout)
        except TimeoutError:
            raise RithmicTimeout(
                f"no answer to {pending.name} on the {self.plant.label} plant"
            ) from None
        finally:
            self._pending.pop(tag, None)

    async def subscribe(self, key: str, msg: Request) -> Any:
        """A request that must be re-sent after every reconnect (kept under ``key``)."""
        self._subscriptions[key] = msg
        return await self.request(msg)

    def forget(self, key: str) -> None:
        self._subscriptions.pop(key, None)

    async def send(self, msg: Templated) -> None:
        ws = self._ws
        if ws is None:
            raise ConnectionLost(f"the {self.plant.label} plant is not connected")
        try:
            await ws.send(framing.encode(msg))
        except ConnectionClosed:
            raise ConnectionLost(f"the {self.plant.label} plant connection closed") from None
        self._last_send = time.monotonic()

    async def close(self) -> None:
        """Log out politely, then stop the background tasks."""
        self._closing = True
        if self._ws is not None and self.connected.is_set():
            with contextlib.suppress(RithmicError, ConnectionClosed, OSError):
                await self.request(stamped(RequestLogout()), timeout=2.0)
        for task in (self._hb_task, self._run_task, self._restore_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        self._ws = None
        self.connected.clear()

    # -- connection life cycle -----------------------------------------------------------

    async def _connect_and_login(self) -> ClientConnection:
        s = self.settings
        ws = await open_socket(s)
        login = stamped(
            RequestLogin(
                template_version=TEMPLATE_VERSION,
                user=s.user,
                password=_secret(s.password),
                app_name=s.app_name,
                app_version=s.app_version,
                system_name=s.system_name,
                infra_type=self.plant.infra_type,
                user_msg=["login"],
            )
        )
        try:
            await ws.send(framing.encode(login))
            while True:
                raw = await asyncio.wait_for(ws.recv(), s.request_timeout)
                _, msg = framing.decode(_binary(raw))
                if isinstance(msg, ResponseLogin):  # template 11
                    break
                if isinstance(msg, Reject):  # template 75
                    raise RithmicLoginError(f"login rejected: {' '.join(msg.rp_code)}")
        except TimeoutError:
            await ws.close()
            raise RithmicTimeout(f"no login response from the {self.plant.label} plant") from None
        except ConnectionClosed:
            raise RithmicConnectError(f"{s.uri} closed the connection during login") from None
        if not msg.rp_code or msg.rp_code[0] != "0":
            await ws.close()
            text = " ".join(msg.rp_code[1:]) or "no reason given"
            raise RithmicLoginError(
                f"login to {s.system_name!r} ({self.plant.label} plant) as {s.user!r} "
                f"refused: {text}"
            )
        self.login = LoginInfo(
            heartbeat_interval=s.heartbeat_interval or msg.heartbeat_interval or 60.0,
            fcm_id=msg.fcm_id,
            ib_id=msg.ib_id,
            unique_user_id=msg.unique_user_id,
        )
        self._last_send = time.monotonic()
        return ws

    def _attach(self, ws: ClientConnection) -> None:
        self._ws = ws
        self.connected.set()
        if self._hb_task is not None:
            self._hb_task.cancel()
        self._hb_task = asyncio.create_task(self._heartbeat(ws))
        self._state("connected")

    def _state(self, state: str) -> None:
        log.info("%s plant %s", self.plant.label, state)
        for cb in self.on_state:
            cb(self.plant, state)

    def _status(self, state: ConnectionState, reason: str = "") -> None:
        for cb in self.on_status:
            try:
                cb(self.plant, state, reason)
            except Exception:  # a bad callback must not take the connection down
                log.exception("status callback of the %s plant failed", self.plant.label)

    async def _run(self) -> None:
        while not self._closing:
            ws = self._ws
            if ws is not None:
                reason = await self._read_loop(ws)
                if self._closing:
                    return
                self._lost(reason)
            try:
                ws = await self._reconnect()
            except RithmicLoginError as exc:  # credentials went bad: retrying cannot help
                self._state(f"stopped: {exc}")
                self._status(ConnectionState.DISCONNECTED, f"stopped: {exc}")
                return
            if ws is None:
                return
            self._attach(ws)
            self.reconnects += 1
            self._status(ConnectionState.RECONNECTED)
            # the read loop must run while these wait for their answers
            self._restore_task = asyncio.create_task(self._restore())

    async def _restore(self) -> None:
        """Re-send subscriptions, then let the owner reconcile what changed meanwhile."""
        if await self._resubscribe():
            self._status(ConnectionState.RESUBSCRIBED)
        for cb in self.on_reconnect:
            try:
                await cb()
            except Exception:  # a failed reconcile must not kill the plant
                log.exception("reconcile after %s plant reconnect failed", self.plant.label)

    def _lost(self, reason: str) -> None:
        self.connected.clear()
        self._ws = None
        if self._hb_task is not None:
            self._hb_task.cancel()
        for pending in list(self._pending.values()):
            if not pending.future.done():
                pending.future.set_exception(ConnectionLost(f"{pending.name}: {reason}"))
        self._state(f"lost ({reason})")
        self._status(ConnectionState.DISCONNECTED, reason)

    async def _reconnect(self) -> ClientConnection | None:
        s = self.settings
        backoff = Backoff(min(s.reconnect_min, s.reconnect_max), s.reconnect_max)
        failed = 0  # one line when attempts start failing and one when back, not one per try
        for attempt in itertools.count():
            await asyncio.sleep(backoff.delay(attempt) * random.uniform(0.5, 1.0))
            if self._closing:
                return None
            try:
                ws = await self._connect_and_login()
            except RithmicLoginError:
                raise
            except (RithmicError, OSError) as exc:
                failed += 1
                if failed == 1:
                    log.warning(
                        "%s plant cannot reconnect: %s (retrying quietly until it is back)",
                        self.plant.label,
                        exc,
                    )
                else:
                    log.debug("%s plant reconnect %d failed: %s", self.plant.label, attempt, exc)
                continue
            if failed:
                log.info("%s plant back after %d failed attempts", self.plant.label, failed)
            return ws
        return None

    async def _resubscribe(self) -> bool:
        """Send every subscription again; True when there were some and all were accepted."""
        ok = bool(self._subscriptions)
        for key, msg in list(self._subscriptions.items()):
            try:
                await self.request(msg)
            except RithmicError as exc:
                ok = False
                log.warning("re-sending %s on the %s plant failed: %s", key, self.plant.label, exc)
        return ok

    async def _heartbeat(self, ws: ClientConnection) -> None:
        """Send RequestHeartbeat after half the interval without other traffic: the server
        drops a client silent for the whole interval, and a busy loop may be late."""
        interval = self.login.heartbeat_interval
        idle_limit = interval * 0.5
        while True:
            wait = self._last_send + idle_limit - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            now = time.time()
            hb = stamped(RequestHeartbeat(ssboe=int(now), usecs=int(now % 1 * 1e6)))
            try:
                await ws.send(framing.encode(hb))
            except ConnectionClosed:
                return
            self._last_send = time.monotonic()

    async def _read_loop(self, ws: ClientConnection) -> str:
        try:
            async for raw in ws:
                if isinstance(raw, str):
                    self.bad_frames += 1
                    log.warning("%s plant sent a text frame; ignored", self.plant.label)
                    continue
                self._dispatch(raw)
        except ConnectionClosed as exc:
            return f"closed: {exc}"
        except OSError as exc:
            return f"network error: {exc}"
        return "closed by server"

    def _dispatch(self, raw: bytes) -> None:
        try:
            tid, msg = framing.decode(raw)
        except FrameError as exc:
            self.bad_frames += 1
            log.warning("%s plant: malformed frame skipped: %s", self.plant.label, exc)
            return
        if msg is None:
            self.skipped_unknown += 1
            return
        user_msg = getattr(msg, "user_msg", None)
        if user_msg:
            pending = self._pending.get(user_msg[0])
            if pending is not None:
                self._answer(pending, tid, msg)
                return
        if tid == 19:
            return
        if tid == 77:
            log.warning("%s plant: forced logout by the server", self.plant.label)
            if self._ws is not None:  # the read loop then reconnects
                self._logout_task = asyncio.get_running_loop().create_task(self._ws.close())
        elif isinstance(msg, Reject):  # template 75
            log.warning("%s plant: request rejected: %s", self.plant.label, list(msg.rp_code))
        for handler in self.handlers.get(tid, ()):
            try:
                handler(tid, msg)
            except Exception:  # a bad callback must not take the connection down
                log.exception("handler for template %d failed", tid)

    @staticmethod
    def _answer(pending: _Pending, tid: int, msg: Templated) -> None:
        fut = pending.future
        if fut.done():
            return
        if isinstance(msg, Reject):  # template 75
            fut.set_exception(RithmicRequestError(pending.name, msg.rp_code))
            return
        if pending.multi and getattr(msg, "rq_handler_rp_code", None):
            pending.parts.append(msg)
            return
        rp = list(msg.rp_code) if hasattr(msg, "rp_code") else ["0"]
        if rp and rp[0] != "0" and not (pending.multi and rp[0] == "7"):
            fut.set_exception(RithmicRequestError(pending.name, rp))
        elif pending.multi:
            fut.set_result(pending.parts)
        else:
            fut.set_result(msg)


class RithmicClient:
    """The four plants of one login, created on demand."""

    def __init__(self, settings: Settings, plants: Iterable[Plant] = tuple(Plant)) -> None:
        self.settings = settings
        self.plants: dict[Plant, PlantClient] = {p: PlantClient(p, settings) for p in plants}

    def __getitem__(self, plant: Plant) -> PlantClient:
        return self.plants[plant]

    async def connect(self, *, discover: bool = True) -> None:
        """Log in on every plant. A gateway that refuses or cuts connections (restarting)
        is tried again with the reconnect backoff for ``connect_timeout`` seconds, as a
        runner started again after a crash may meet the gateway's own restart."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.connect_timeout
        delay = self.settings.reconnect_min
        while True:
            try:
                await self._connect(discover=discover)
                return
            except RithmicConnectError as exc:
                if loop.time() + delay > deadline:
                    raise
                log.info("%s; trying again in %.1f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.settings.reconnect_max)

    async def _connect(self, *, discover: bool) -> None:
        if discover:
            systems = await list_systems(self.settings)
            if self.settings.system_name not in systems:
                raise RithmicLoginError(
                    f"system {self.settings.system_name!r} is not offered by "
                    f"{self.settings.uri} (offered: {', '.join(systems) or 'none'})"
                )
        started: list[PlantClient] = []
        try:
            for plant in self.plants.values():
                await plant.start()
                started.append(plant)
        except BaseException:
            for plant in started:
                await plant.close()
            raise

    async def close(self) -> None:
        await asyncio.gather(*(p.close() for p in self.plants.values()), return_exceptions=True)
