"""Finding plugins: every package in the entry-point group ``runner``, built-ins included.

The core never imports a plugin module by name. The built-ins are declared as entry points
in this project's own pyproject.toml, exactly as a third-party package declares its own, so
there is one registration path and one place where name clashes are caught. Packages are
loaded by :mod:`runner.plugin_packages`; a plugin a hook returns by name (a
:class:`~runner.api.registry.PluginRef`) is imported when first asked for.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from typing import Any

import pluggy

from runner import hookspecs
from runner.api.base import Plugin, PluginKind
from runner.api.connection import ConnectionProfile, profile_kind
from runner.api.registry import _UNAVAILABLE, PluginRef
from runner.plugin_packages import (
    ALLOW_ENV,
    BUILTIN,
    LoadFailure,
    Manager,
    PluginError,
    allowed_packages,
    canonical,
    load_entry_points,
    one_line,
    python_files,
)

__all__ = [
    "ALLOW_ENV",
    "BUILTIN",
    "LoadFailure",
    "Manager",
    "PluginError",
    "PluginInfo",
    "PluginRegistry",
    "allowed_packages",
    "canonical",
    "load_entry_points",
    "make_manager",
    "one_line",
    "registry",
]

HOOKS: dict[PluginKind, str] = {
    PluginKind.INDICATOR: "register_indicators",
    PluginKind.SIGNAL: "register_signals",
    PluginKind.FILTER: "register_filters",
    PluginKind.EXIT: "register_exits",
    PluginKind.SIZER: "register_sizers",
    PluginKind.FEED: "register_feeds",
    PluginKind.BROKER: "register_brokers",
    PluginKind.NOTIFIER: "register_notifiers",
}
PROFILES_HOOK = "register_connection_profiles"
"""Connection profile models, kept apart from the plugin classes: a profile is not a plugin."""


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


def _name_version(dist: Any, known: dict[int, tuple[str, str]]) -> tuple[str, str]:
    """A distribution's name and version, read once per distribution into ``known``: each
    of pluggy's ``project_name`` and ``version`` parses the METADATA file anew, for each
    entry point (runner's own distribution has eleven)."""
    key = id(getattr(dist, "_dist", dist))
    got = known.get(key)
    if got is None:
        meta = dist.metadata
        got = known[key] = (str(meta["name"]), str(meta["version"]))
    return got


class PluginRegistry:
    """All plugin classes by kind and name, with the distribution that provides each."""

    def __init__(self, manager: pluggy.PluginManager) -> None:
        self.manager = manager
        self.failures: list[LoadFailure] = list(getattr(manager, "failures", ()))
        self.not_allowed: list[str] = list(getattr(manager, "not_allowed", ()))
        self.unknown_allowed: list[str] = list(getattr(manager, "unknown_allowed", ()))
        self._by_kind: dict[PluginKind, dict[str, PluginInfo]] = {k: {} for k in PluginKind}
        # plugins registered by name (built-ins, optional extras): imported when first asked for
        self._deferred: dict[PluginKind, dict[str, _Deferred]] = {k: {} for k in PluginKind}
        self._profiles: dict[str, tuple[type[ConnectionProfile], str]] = {}
        dists = {id(p): d for p, d in manager.list_plugin_distinfo()}
        known: dict[int, tuple[str, str]] = {}
        for plugin in manager.get_plugins():
            dist = dists.get(id(plugin))
            package, version = _name_version(dist, known) if dist else (_module_name(plugin), "")
            try:
                found = [
                    (kind, item)
                    for kind, hook in HOOKS.items()
                    for impl in getattr(manager.hook, hook).get_hookimpls()
                    if impl.plugin is plugin
                    for item in impl.function() or ()
                ]
                profiles = [
                    cls
                    for impl in getattr(manager.hook, PROFILES_HOOK).get_hookimpls()
                    if impl.plugin is plugin
                    for cls in impl.function() or ()
                ]
            except Exception as exc:  # a hook of the package raised: skip the package
                if dist is None or canonical(package) == BUILTIN:
                    raise
                self.failures.append(
                    LoadFailure(
                        package,
                        version,
                        f"{manager.get_name(plugin)} = {_module_name(plugin)}",
                        one_line(exc),
                        python_files(dist),
                    )
                )
                continue
            for kind, item in found:
                if isinstance(item, PluginRef):
                    self._defer(_Deferred(item, kind, package, version, dist))
                else:
                    self._add(PluginInfo(item, kind, item.name, package, version))
            for profile in profiles:
                self._add_profile(profile, package)

    def warnings(self) -> list[str]:
        """One line per plugin package that was skipped, for the command line to print."""
        out = [f.message() for f in self.failures]
        if self.unknown_allowed:
            out.append(
                f"{ALLOW_ENV} names {', '.join(self.unknown_allowed)}, which "
                f"{'is' if len(self.unknown_allowed) == 1 else 'are'} not installed"
            )
        return out

    def _defer(self, entry: _Deferred) -> None:
        ref, kind = entry.ref, entry.kind
        if ref.kind != kind:
            raise PluginError(
                f"{entry.package} registers {ref.target} as a {kind}, but names it a {ref.kind}"
            )
        known = self._by_kind[kind].get(ref.name)
        if known is not None and _dotted_cls(known.cls) != ref.target:
            _clash(kind, ref.name, (known.package, _qualname(known.cls)), entry.where)
        other = self._deferred[kind].get(ref.name)
        if other is not None and other.ref.target != ref.target:
            _clash(kind, ref.name, other.where, entry.where)
        self._deferred[kind][ref.name] = entry

    def _resolve(self, kind: PluginKind, name: str) -> None:
        """Import a plugin registered by name; a missing extra leaves it unregistered."""
        entry = self._deferred[kind].pop(name, None)
        if entry is None:
            return
        try:
            cls = entry.ref.load()
        except Exception as exc:  # the module raised something other than ImportError
            if canonical(entry.package) == BUILTIN:
                raise PluginError(
                    f"the runner installation is broken: {entry.ref.target} failed to load: "
                    f"{one_line(exc)}; reinstall runner"
                ) from exc
            self.failures.append(
                LoadFailure(
                    entry.package,
                    entry.version,
                    f"{name} = {entry.ref.target}",
                    one_line(exc),
                    python_files(entry.dist) if entry.dist is not None else (),
                )
            )
            return
        if cls is None:
            return
        if getattr(cls, "name", None) != name:
            raise PluginError(
                f"{entry.package} registers {entry.ref.target} as the {kind} plugin {name!r}, "
                f"but the class is named {getattr(cls, 'name', None)!r}"
            )
        self._add(PluginInfo(cls, kind, name, entry.package, entry.version))

    def _resolve_all(self, kind: PluginKind) -> None:
        for name in sorted(self._deferred[kind]):
            self._resolve(kind, name)

    def _add(self, info: PluginInfo) -> None:
        if getattr(info.cls, "kind", None) != info.kind:
            raise PluginError(
                f"{info.package} registers {info.cls.__qualname__} as a {info.kind}, "
                f"but it does not subclass the {info.kind} base class"
            )
        waiting = self._deferred[info.kind].get(info.name)
        if waiting is not None and waiting.ref.target != _dotted_cls(info.cls):
            _clash(info.kind, info.name, waiting.where, (info.package, _qualname(info.cls)))
        known = self._by_kind[info.kind].get(info.name)
        if known is not None and known.cls is not info.cls:
            raise PluginError(
                f"two {info.kind} plugins are named {info.name!r}: one from package "
                f"{known.package!r} ({known.cls.__module__}.{known.cls.__qualname__}) and one "
                f"from package {info.package!r} ({info.cls.__module__}.{info.cls.__qualname__}); "
                "uninstall one of them or rename it"
            )
        self._by_kind[info.kind][info.name] = info

    def _add_profile(self, cls: type[ConnectionProfile], package: str) -> None:
        if not (isinstance(cls, type) and issubclass(cls, ConnectionProfile)):
            raise PluginError(
                f"{package} registers {cls!r} as a connection profile, but it does not "
                "subclass runner.api.connection.ConnectionProfile"
            )
        try:
            kind = profile_kind(cls)
        except ValueError as exc:
            raise PluginError(f"{package}: {exc}") from None
        known = self._profiles.get(kind)
        if known is not None and known[0] is not cls:
            raise PluginError(
                f"two connection profiles are of kind {kind!r}: {known[0].__qualname__} from "
                f"package {known[1]!r} and {cls.__qualname__} from package {package!r}; "
                "uninstall one of them"
            )
        self._profiles[kind] = (cls, package)

    def connection_profiles(self) -> list[type[ConnectionProfile]]:
        """Every registered connection profile model, sorted by ``kind``."""
        return [self._profiles[k][0] for k in sorted(self._profiles)]

    def get(self, kind: PluginKind, name: str) -> PluginInfo | None:
        self._resolve(kind, name)
        return self._by_kind[kind].get(name)

    def names(self, kind: PluginKind) -> list[str]:
        """Every plugin of ``kind`` that can be loaded (imports those of optional extras)."""
        self._resolve_all(kind)
        return sorted(self._by_kind[kind])

    def of_kind(self, kind: PluginKind) -> list[PluginInfo]:
        return [self._by_kind[kind][n] for n in self.names(kind)]

    def all(self) -> list[PluginInfo]:
        return [info for kind in PluginKind for info in self.of_kind(kind)]

    def suggest(self, kind: PluginKind, name: str) -> str | None:
        close = difflib.get_close_matches(name, self.names(kind), n=1, cutoff=0.6)
        return close[0] if close else None

    def unknown_message(self, kind: PluginKind, name: str) -> str:
        self._resolve(kind, name)
        missing = _UNAVAILABLE.get((PluginKind(kind), name))
        if missing is not None:
            return f"{kind} plugin {name!r} is not installed: {missing}"
        for f in self.failures:
            if f.provides(name):
                return (
                    f"{kind} plugin {name!r} is not available: package {f.label} failed to "
                    f"load: {f.error} (entry point {f.entry_point})"
                )
        msg = f"unknown {kind} plugin {name!r}"
        hint = self.suggest(kind, name)
        if hint:
            msg = f"{msg}; did you mean {hint!r}?"
        else:
            names = ", ".join(self.names(kind)) or "none installed"
            msg = f"{msg}; installed {kind} plugins: {names}"
        if self.failures:
            failed = "; ".join(f"{f.label} ({f.error})" for f in self.failures)
            msg += f"; plugin packages that failed to load: {failed}"
        if self.not_allowed:
            msg += (
                f"; installed but not loaded because {ALLOW_ENV} leaves them out: "
                f"{', '.join(sorted(self.not_allowed))}"
            )
        return msg


def _module_name(plugin: Any) -> str:
    return getattr(plugin, "__name__", type(plugin).__name__)


@dataclass(frozen=True)
class _Deferred:
    """A :class:`PluginRef` a package returned, with the package it came from."""

    ref: PluginRef
    kind: PluginKind
    package: str
    version: str
    dist: Any  # importlib.metadata.Distribution, or None for a plugin registered in code

    @property
    def where(self) -> tuple[str, str]:
        return self.package, _dotted(self.ref)


def _clash(kind: PluginKind, name: str, first: tuple[str, str], second: tuple[str, str]) -> None:
    """Two packages offer a ``kind`` plugin ``name``: (package, class path) of each, in the
    order they were registered."""
    raise PluginError(
        f"two {kind} plugins are named {name!r}: one from package {first[0]!r} ({first[1]}) "
        f"and one from package {second[0]!r} ({second[1]}); uninstall one of them or rename it"
    )


def _qualname(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _dotted(ref: PluginRef) -> str:
    return ref.target.replace(":", ".")


def _dotted_cls(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def make_manager(*extra: Any, entry_points: bool = True) -> pluggy.PluginManager:
    pm = Manager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    if entry_points:
        load_entry_points(pm, hookspecs.PROJECT)
    for plugin in extra:
        pm.register(plugin)
    return pm


@functools.cache
def registry() -> PluginRegistry:
    """The process-wide registry of installed plugins."""
    return PluginRegistry(make_manager())
