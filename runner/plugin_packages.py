"""Loading plugin packages: each distribution in the entry-point group ``runner``.

A third-party package that fails to import is recorded and skipped, so one broken
package does not stop every command; ``RUNNER_PLUGINS`` limits which packages load. The
registry of the classes they offer is :mod:`runner.plugins`.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
from dataclasses import dataclass
from typing import Any

import pluggy

from runner.api.registry import DISTRIBUTION


class PluginError(Exception):
    """A plugin package is broken or two packages claim the same name."""


BUILTIN = DISTRIBUTION  # the distribution of the built-ins: always loaded, never skipped
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


def python_files(dist: Any) -> tuple[str, ...]:
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
                    python_files(dist),
                )
                if key == BUILTIN:
                    raise PluginError(
                        f"the runner installation is broken: entry point {failure.entry_point} "
                        f"failed to load: {failure.error}; reinstall {BUILTIN}"
                    ) from exc
                pm.failures.append(failure)
                continue
            pm._plugin_distinfo.append((plugin, dist))
    if allowed is not None:
        pm.unknown_allowed = sorted(allowed - seen - {BUILTIN})
