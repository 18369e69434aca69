"""The web app served inside the runner's own event loop, beside the bots.

uvicorn serves the app on a socket bound before the run starts (an address in use is a
clear error, not a bot-less half start; port 0 picks a free one). The server never takes
the process's signals: Ctrl-C stays the runtime's, which flattens and then lets the server
go. While it serves, ``var/web.json`` says where (the operator commands read it), and the
token is added to the redactor so no log line can carry it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import uvicorn

from runner.web.access import Listen, Tls, WebError, WebSettings
from runner.web.app import WebApi, build_app

if TYPE_CHECKING:
    from runner.runtime.operator import Operator

DISCOVERY = "web.json"


def bind(listen: Listen) -> socket.socket:
    family = socket.AF_INET6 if ":" in listen.host else socket.AF_INET
    try:
        sock = socket.create_server((listen.host, listen.port), family=family)
    except OSError as exc:
        raise WebError(f"--web {listen}: cannot listen there: {exc.strerror or exc}") from None
    sock.setblocking(False)
    return sock


def url_of(sock: socket.socket, listen: Listen, tls: Tls | None) -> str:
    port = sock.getsockname()[1]
    host = "127.0.0.1" if listen.host in ("0.0.0.0", "") else listen.host
    host = "[::1]" if host == "::" else (f"[{host}]" if ":" in host else host)
    return f"{'https' if tls else 'http'}://{host}:{port}"


class WebServer:
    def __init__(
        self,
        operator: Operator,
        settings: WebSettings,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.operator = operator
        self.settings = settings
        self.monotonic = monotonic
        self.sock = bind(settings.listen)
        self.url = url_of(self.sock, settings.listen, settings.tls)

    @property
    def discovery(self) -> Path:
        return self.settings.var / DISCOVERY

    async def serve_while(self, work: Awaitable[int]) -> int:
        """Serves until ``work`` (the run) is done; returns its result."""
        token = self.settings.token.value
        if token:
            self.operator.runtime.redactor.add(token)
        api = WebApi(self.operator, token, self.monotonic)
        tls = self.settings.tls
        config = uvicorn.Config(
            build_app(api),
            log_level="warning",
            access_log=False,  # request lines may carry a token
            lifespan="off",
            timeout_graceful_shutdown=3,
            ssl_certfile=str(tls.cert) if tls else None,
            ssl_keyfile=str(tls.key) if tls else None,
        )
        server = QuietServer(config)
        serving = asyncio.create_task(server.serve(sockets=[self.sock]))
        self._write_discovery()
        try:
            return await work
        finally:
            self.operator.close()
            server.should_exit = True
            with contextlib.suppress(Exception):
                await asyncio.wait_for(serving, timeout=10)
            self._remove_discovery()

    def _write_discovery(self) -> None:
        tls = self.settings.tls
        self.settings.var.mkdir(parents=True, exist_ok=True)
        info = {
            "url": self.url,
            "pid": os.getpid(),
            "cert": str(tls.cert.resolve()) if tls else None,
        }
        tmp = self.discovery.with_suffix(".tmp")
        tmp.write_text(json.dumps(info) + "\n", encoding="utf-8")
        tmp.replace(self.discovery)

    def _remove_discovery(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            info = json.loads(self.discovery.read_text(encoding="utf-8"))
            if info.get("pid") == os.getpid():  # a later runner's file is left alone
                self.discovery.unlink()


class QuietServer(uvicorn.Server):
    """uvicorn's server without its signal handlers (the runtime owns SIGINT/SIGTERM)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield
