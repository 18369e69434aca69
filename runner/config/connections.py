"""The model of connections.yaml: named broker/data connection profiles.

Bots name a profile (``feed: {use: myvenue, connection: venue_test}``) instead of carrying
hosts and credentials, so the same bot file runs against a test system, a paper account or
production by changing one word, and secrets stay out of bot files.

The core knows no venue: each venue package registers its profile model through the
``register_connection_profiles`` hook, and :func:`connections_model` builds the file's model
from whatever is registered, one pydantic union discriminated by ``kind``.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import ConfigDict, Field, create_model, field_validator

from runner.api.base import Model
from runner.api.connection import ConnectionProfile, profile_kind

if TYPE_CHECKING:
    from runner.plugins import PluginRegistry

IDENT = r"^[a-z][a-z0-9_]*$"

__all__ = ["ConnectionProfile", "ConnectionsFile", "connections_model"]


# The file's shape; connections_model() narrows ``connections`` to the registered profiles.
# (No docstring: it would become the description of the published JSON Schema.)
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


def connections_model(source: PluginRegistry | None = None) -> type[ConnectionsFile]:
    """The model of connections.yaml with every profile ``source`` registers (default: the
    installed plugins)."""
    if source is None:
        from runner.plugins import registry

        source = registry()
    return _model(tuple(source.connection_profiles()))


@functools.cache
def _model(profiles: tuple[type[ConnectionProfile], ...]) -> type[ConnectionsFile]:
    ordered = sorted(profiles, key=profile_kind)
    profile: Any
    if not ordered:
        profile = ConnectionProfile  # a registry without any venue: the common fields only
    elif len(ordered) == 1:
        profile = ordered[0]
    else:
        profile = Annotated[Union[tuple(ordered)], Field(discriminator="kind")]  # noqa: UP007
    model: type[ConnectionsFile] = create_model(
        "ConnectionsFile",
        __base__=ConnectionsFile,
        __module__=__name__,
        connections=(dict[str, profile], Field(default_factory=dict)),
    )
    return model
