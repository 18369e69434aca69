"""Finding plugins: every package in the entry-point group ``runner``, built-ins included.

The core never imports a plugin module by name. The built-ins are declared as entry points
in this project's own pyproject.toml, exactly as a third-party package declares its own, so
there is one registration path and one place where name clashes are caught.
"""

from __future__ import annotations

import difflib
import functools
import importlib
import importlib.metadata
import os
import re
from dataclasses import dataclass
from typing import Any

import pluggy

from runner import hookspecs
from runner.api.base import Plugin, PluginKind
from runner.api.connection import ConnectionProfile, profile_kind
from runner.api.registry import _UNAVAILABLE

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


# (kind, name) -> why a plugin a package offers could not be loaded (a missing extra)
class PluginError(Exception):
    """A plugin package is broken or two packages claim the same name."""


BUILTIN = "runner"  # the distribution of the built-ins: always loaded, never skipped
ALLOW_ENV = "RUNNER_PLUGINS"  # comma-separated distribution names allowed to load


def canonical(name: str) -> str:
    """A distribution name as pip compares them (PEP 503): Runner_Foo.bar -> runner-foo-bar."""
    return re.sub(r"[-_.]+", "-", name).lower().strip()


def allowed_packages() -> set[str] | None:
    """The distributions ``RUNNER_PLUGINS`` allows (built-ins always), or None: all of them.

    Set to an empty string, only the built-ins load.
    """
    value = os.environ.get(ALLOW_ENV)
    if value is None:
        return None
    return {canonical(n) for n in value.split(",") if n.strip()} | {BUILTIN}


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@dataclass(frozen=True)
class LoadFailure:
    """A plugin package whose entry point (or one of its hooks) raised: it is skipped."""

    package: str
    version: str
    entry_point: str  # "name = value"
    error: str  # "ModuleNotFoundError: No module named 'x'"
    files: tuple[str, ...] = ()  # its Python sources, to tie an unknown plugin name to it

    @property
    def label(self) -> str:
        return f"{self.package} {self.version}".strip()

    def message(self) -> str:
        return (
            f"plugin package {self.label} failed to load and is skipped: "
            f"entry point {self.entry_point}: {self.error}"
        )

    def provides(self, name: str) -> bool:
        """Whether this package's source names a plugin ``name`` (a quoted string)."""
        quoted = re.compile(rf"""["']{re.escape(name)}["']""")
        for path in self.files:
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    if quoted.search(f.read(1_000_000)):
                        return True
            except OSError:
                continue
        return False


class Manager(pluggy.PluginManager):
    """A plugin manager that remembers which packages failed to load or were left out."""

    def __init__(self, project_name: str) -> None:
        super().__init__(project_name)
        self.failures: list[LoadFailure] = []
        self.not_allowed: list[str] = []  # installed packages RUNNER_PLUGINS leaves out
        self.unknown_allowed: list[str] = []  # names in RUNNER_PLUGINS that are not installed


def _python_files(dist: Any) -> tuple[str, ...]:
    """The .py files a distribution installed (its RECORD); empty when it has none."""
    out = []
    for f in dist.files or ():
        if f.suffix == ".py":
            out.append(str(dist.locate_file(f)))
    return tuple(out)


def load_entry_points(pm: Manager, group: str) -> None:
    """Register every entry point of ``group``, like pluggy's loader, but a third-party
    package that fails to import is recorded in ``pm.failures`` and skipped instead of
    stopping every command; a broken built-in raises :class:`PluginError`."""
    allowed = allowed_packages()
    seen: set[str] = set()
    tried: set[tuple[str, str]] = set()  # (package, entry point): each failure reported once
    for dist in list(importlib.metadata.distributions()):
        eps = [ep for ep in dist.entry_points if ep.group == group]
        if not eps:
            continue
        package = dist.metadata["Name"] or "?"
        key = canonical(package)
        if allowed is not None and key not in allowed:
            if key not in {canonical(n) for n in pm.not_allowed}:
                pm.not_allowed.append(package)
            continue
        seen.add(key)
        for ep in eps:
            if pm.has_plugin(ep.name) or pm.is_blocked(ep.name) or (key, ep.name) in tried:
                continue  # the same distribution seen twice on sys.path, or a name taken
            tried.add((key, ep.name))
            try:
                plugin = ep.load()
                pm.register(plugin, name=ep.name)
            except Exception as exc:
                failure = LoadFailure(
                    package,
                    dist.version or "",
                    f"{ep.name} = {ep.value}",
                    one_line(exc),
                    _python_files(dist),
                )
                if key == BUILTIN:
                    raise PluginError(
                        f"the runner installation is broken: entry point {failure.entry_point} "
                        f"failed to load: {failure.error}; reinstall runner"
                    ) from exc
                pm.failures.append(failure)
                continue
            pm._plugin_distinfo.append((plugin, dist))
    if allowed is not None:
        pm.unknown_allowed = sorted(allowed - seen - {BUILTIN})


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
        self.failures: list[LoadFailure] = list(getattr(manager, "failures", ()))
        self.not_allowed: list[str] = list(getattr(manager, "not_allowed", ()))
        self.unknown_allowed: list[str] = list(getattr(manager, "unknown_allowed", ()))
        self._by_kind: dict[PluginKind, dict[str, PluginInfo]] = {k: {} for k in PluginKind}
        self._profiles: dict[str, tuple[type[ConnectionProfile], str]] = {}
        dists = {id(p): d for p, d in manager.list_plugin_distinfo()}
        for plugin in manager.get_plugins():
            dist = dists.get(id(plugin))
            package = dist.project_name if dist else _module_name(plugin)
            version = dist.version if dist else ""
            try:
                found = [
                    PluginInfo(cls, kind, cls.name, package, version)
                    for kind, hook in HOOKS.items()
                    for impl in getattr(manager.hook, hook).get_hookimpls()
                    if impl.plugin is plugin
                    for cls in impl.function() or ()
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
                        _python_files(dist),
                    )
                )
                continue
            for info in found:
                self._add(info)
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
