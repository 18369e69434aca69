"""The model of connections.yaml: named broker/data connection profiles.

Bots name a profile (``feed: {use: rithmic, connection: rithmic_test}``) instead of
carrying hosts and credentials, so the same bot file runs against a test system, a paper
account or production by changing one word, and secrets stay out of bot files.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, PrivateAttr, SecretStr, field_validator

from runner.api.base import Model
from runner.config.secrets import Secret, resolve_secret

IDENT = r"^[a-z][a-z0-9_]*$"


class _Profile(Model):
    model_config = ConfigDict(extra="forbid")
    description: str = ""
    _base: Path | None = PrivateAttr(default=None)
    """Directory of the connections file; relative paths in the profile start there."""

    def path(self, value: str) -> Path:
        p = Path(value).expanduser()
        if not p.is_absolute() and self._base is not None:
            p = self._base / p
        return p

    def secrets(self, **kw: object) -> dict[str, SecretStr]:
        """Every credential of the profile, resolved (see :func:`resolve_secret`)."""
        out: dict[str, SecretStr] = {}
        for name in ("user", "password"):
            ref = getattr(self, name, None)
            if ref is not None:
                out[name] = resolve_secret(ref, **kw)  # type: ignore[arg-type]
        return out


class RithmicProfile(_Profile):
    """R|Protocol over WebSocket/TLS (a Rithmic system or a local R|Protocol server)."""

    kind: Literal["rithmic"]
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


class IBProfile(_Profile):
    """Interactive Brokers TWS or IB Gateway, through ib_async."""

    kind: Literal["ib"]
    host: str = "127.0.0.1"
    port: int = Field(ge=1, le=65535)
    client_id: int = Field(default=1, ge=0, le=2**31 - 1)
    """TWS API client id, 0 to 2^31 - 1 (a 32-bit signed integer)."""
    account: str | None = None
    readonly: bool = False
    timeout: float = Field(default=10.0, gt=0, le=3600)
    """Seconds to wait for the connection, more than 0 and at most 3600."""


class ReplayProfile(_Profile):
    """Historical data on disk (CSV/Parquet) replayed as a feed."""

    kind: Literal["replay"]
    data_dir: str | None = None


ConnectionProfile = Annotated[
    RithmicProfile | IBProfile | ReplayProfile, Field(discriminator="kind")
]
PROFILE_KINDS = ("rithmic", "ib", "replay")


class ConnectionsFile(Model):
    model_config = ConfigDict(extra="forbid")
    schema_version: Literal[1] = 1
    connections: dict[str, ConnectionProfile] = Field(default_factory=dict)

    @field_validator("connections")
    @classmethod
    def _names(cls, v: dict[str, object]) -> dict[str, object]:
        for key in v:
            if not re.match(IDENT, key):
                raise ValueError(f"{key!r} is not a valid name (lower case, digits, _)")
        return v
