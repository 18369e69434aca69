"""One TWS API connection per profile, shared by the IB feed and the IB broker.

TWS allows one API session per client id, so a bot whose feed and broker both name the
same profile must share it: :meth:`IBSession.acquire` hands out one session per
(host, port, client id). The session keeps the connection up: after a dropped socket it
reconnects with exponential backoff; after TWS reports a lost link (1100) and its return
(1101 data lost / 1102 data kept) it tells its listeners, who resubscribe market data
(feed) or reconcile orders and executions (broker). The client library (ib_async or
ib_insync, see ``library``) is chosen per connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from runner.api import Backoff, ConnectionState, RunnerError
from runner_plugins.ib import library
from runner_plugins.ib.config import ConnectionFields

library.require_one()  # the feed and broker are registered only if a client library is here

log = logging.getLogger(__name__)

CLIENT_ID_IN_USE = 326
LINK_LOST, LINK_RESTORED_DATA_LOST, LINK_RESTORED = 1100, 1101, 1102


class IBConnectionError(RunnerError, ConnectionError):
    """A connection problem worth telling the user in one sentence (no traceback)."""

    transient = False
    """Nothing answered, or the line was cut during the handshake: TWS may be restarting."""


class IBUnreachable(IBConnectionError):
    transient = True


@dataclass(frozen=True, slots=True)
class Profile:
    host: str
    port: int
    client_id: int
    account: str
    timeout: float
    backoff_initial: float
    backoff_max: float
    library: str = "auto"

    @property
    def key(self) -> tuple[str, int, int]:
        return self.host, self.port, self.client_id

    def __str__(self) -> str:
        return f"{self.host}:{self.port} (client id {self.client_id})"


def resolve_profile(params: ConnectionFields, connection: Any = None) -> Profile:
    """Inline fields win over the connection profile; TWS paper defaults fill the rest."""

    def pick(name: str, default: Any) -> Any:
        value = getattr(params, name, None)
        if value is None and connection is not None:
            value = getattr(connection, name, None)
        return default if value is None else value

    timeout = params.connect_timeout
    if "connect_timeout" not in params.model_fields_set and connection is not None:
        timeout = float(getattr(connection, "timeout", timeout) or timeout)
    return Profile(
        host=pick("host", "127.0.0.1"),
        port=int(pick("port", 7497)),
        client_id=int(pick("client_id", 1)),
        account=pick("account", "") or "",
        timeout=timeout,
        backoff_initial=params.reconnect_initial,
        backoff_max=params.reconnect_max,
        library=pick("library", "auto"),
    )


Listener = Callable[[str], Awaitable[None]]


class IBSession:
    """A kept-alive TWS API connection. ``lib`` is the client library (ib_async or
    ib_insync), ``ib`` its ``IB`` object."""

    _registry: dict[tuple[str, int, int], IBSession] = {}

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.lib = library.choose(profile.library)
        self.ib = self.lib.IB()
        self.users = 0
        self.listeners: list[Listener] = []
        self.watchers: list[Callable[[ConnectionState, str], None]] = []
        """(state, reason) at each change of the connection, for its users' status."""
        self.brokers: list[Any] = []  # broker plugins on this connection
        self.owners: dict[str, Any] = {}  # orderRef -> the broker plugin that sent it
        self.link_up = True
        self.closing = False
        self.connected = asyncio.Event()
        self.reconnects = 0
        self._ever_connected = False
        self._connect_lock = asyncio.Lock()
        # ib_async files the answer to reqOpenOrders under one name per connection: a second
        # request while one is out orphans the first, whose caller then waits for ever.
        self._sync_lock = asyncio.Lock()
        self._reconnect_task: asyncio.Task[None] | None = None
        self._conflict: asyncio.Future[None] | None = None
        self.ib.errorEvent += self._on_error
        self.ib.disconnectedEvent += self._on_disconnected

    async def read_back(self) -> tuple[list[Any], list[Any]]:
        """Executions and open orders of this connection, one read-back at a time for every
        broker sharing it; TWS not answering within the profile's timeout (at least 10 s)
        raises :class:`IBConnectionError` instead of hanging the caller."""
        limit = max(10.0, self.profile.timeout)
        async with self._sync_lock:
            try:
                fills = await asyncio.wait_for(self.ib.reqExecutionsAsync(), limit)
                trades = await asyncio.wait_for(self.ib.reqOpenOrdersAsync(), limit)
            except TimeoutError:
                raise IBConnectionError(
                    f"IB {self.profile}: executions and open orders not read back in {limit:g} s"
                ) from None
        return list(fills), list(trades)

    # ------------------------------------------------------------------ sharing
    @classmethod
    def acquire(cls, profile: Profile) -> IBSession:
        session = cls._registry.get(profile.key)
        if session is None or session.closing:
            session = cls._registry[profile.key] = IBSession(profile)
        session.users += 1
        return session

    async def release(self) -> None:
        self.users -= 1
        if self.users <= 0:
            if IBSession._registry.get(self.profile.key) is self:
                del IBSession._registry[self.profile.key]
            await self.close()

    def add_listener(self, listener: Listener) -> None:
        self.listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        with contextlib.suppress(ValueError):
            self.listeners.remove(listener)

    # ------------------------------------------------------------------ connecting
    @property
    def is_connected(self) -> bool:
        return self.ib.isConnected()

    async def connect(self) -> None:
        """Connect once (first use); raises :class:`IBConnectionError` with a clear reason."""
        async with self._connect_lock:
            if self.is_connected:
                return
            self.closing = False
            self._status(ConnectionState.CONNECTING)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + self.profile.timeout
            delay = self.profile.backoff_initial
            while True:
                try:
                    await self._connect_once()
                    break
                except IBConnectionError as exc:
                    # A restarting TWS refuses or cuts connections for a few seconds: the
                    # first connection keeps trying for the connect timeout, as a runner
                    # started again after a crash meets TWS's own restart.
                    if not exc.transient or loop.time() + delay > deadline:
                        self._status(ConnectionState.DISCONNECTED, str(exc))
                        raise
                    log.info("IB %s: %s; trying again in %.1f s", self.profile, exc, delay)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, self.profile.backoff_max)
            self._status(ConnectionState.CONNECTED, f"through {library.describe(self.lib)}")

    async def _connect_once(self) -> None:
        p = self.profile
        loop = asyncio.get_running_loop()
        self._conflict = loop.create_future()
        connect = asyncio.ensure_future(
            self.ib.connectAsync(
                p.host, p.port, clientId=p.client_id, timeout=p.timeout, account=p.account
            )
        )
        try:
            done, _ = await asyncio.wait(
                {connect, self._conflict}, return_when=asyncio.FIRST_COMPLETED
            )
            if self._conflict in done:
                connect.cancel()
                with contextlib.suppress(BaseException):
                    await connect
                self.ib.disconnect()
                raise IBConnectionError(
                    f"IB at {p.host}:{p.port} refused client id {p.client_id}: it is already "
                    "in use by another connection; give this bot another client_id"
                )
            connect.result()
        except IBConnectionError:
            raise
        except ConnectionRefusedError as exc:
            raise IBUnreachable(
                f"nothing accepts connections at {p.host}:{p.port}: is TWS / IB Gateway "
                "running with its API enabled on that port?"
            ) from exc
        except TimeoutError as exc:
            raise IBConnectionError(f"IB at {p}: no API handshake within {p.timeout:g} s") from exc
        except OSError as exc:
            raise IBUnreachable(f"cannot connect to IB at {p}: {exc}") from exc
        finally:
            self._conflict = None
        accounts = self.ib.managedAccounts()
        if p.account and p.account not in accounts:
            self.ib.disconnect()
            raise IBConnectionError(
                f"account {p.account!r} is not managed by this IB login "
                f"(it manages: {', '.join(accounts) or 'none'})"
            )
        self.link_up = True
        self._ever_connected = True
        self.connected.set()
        log.info(
            "connected to IB at %s through %s (server version %s), accounts %s",
            p,
            library.describe(self.lib),
            self.ib.client.serverVersion(),
            ", ".join(accounts),
        )

    async def close(self) -> None:
        self.closing = True
        if self._reconnect_task is not None:
            self._reconnect_task.cancel()
            with contextlib.suppress(BaseException):
                await self._reconnect_task
        self.ib.errorEvent -= self._on_error
        self.ib.disconnectedEvent -= self._on_disconnected
        if self.ib.isConnected():
            self.ib.disconnect()
        self.connected.clear()

    # ------------------------------------------------------------------ keeping it up
    def _on_error(self, req_id: int, code: int, text: str, contract: Any = None) -> None:
        if code == CLIENT_ID_IN_USE and self._conflict is not None and not self._conflict.done():
            self._conflict.set_result(None)
        elif code == LINK_LOST:
            self.link_up = False
            log.warning("IB %s: TWS lost its connection to IB (1100)", self.profile)
            self._status(ConnectionState.DISCONNECTED, f"{text} (1100)")
        elif code in (LINK_RESTORED_DATA_LOST, LINK_RESTORED):
            self.link_up = True
            kind = "data_lost" if code == LINK_RESTORED_DATA_LOST else "restored"
            log.warning("IB %s: connection to IB restored (%d)", self.profile, code)
            self._status(ConnectionState.RECONNECTED, f"{text} ({code})")
            asyncio.get_event_loop().create_task(self._notify(kind))

    def _on_disconnected(self) -> None:
        self.connected.clear()
        if self.closing or (self._reconnect_task and not self._reconnect_task.done()):
            return
        if not self._ever_connected:
            return  # a first connect that failed is reported by connect(), not retried
        log.warning("IB %s: socket closed; reconnecting", self.profile)
        self._status(ConnectionState.DISCONNECTED, "socket closed")
        self._reconnect_task = asyncio.get_event_loop().create_task(self._reconnect())

    async def _reconnect(self) -> None:
        p = self.profile
        backoff = Backoff(min(p.backoff_initial, p.backoff_max), p.backoff_max)
        for attempt in itertools.count():
            if self.closing:
                return
            await asyncio.sleep(backoff.delay(attempt))
            if self.closing:
                return
            try:
                async with self._connect_lock:
                    await self._connect_once()
            except IBConnectionError as exc:
                log.warning(
                    "IB reconnect failed (%s); next try in %.1f s", exc, backoff.delay(attempt + 1)
                )
                continue
            self.reconnects += 1
            self._status(ConnectionState.RECONNECTED)
            await self._notify("reconnected")
            return

    def _status(self, state: ConnectionState, reason: str = "") -> None:
        for watcher in list(self.watchers):
            try:
                watcher(state, reason)
            except Exception:  # one user's bad callback must not stop the others
                log.exception("IB status watcher failed")

    async def _notify(self, kind: str) -> None:
        for listener in list(self.listeners):
            try:
                await listener(kind)
            except Exception:
                log.exception("IB listener failed after %s", kind)
