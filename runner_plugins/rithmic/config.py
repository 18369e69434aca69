"""How runner reaches a Rithmic system: the connection profile, the plugins' parameters and
the settings of one login.

A bot normally names a connection profile (connections.yaml); the same fields may also be
given inline, which tests and examples use against the local server. Inline values win.
Nothing here needs the ``rithmic`` extra, so the profile validates without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator

from runner.api.base import Params
from runner.api.connection import ConnectionProfile, Secret
from runner_plugins.rithmic.errors import RithmicError, RithmicTLSError

if TYPE_CHECKING:
    import ssl

# Only a root is wanted from a symbol: any reference day will do, and none reads the clock.
_ANY_DAY = date(2000, 1, 1)

# Exchanges of common roots runner's contract table does not carry (the table comes
# first), so a bot can write SIZ6 without naming COMEX.
EXCHANGES: dict[str, str] = {
    "GC": "COMEX", "MGC": "COMEX", "SI": "COMEX", "HG": "COMEX",
    "CL": "NYMEX", "MCL": "NYMEX", "NG": "NYMEX", "RB": "NYMEX", "HO": "NYMEX",
    "ES": "CME", "MES": "CME", "NQ": "CME", "MNQ": "CME", "6E": "CME", "6J": "CME",
    "6B": "CME", "6A": "CME", "ZN": "CBOT", "ZB": "CBOT", "ZC": "CBOT", "YM": "CBOT",
}  # fmt: skip


class RithmicProfile(ConnectionProfile):
    """R|Protocol over WebSocket/TLS (a Rithmic system or a local R|Protocol server)."""

    kind: Literal["rithmic"]
    allow_insecure: bool = False
    """Accept a plain ``ws://`` URI, which sends the password unencrypted: only for a local
    test server on a trusted machine."""
    uri: str = Field(pattern=r"^wss?://[^\s/]+")
    system_name: str = Field(min_length=1)
    """The Rithmic system to log in to, exactly as the server lists it (Rithmic Test, ...)."""
    app_name: str = Field(min_length=1)
    app_version: str = Field(min_length=1)
    ca_file: str | None = None
    """PEM file of the CA that signed the server certificate; system trust store if omitted."""
    user: Secret
    password: Secret
    fcm_id: str | None = None
    ib_id: str | None = None
    account: str | None = None
    """Trading account id when the login has several."""

    @field_validator("uri")
    @classmethod
    def _encrypted(cls, uri: str, info: ValidationInfo) -> str:
        # the login carries the password: in clear over ws:// anyone on the path reads it
        if uri.startswith("ws://") and not info.data.get("allow_insecure", False):
            raise ValueError(
                f"{uri!r} is not encrypted and the login would send the password in clear; "
                "use wss:// (TLS), or add allow_insecure: true to this profile for a local "
                "test server"
            )
        return uri


@dataclass(slots=True)
class Settings:
    """Everything needed to reach and log in to one Rithmic system.

    ``password`` may be a pydantic ``SecretStr``; it is only unwrapped when the login
    message is built and never appears in a log line or a repr.
    """

    uri: str
    system_name: str = "Rithmic Test"
    user: str = ""
    password: str | SecretStr = field(default="", repr=False)
    app_name: str = "runner"
    app_version: str = "0.1"
    ca_file: str | None = None
    verify: bool = True
    request_timeout: float = 10.0
    connect_timeout: float = 10.0
    reconnect_min: float = 0.2
    reconnect_max: float = 30.0
    heartbeat_interval: float | None = None  # override of the server's interval (tests)

    def ssl_context(self) -> ssl.SSLContext | None:
        import ssl  # when connecting, not when the profile is validated

        if not self.uri.startswith("wss://"):
            return None
        if self.ca_file:
            path = Path(self.ca_file)
            if not path.is_file():
                raise RithmicTLSError(f"CA file {path} does not exist")
            try:
                ctx = ssl.create_default_context(cafile=str(path))
            except (ssl.SSLError, OSError) as exc:
                raise RithmicTLSError(f"CA file {path} is not a PEM certificate: {exc}") from exc
        else:
            ctx = ssl.create_default_context()
        if not self.verify:
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        return ctx


MAX_WAIT = 3600.0
"""Upper bound of every timeout and backoff a file may give, in seconds: one hour."""


class RithmicParams(Params):
    connection: str | None = Field(
        default=None, description="name of a rithmic profile in connections.yaml"
    )
    uri: str | None = Field(default=None, description="wss://host:port of the Rithmic gateway")
    system_name: str | None = Field(default=None, description="e.g. 'Rithmic Test'")
    user: str | None = None
    password: SecretStr | None = None
    app_name: str | None = None
    app_version: str | None = None
    ca_file: str | None = Field(default=None, description="PEM CA file to verify the server")
    account_id: str | None = Field(default=None, description="account when the login has several")
    exchanges: dict[str, str] = Field(
        default_factory=dict, description="root or symbol -> exchange, beyond the built-ins"
    )
    request_timeout: float = Field(
        default=10.0, gt=0, le=MAX_WAIT, description="seconds a request waits, at most 3600"
    )
    reconnect_min: float = Field(
        default=0.2, gt=0, le=MAX_WAIT, description="first reconnect backoff (s), at most 3600"
    )
    reconnect_max: float = Field(
        default=30.0, gt=0, le=MAX_WAIT, description="longest reconnect backoff (s), at most 3600"
    )
    discover: bool = Field(default=True, description="check the system name with 16/17 first")


def root_of(symbol: str) -> str:
    """The product root of a contract symbol (GCZ6 -> GC), the symbol itself for any other."""
    from runner.api.contracts import parse_symbol  # the contract table: when a bot runs

    sym = symbol.strip().upper()
    try:
        return parse_symbol(sym, _ANY_DAY)[0]
    except ValueError:
        return sym


def exchange_for(symbol: str, extra: dict[str, str]) -> str:
    if symbol in extra:
        return extra[symbol]
    from runner.api.contracts import get_spec

    root = root_of(symbol)
    spec = get_spec(root)
    found = extra.get(root) or (spec.exchange if spec is not None else EXCHANGES.get(root))
    if found is None:
        raise RithmicError(
            f"no exchange known for {symbol!r}; add it under 'exchanges' (e.g. {root}: CME)"
        )
    return found


def _unwrap(value: Any) -> Any:
    getter = getattr(value, "get_secret_value", None)
    return getter() if callable(getter) else value


def settings_for(params: RithmicParams, connection: Any = None) -> Settings:
    """Settings from a connection profile (if any) overlaid with inline parameters."""
    values: dict[str, Any] = {}
    if connection is not None:
        secrets: dict[str, Any] = {}
        if callable(getattr(connection, "secrets", None)):
            try:
                secrets = connection.secrets()
            except Exception as exc:  # a missing env var or credentials key: say which
                raise RithmicError(f"rithmic connection credentials: {exc}") from None
        for name in (
            "uri",
            "system_name",
            "app_name",
            "app_version",
            "ca_file",
            "user",
            "password",
        ):
            value = secrets.get(name, getattr(connection, name, None))
            if value is None:
                continue
            if name == "ca_file" and callable(getattr(connection, "path", None)):
                value = str(connection.path(value))
            values[name] = _unwrap(value) if name == "user" else value
    for name in ("uri", "system_name", "app_name", "app_version", "ca_file", "user", "password"):
        value = getattr(params, name)
        if value is not None:
            values[name] = value
    if not values.get("uri"):
        raise RithmicError("the rithmic plugin needs a connection profile or an inline 'uri'")
    values.setdefault("system_name", "Rithmic Test")
    values.setdefault("app_name", "runner")
    values.setdefault("app_version", "0.1")
    return Settings(
        request_timeout=params.request_timeout,
        reconnect_min=params.reconnect_min,
        reconnect_max=params.reconnect_max,
        **values,
    )


def account_of(params: RithmicParams, connection: Any = None) -> str | None:
    return params.account_id or getattr(connection, "account", None)
