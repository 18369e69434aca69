"""How ``runner status``, ``pause``, ``resume`` and ``flatten`` reach a running runner: its
web API over HTTP(S), with the token, found where the runner left them.

The address comes from ``--url``, ``$RUNNER_WEB_URL`` or ``var/web.json`` (written by
``runner start --web`` while it serves); the token from ``$RUNNER_WEB_TOKEN`` or
``var/web-token``. Only the standard library is used: an operator on a bare SSH session
needs no extra package to stop a bot.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runner.web.access import TOKEN_ENV, VAR, WebError, read_token_file, token_path

URL_ENV = "RUNNER_WEB_URL"
DISCOVERY = "web.json"


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: dict[str, Any]


def operator_name() -> str:
    """``user@host``: who the journal says asked."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


class RunnerClient:
    def __init__(
        self,
        url: str | None = None,
        var: Path = VAR,
        insecure: bool = False,
        timeout: float = 10.0,
    ) -> None:
        self.var = var
        self.timeout = timeout
        cert = None
        self.pid: int | None = None
        url = url or os.environ.get(URL_ENV)
        if not url:
            url, cert = self._discover()
        self.url = url.rstrip("/")
        self.token = self._token()
        self.context: ssl.SSLContext | None = None
        if self.url.startswith("https:"):
            if insecure:
                self.context = ssl._create_unverified_context()
            else:
                self.context = ssl.create_default_context()
                if cert:  # the runner's own certificate (var/web.json), trusted as itself
                    self.context.load_verify_locations(cert)
                    self.context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
                    self.context.check_hostname = False

    def _discover(self) -> tuple[str, str | None]:
        path = self.var / DISCOVERY
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise WebError(
                f"no runner is running here: {path} is missing (start one with "
                f"'runner start --web', or give --url or ${URL_ENV})"
            ) from None
        except (OSError, ValueError) as exc:
            raise WebError(f"{path}: unreadable ({exc}); delete it and start again") from None
        if not isinstance(info, dict) or not isinstance(info.get("url"), str):
            raise WebError(f"{path}: no 'url' in it; delete it and start again")
        self.pid = info.get("pid") if isinstance(info.get("pid"), int) else None
        cert = info.get("cert")
        return info["url"], cert if isinstance(cert, str) else None

    def _token(self) -> str | None:
        env = os.environ.get(TOKEN_ENV)
        if env and env.strip():
            return env.strip()
        return read_token_file(token_path(self.var))

    # ------------------------------------------------------------------ requests
    def get(self, path: str) -> Answer:
        return self._call("GET", path, None)

    def post(self, path: str, body: dict[str, Any] | None = None) -> Answer:
        return self._call("POST", path, body or {})

    def _call(self, method: str, path: str, body: dict[str, Any] | None) -> Answer:
        headers = {"accept": "application/json", "x-operator": operator_name()}
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            headers["content-type"] = "application/json"
            headers["x-runner-action"] = "cli"
            data = json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data, headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout, context=self.context) as r:
                return Answer(r.status, _json(r.read()))
        except urllib.error.HTTPError as exc:
            answer = Answer(exc.code, _json(exc.read()))
            if exc.code == 401:
                raise WebError(
                    f"{self.url}: the runner refused the token (it is in {token_path(self.var)} "
                    f"or ${TOKEN_ENV}, and must be the one the runner started with)"
                ) from None
            return answer
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, ssl.SSLError):
                raise WebError(
                    f"{self.url}: the runner's TLS certificate is not trusted ({reason}); "
                    "run the command in the runner's project folder (var/web.json names "
                    "its certificate), or give --insecure"
                ) from None
            left = f" ({self.var / DISCOVERY} is left from a runner that ended)" if self.pid else ""
            if self.pid and _alive(self.pid):
                left = f" (its process {self.pid} is alive but does not answer)"
            raise WebError(f"no runner answers at {self.url}: {reason}{left}") from None


def _json(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw or b"{}")
    except ValueError:
        return {"error": raw.decode(errors="replace")[:200]}
    return value if isinstance(value, dict) else {"value": value}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
