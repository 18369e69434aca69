"""How a plugin package registers its classes: the hook marker and optional extras."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from runner.api.base import Plugin, PluginKind
from runner.hookspecs import hookimpl

__all__ = ["PluginRef", "hookimpl", "optional"]

_UNAVAILABLE: dict[tuple[PluginKind, str], str] = {}


@dataclass(frozen=True, slots=True)
class PluginRef:
    """A plugin class named by ``module:Class``, imported when a bot first uses it.

    A hook may return these beside classes. Registering by name keeps ``runner --help``
    and ``runner validate`` from importing a venue's client library (ib_async,
    websockets, protobuf) for bots that never name that venue.
    """

    kind: PluginKind
    name: str
    target: str  # "package.module:Class"
    extra: str  # the pip extra whose libraries the module needs

    def load(self) -> type[Plugin] | None:
        """The class, or None when the extra is missing (then a bot that asks for the
        plugin is told which extra to install)."""
        module, _, attr = self.target.partition(":")
        try:
            cls: type[Plugin] = getattr(importlib.import_module(module), attr)
        except ImportError as exc:
            _UNAVAILABLE[(self.kind, self.name)] = (
                f"it needs the {self.extra!r} extra: pip install 'runner[{self.extra}]' ({exc})"
            )
            return None
        return cls


def optional(kind: str, name: str, target: str, extra: str) -> PluginRef:
    """A plugin that needs an optional extra, as ``module:Class``: its module is imported
    when a bot uses it (or the plugins are listed), not when the hook is called.

    Without the extra's libraries the plugin is simply not registered, and a bot that asks
    for it is told which extra to install, instead of every command failing on import.
    """
    return PluginRef(PluginKind(kind), name, target, extra)
