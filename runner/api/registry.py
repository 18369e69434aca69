"""How a plugin package registers its classes: the hook marker and optional extras."""

from __future__ import annotations

import importlib

from runner.api.base import Plugin, PluginKind
from runner.hookspecs import hookimpl

__all__ = ["DISTRIBUTION", "hookimpl", "install_hint", "optional", "unusable"]

DISTRIBUTION = "futures-runner"
"""The name pip knows this project by (the import package and the command are ``runner``):
a plugin package declares ``dependencies = ["futures-runner"]``."""

_UNAVAILABLE: dict[tuple[PluginKind, str], str] = {}
_NEEDS_EXTRA: dict[tuple[PluginKind, str], tuple[str, str]] = {}  # -> (extra, module)


def install_hint(extra: str) -> str:
    """The command that installs one of this project's extras."""
    return f"pip install '{DISTRIBUTION}[{extra}]'"


def unusable() -> dict[tuple[PluginKind, str], tuple[str, str]]:
    """Plugins a package offers that could not be imported for a missing extra:
    (kind, name) -> (extra, module), so listings can say what to install."""
    return dict(_NEEDS_EXTRA)


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
            f"it needs the {extra!r} extra: {install_hint(extra)} ({exc})"
        )
        _NEEDS_EXTRA[(PluginKind(kind), name)] = (extra, module)
        return None
