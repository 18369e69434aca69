"""Finding plugins: every package in the entry-point group ``runner``, built-ins included.

The core never imports a plugin module by name. The built-ins are declared as entry points
in this project's own pyproject.toml, exactly as a third-party package declares its own, so
there is one registration path and one place where name clashes are caught.
"""

from __future__ import annotations

import difflib
import functools
import importlib
from dataclasses import dataclass
from typing import Any

import pluggy

from runner import hookspecs
from runner.api.base import Plugin, PluginKind

HOOKS: dict[PluginKind, str] = {
    PluginKind.INDICATOR: "register_indicators",
    PluginKind.SIGNAL: "register_signals",
    PluginKind.FILTER: "register_filters",
    PluginKind.EXIT: "register_exits",
    PluginKind.SIZER: "register_sizers",
    PluginKind.FEED: "register_feeds",
    PluginKind.BROKER: "register_brokers",
}


# (kind, name) -> why a plugin a package offers could not be loaded (a missing extra)
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


class PluginError(Exception):
    """A plugin package is broken or two packages claim the same name."""


@dataclass(frozen=True)
class PluginInfo:
    cls: type[Plugin]
    kind: PluginKind
    name: str
    package: str
    version: str

    @property
    def summary(self) -> str:
        doc = (self.cls.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else ""


class PluginRegistry:
    """All plugin classes by kind and name, with the distribution that provides each."""

    def __init__(self, manager: pluggy.PluginManager) -> None:
        self.manager = manager
        self._by_kind: dict[PluginKind, dict[str, PluginInfo]] = {k: {} for k in PluginKind}
        dists = {id(p): d for p, d in manager.list_plugin_distinfo()}
        for plugin in manager.get_plugins():
            dist = dists.get(id(plugin))
            package = dist.project_name if dist else _module_name(plugin)
            version = dist.version if dist else ""
            for kind, hook in HOOKS.items():
                for impl in getattr(manager.hook, hook).get_hookimpls():
                    if impl.plugin is not plugin:
                        continue
                    for cls in impl.function() or ():
                        self._add(PluginInfo(cls, kind, cls.name, package, version))

    def _add(self, info: PluginInfo) -> None:
        if getattr(info.cls, "kind", None) != info.kind:
            raise PluginError(
                f"{info.package} registers {info.cls.__qualname__} as a {info.kind}, "
                f"but it does not subclass the {info.kind} base class"
            )
        known = self._by_kind[info.kind].get(info.name)
        if known is not None and known.cls is not info.cls:
            raise PluginError(
                f"two {info.kind} plugins are named {info.name!r}: one from package "
                f"{known.package!r} ({known.cls.__module__}.{known.cls.__qualname__}) and one "
                f"from package {info.package!r} ({info.cls.__module__}.{info.cls.__qualname__}); "
                "uninstall one of them or rename it"
            )
        self._by_kind[info.kind][info.name] = info

    def get(self, kind: PluginKind, name: str) -> PluginInfo | None:
        return self._by_kind[kind].get(name)

    def names(self, kind: PluginKind) -> list[str]:
        return sorted(self._by_kind[kind])

    def of_kind(self, kind: PluginKind) -> list[PluginInfo]:
        return [self._by_kind[kind][n] for n in self.names(kind)]

    def all(self) -> list[PluginInfo]:
        return [info for kind in PluginKind for info in self.of_kind(kind)]

    def suggest(self, kind: PluginKind, name: str) -> str | None:
        close = difflib.get_close_matches(name, self.names(kind), n=1, cutoff=0.6)
        return close[0] if close else None

    def unknown_message(self, kind: PluginKind, name: str) -> str:
        missing = _UNAVAILABLE.get((PluginKind(kind), name))
        if missing is not None:
            return f"{kind} plugin {name!r} is not installed: {missing}"
        msg = f"unknown {kind} plugin {name!r}"
        hint = self.suggest(kind, name)
        if hint:
            return f"{msg}; did you mean {hint!r}?"
        names = ", ".join(self.names(kind)) or "none installed"
        return f"{msg}; installed {kind} plugins: {names}"


def _module_name(plugin: Any) -> str:
    return getattr(plugin, "__name__", type(plugin).__name__)


def make_manager(*extra: Any, entry_points: bool = True) -> pluggy.PluginManager:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    if entry_points:
        pm.load_setuptools_entrypoints(hookspecs.PROJECT)
    for plugin in extra:
        pm.register(plugin)
    return pm


@functools.cache
def registry() -> PluginRegistry:
    """The process-wide registry of installed plugins."""
    return PluginRegistry(make_manager())
