"""Connection parameters shared by the Rithmic feed and broker plugins.

A bot normally names a connection profile (connections.yaml); the same fields may also be
given inline, which tests and examples use against the local server. Inline values win.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, SecretStr

from runner.api.base import Params
from runner.api.contracts import get_spec
from runner_plugins.feeds.symbols import root_of

from .client import RithmicError, Settings

# Exchanges of common roots runner's contract table does not carry (the table comes
# first), so a bot can write SIZ6 without naming COMEX.
EXCHANGES: dict[str, str] = {
    "GC": "COMEX", "MGC": "COMEX", "SI": "COMEX", "HG": "COMEX",
    "CL": "NYMEX", "MCL": "NYMEX", "NG": "NYMEX", "RB": "NYMEX", "HO": "NYMEX",
    "ES": "CME", "MES": "CME", "NQ": "CME", "MNQ": "CME", "6E": "CME", "6J": "CME",
    "6B": "CME", "6A": "CME", "ZN": "CBOT", "ZB": "CBOT", "ZC": "CBOT", "YM": "CBOT",
}  # fmt: skip


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
    request_timeout: float = Field(default=10.0, gt=0)
    reconnect_min: float = Field(default=0.2, gt=0, description="first reconnect backoff (s)")
    reconnect_max: float = Field(default=30.0, gt=0, description="longest reconnect backoff (s)")
    discover: bool = Field(default=True, description="check the system name with 16/17 first")


def exchange_for(symbol: str, extra: dict[str, str]) -> str:
    if symbol in extra:
        return extra[symbol]
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
