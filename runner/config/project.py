"""Loading every configuration file of a project at once, as the engine and validate see it.

Bots refer to schedules and connection profiles defined in other files, so files are read
in dependency order (connections, schedules, bots) and every error of every file is kept.
A project with errors still carries the bots that are valid, but ``runner start`` refuses
to run until ``errors`` is empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr

from runner.config.botcheck import LoadedBot, PluginSpec, Refs
from runner.config.connections import ConnectionProfile, connections_model
from runner.config.contracts import CONTRACTS_FILE, read_contracts
from runner.config.discover import (
    BOTS_DIR,
    CONNECTIONS_FILE,
    SCHEDULES_DIR,
    classify,
    dir_files,
    expand,
)
from runner.config.documents import (
    read_bots,
    read_connections,
    read_credentials,
    read_schedules,
    secret_warnings,
)
from runner.config.notifications import NOTIFICATIONS_FILE, Notifications, read_notifications
from runner.config.schedule import Schedule
from runner.config.yamlload import Document, load_file
from runner.contracts import table
from runner.errors import ConfigError, ConfigInvalid, display_path

if TYPE_CHECKING:
    from runner.plugins import PluginRegistry


__all__ = [
    "ConfigError",
    "FileReport",
    "LoadedBot",
    "PluginSpec",
    "Project",
    "default_paths",
    "load_project",
]


@dataclass
class FileReport:
    """What ``runner validate`` says about one file."""

    path: Path
    file: str
    kind: str  # bot | schedules | connections | contracts | unknown
    summary: str = ""
    errors: int = 0

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "ok": self.ok,
            "summary": self.summary,
            "errors": self.errors,
        }


@dataclass
class Project:
    bots: list[LoadedBot] = field(default_factory=list)
    schedules: dict[str, Schedule] = field(default_factory=dict)
    connections: dict[str, ConnectionProfile] = field(default_factory=dict)
    errors: list[ConfigError] = field(default_factory=list)
    warnings: list[ConfigError] = field(default_factory=list)
    notices: list[ConfigError] = field(default_factory=list)
    """Warnings about what a valid bot will do (no schedule): validate shows them with the
    warnings, but unlike those they never stop ``runner start``."""
    files: list[FileReport] = field(default_factory=list)
    connections_path: Path | None = None
    credentials_path: Path | None = None
    notifications: Notifications | None = None
    """The project's notifications.yaml, checked (None: the project has none)."""

    @property
    def ok(self) -> bool:
        return not self.errors

    def raise_for_errors(self) -> None:
        if self.errors:
            raise ConfigInvalid(self.errors)

    def start_problems(self) -> list[ConfigError]:
        """What must stop ``runner start``: every error, and every warning too.

        Warnings (an unset credential variable, a missing CA file) only concern the
        connection profiles the loaded bots use; validate may pass on a machine without
        secrets, a live start may not.
        """
        return sorted([*self.errors, *self.warnings], key=ConfigError.sort_key)

    def bot(self, name: str) -> LoadedBot:
        for b in self.bots:
            if b.name == name:
                return b
        raise KeyError(name)

    def secrets(self, connection: str) -> dict[str, SecretStr]:
        """The resolved credentials of a profile; raises SecretError when one is missing."""
        profile = self.connections[connection]
        return profile.secrets(credentials=self.credentials_path)


def default_paths(base: Path | None = None) -> list[Path]:
    base = base or Path.cwd()
    return [base / BOTS_DIR, base / SCHEDULES_DIR]


def load_project(
    paths: list[Path] | None = None,
    *,
    connections: Path | None = None,
    registry: PluginRegistry | None = None,
    base: Path | None = None,
    schedules: Path | None = None,
) -> Project:
    """Read and check every file named (directories: their *.yaml / *.yml, one level).

    ``paths`` defaults to strategies.d/ and schedules/ under ``base`` (the working
    directory). connections.yaml is read from ``connections`` or, when present, ``base``.
    ``schedules`` names a schedule folder (or file) to read as well, for bots checked from
    outside their project folder; without it, schedules/ under ``base`` and beside each bot
    folder are searched when no schedule file was named. The project's contracts.yaml is
    read the same way (named, or under ``base``, or beside each bot folder), before bots.
    """
    if registry is None:
        from runner import plugins

        registry = plugins.registry()
    base = base or Path.cwd()
    project = Project()
    explicit = bool(paths)
    files = expand(paths or default_paths(base), explicit, project)
    if schedules is not None:
        files += expand([schedules], True, project)

    conn_files: list[tuple[Path, list[Document]]] = []
    sched_files: list[tuple[Path, list[Document]]] = []
    contract_files: list[tuple[Path, list[Document]]] = []
    notify_files: list[tuple[Path, list[Document]]] = []
    bot_files: list[tuple[Path, list[Document]]] = []
    seen: set[Path] = set()

    def read(path: Path) -> tuple[Path, str, list[Document]] | None:
        real = path.resolve()
        if real in seen:
            return None
        seen.add(real)
        docs, errs = load_file(path)
        kind = classify(path, docs)
        report = FileReport(path, display_path(path), kind, errors=len(errs))
        project.files.append(report)
        project.errors += errs
        return path, kind, docs

    conn_path = connections
    if conn_path is None:
        named = [f for f in files if f.name == CONNECTIONS_FILE]
        if named:
            conn_path = named[0]
        elif (base / CONNECTIONS_FILE).is_file():
            conn_path = base / CONNECTIONS_FILE
    if conn_path is not None:
        if not conn_path.is_file():
            project.errors.append(
                ConfigError(display_path(conn_path), None, None, "", "connections file not found")
            )
        else:
            got = read(conn_path)
            if got:
                conn_files.append((got[0], got[2]))
    for f in files:
        got = read(f)
        if got is None:
            continue
        if got[1] == "credentials":
            read_credentials(project, got[0])
            continue
        kinds = {
            "connections": conn_files,
            "schedules": sched_files,
            "contracts": contract_files,
            "notifications": notify_files,
        }
        kinds.get(got[1], bot_files).append((got[0], got[2]))
    if bot_files and not sched_files:
        near = {base / SCHEDULES_DIR, *(p.parent.parent / SCHEDULES_DIR for p, _ in bot_files)}
        for d in sorted(near):
            for f in dir_files(d):
                got = read(f)
                if got and got[1] == "schedules":
                    sched_files.append((got[0], got[2]))
                elif got:
                    bot_files.append((got[0], got[2]))

    if not contract_files:  # the project's own, at its root next to strategies.d/
        for root_dir in sorted({base, *(p.parent.parent for p, _ in bot_files)}):
            own = root_dir / CONTRACTS_FILE
            got = read(own) if own.is_file() else None
            if got:
                contract_files.append((got[0], got[2]))
    if not notify_files:  # the project's own, at its root next to strategies.d/
        for root_dir in sorted({base, *(p.parent.parent for p, _ in bot_files)}):
            own = root_dir / NOTIFICATIONS_FILE
            got = read(own) if own.is_file() else None
            if got:
                notify_files.append((got[0], got[2]))
    table.forget_defined()
    for path, docs in contract_files:
        read_contracts(project, path, docs)

    refs = Refs()
    for path, docs in conn_files:
        read_connections(project, path, docs, refs, connections_model(registry))
    for path, docs in sched_files:
        read_schedules(project, path, docs, refs)
    bot_names: dict[str, str] = {}
    for path, docs in bot_files:
        read_bots(project, path, docs, registry, refs, bot_names)
    secret_warnings(project, conn_files, refs, bool(bot_files))
    for path, docs in notify_files:
        read_notifications(project, path, docs, registry)
    project.errors = sorted(dict.fromkeys(project.errors), key=ConfigError.sort_key)
    return project
