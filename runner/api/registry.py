"""How a plugin package registers its classes: the hook marker and optional extras."""

from __future__ import annotations

import importlib

from runner.api.base import Plugin, PluginKind
from runner.hookspecs import hookimpl

__all__ = ["hookimpl", "optional"]

_UNAVAILABLE: dict[tuple[PluginKind, str], str] = {}


def optional(kind: str, name: str, target: str, extra: str) -> type[Plugin] | None:
    """Import ``module:Class`` of a plugin that needs an optional extra.

    Without the extra's libraries the plugin is simply not registered, and a bot that asks
    for it is told which extra to install, instead of every command failing on import.
    """
    module, _, attr = target.partition(":")
    try:
        return getattr(importlib.import_module(module), attr)
    except ImportError as exc:
        _UNAVAILABLE[(PluginKind(kind), name)] = (
            f"it needs the {extra!r} extra: pip install 'runner[{extra}]' ({exc})"
        )
        return None
