"""Connection profiles: what a venue needs to reach it, as a bot's connections.yaml names it.

A venue package subclasses :class:`ConnectionProfile` with ``kind: Literal["myvenue"]`` and
its own fields, and returns the class from its ``register_connection_profiles`` hook; the
core builds the model of connections.yaml from every registered profile, discriminated by
``kind``. So a new venue needs no edit in the core, and a typo in a profile is reported with
its file, line and field like any other configuration error.
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any, ClassVar

from pydantic import ConfigDict, PrivateAttr, SecretStr

from runner.api.base import Model
from runner.config.secrets import Secret, resolve_secret

__all__ = ["ConnectionProfile", "Secret", "profile_kind"]


class ConnectionProfile(Model):
    """Base of every connection profile; a subclass narrows ``kind`` to one ``Literal``.

    Fields typed :data:`Secret` take ``{env: VARIABLE}``, ``{credentials: KEY}`` or (in a
    git-ignored file only) a literal; the plugin resolves them at connect time through
    :meth:`secrets`, so a rotated credential is picked up on the next reconnect.
    """

    model_config = ConfigDict(extra="forbid")
    secret_fields: ClassVar[tuple[str, ...]] = ("user", "password")
    """The fields :meth:`secrets` resolves (those a subclass does not have are skipped)."""

    description: str = ""
    kind: str
    _base: Path | None = PrivateAttr(default=None)
    """Directory of the connections file; relative paths in the profile start there."""

    def path(self, value: str) -> Path:
        """A path of the profile (a CA file), relative to the connections file."""
        p = Path(value).expanduser()
        if not p.is_absolute() and self._base is not None:
            p = self._base / p
        return p

    def secrets(self, **kw: Any) -> dict[str, SecretStr]:
        """Every credential of the profile, resolved (see ``resolve_secret``)."""
        out: dict[str, SecretStr] = {}
        for name in self.secret_fields:
            ref = getattr(self, name, None)
            if ref is not None:
                out[name] = resolve_secret(ref, **kw)
        return out


def profile_kind(cls: type[ConnectionProfile]) -> str:
    """The one ``kind`` a profile class accepts (its ``Literal``); ValueError when it has none."""
    field = cls.model_fields.get("kind")
    args = typing.get_args(field.annotation) if field is not None else ()
    if (
        field is None
        or typing.get_origin(field.annotation) is not typing.Literal
        or len(args) != 1
        or not isinstance(args[0], str)
    ):
        raise ValueError(
            f"connection profile {cls.__qualname__} must declare kind: Literal['name'] "
            "with exactly one name"
        )
    return args[0]
