"""How a plugin package registers its classes: the hook marker, plugins by name, extras."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from runner.api.base import Plugin, PluginKind
from runner.hookspecs import hookimpl

__all__ = [
    "DISTRIBUTION",
    "PluginRef",
    "deferred",
    "hookimpl",
    "install_hint",
    "lazy_exports",
    "optional",
    "unusable",
]

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


@dataclass(frozen=True, slots=True)
class PluginRef:
    """A plugin class named by ``module:Class``, imported when a bot first uses it.

    A hook may return these beside classes. Registering by name keeps ``runner --help``
    and ``runner validate`` from importing the modules of plugins no bot names, and with
    them their libraries (a venue's client, TA-Lib, pandas).
    """

    kind: PluginKind
    name: str
    target: str  # "package.module:Class"
    extra: str | None = None  # the pip extra whose libraries the module needs, if any

    @property
    def class_name(self) -> str:
        return self.target.partition(":")[2]

    def load(self) -> type[Plugin] | None:
        """The class, or None when its extra is missing (then a bot that asks for the
        plugin is told which extra to install). Without an extra an ImportError is a
        broken installation and propagates."""
        module, _, attr = self.target.partition(":")
        try:
            cls: type[Plugin] = getattr(importlib.import_module(module), attr)
        except ImportError as exc:
            if self.extra is None:
                raise
            _UNAVAILABLE[(self.kind, self.name)] = (
                f"it needs the {self.extra!r} extra: {install_hint(self.extra)} ({exc})"
            )
            _NEEDS_EXTRA[(self.kind, self.name)] = (self.extra, module)
            return None
        return cls


def optional(kind: str, name: str, target: str, extra: str) -> PluginRef:
    """A plugin that needs an optional extra, as ``module:Class``: its module is imported
    when a bot uses it (or the plugins are listed), not when the hook is called.

    Without the extra's libraries the plugin is simply not registered, and a bot that asks
    for it is told which extra to install, instead of every command failing on import.
    """
    return PluginRef(PluginKind(kind), name, target, extra)


def deferred(kind: str, name: str, target: str) -> PluginRef:
    """A plugin of this package by name and ``module:Class``, imported on first use."""
    return PluginRef(PluginKind(kind), name, target)


def lazy_exports(refs: Iterable[PluginRef], module: str) -> Callable[[str], Any]:
    """A module ``__getattr__`` serving the classes of ``refs`` by class name, so that
    ``from package import Class`` keeps working while the package imports none of them."""
    by_name = {ref.class_name: ref for ref in refs}

    def __getattr__(name: str) -> Any:
        ref = by_name.get(name)
        if ref is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        return ref.load()

    return __getattr__
