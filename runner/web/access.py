"""Who may reach the web API: the address it listens on, the token, and the certificate.

The token is a bearer secret: given by ``RUNNER_WEB_TOKEN``, or generated at the first
start and kept in ``var/web-token`` (mode 0600), where ``runner status`` and the other
operator commands find it. It is printed once, when it is made, and never logged. A
listener on anything but loopback without a token is refused: anyone on the network could
flatten the account.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from runner.errors import RunnerError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8787
DEFAULT = f"{DEFAULT_HOST}:{DEFAULT_PORT}"
TOKEN_ENV = "RUNNER_WEB_TOKEN"
VAR = Path("var")
"""The project's folder of run-time state (next to strategies.d/; not in git)."""
TOKEN_FILE = "web-token"
MIN_TOKEN = 16


class WebError(RunnerError):
    """A web option or file that cannot be used: one line, no traceback."""


@dataclass(frozen=True, slots=True)
class Listen:
    host: str
    port: int

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def parse_listen(text: str, option: str = "--web") -> Listen:
    """``HOST:PORT``, ``HOST`` or ``:PORT`` (``[::1]:PORT`` for IPv6); port 0 picks a free one."""
    text = text.strip()
    host, port = text, str(DEFAULT_PORT)
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            raise WebError(f"{option}: {text!r}: an IPv6 address ends with ']'")
        host, rest = text[1:end], text[end + 1 :]
        if rest:
            if not rest.startswith(":"):
                raise WebError(f"{option}: {text!r} is not HOST:PORT")
            port = rest[1:]
    elif text.count(":") == 1:
        host, port = text.split(":")
    elif text.count(":") > 1:
        host = text  # a bare IPv6 address
    host = host or DEFAULT_HOST
    if not port.isdigit() or not 0 <= int(port) <= 65535:
        raise WebError(f"{option}: {text!r}: the port must be a number from 0 to 65535")
    if "/" in host or os.sep in host or host.endswith((".yaml", ".yml")):
        raise WebError(
            f"{option}: {text!r} is not HOST:PORT (to name bot files as well, put them "
            f"before --web or write --web={DEFAULT})"
        )
    return Listen(host, int(port))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Token:
    value: str | None  # None: no token asked for (loopback only)
    source: str  # "env", "file", "new" or "none"
    path: Path | None = None


def token_path(var: Path = VAR) -> Path:
    return var / TOKEN_FILE


def resolve_token(listen: Listen, no_token: bool, var: Path = VAR) -> Token:
    """The token of this start. Refuses a non-loopback listener without one."""
    if no_token:
        if not listen.loopback:
            raise WebError(
                f"--web {listen}: refusing to listen beyond this machine without a token "
                f"(drop --web-no-token; the token is in {token_path(var)} or ${TOKEN_ENV})"
            )
        return Token(None, "none")
    env = os.environ.get(TOKEN_ENV)
    if env is not None:
        if len(env.strip()) < MIN_TOKEN:
            raise WebError(
                f"${TOKEN_ENV} is {'empty' if not env.strip() else 'too short'}: give at least "
                f"{MIN_TOKEN} characters, or unset it to use the one in {token_path(var)}"
            )
        return Token(env.strip(), "env")
    path = token_path(var)
    found = read_token_file(path)
    if found is not None:
        return Token(found, "file", path)
    value = secrets.token_urlsafe(24)
    var.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(value + "\n")
    return Token(value, "new", path)


def read_token_file(path: Path) -> str | None:
    """The token kept in ``path``; None when there is none. One others may read is refused."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise WebError(
            f"{path}: others may read this token file (mode {stat.S_IMODE(mode):o}); "
            f"run 'chmod 600 {path}' or delete it to have a new one made"
        )
    value = path.read_text(encoding="utf-8").strip()
    if len(value) < MIN_TOKEN:
        raise WebError(f"{path}: the token in it is shorter than {MIN_TOKEN} characters")
    return value


@dataclass(frozen=True, slots=True)
class Tls:
    cert: Path
    key: Path


def resolve_tls(cert: Path | None, key: Path | None) -> Tls | None:
    if cert is None and key is None:
        return None
    if cert is None or key is None:
        raise WebError("--web-cert and --web-key go together: give both, or neither")
    for option, path in (("--web-cert", cert), ("--web-key", key)):
        if not path.is_file():
            raise WebError(f"{option}: {path} is not a file")
    return Tls(cert, key)


@dataclass(frozen=True, slots=True)
class WebSettings:
    """What ``runner start --web`` was asked for, checked."""

    listen: Listen
    token: Token
    tls: Tls | None = None
    var: Path = VAR
