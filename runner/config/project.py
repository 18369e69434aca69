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

from pydantic import SecretStr, ValidationError

from runner.config.botcheck import LoadedBot, PluginSpec, Refs, check_bot
from runner.config.connections import ConnectionProfile, ConnectionsFile, connections_model
from runner.config.locate import from_validation, located
from runner.config.schedule import Schedule, ScheduleFile
from runner.config.secrets import (
    credentials_path,
    is_tracked,
    literal_secrets,
    load_credentials,
    resolve_secret,
)
from runner.config.yamlload import Document, load_file
from runner.errors import ConfigError, ConfigInvalid, SecretError, display_path

if TYPE_CHECKING:
    from runner.plugins import PluginRegistry

BOTS_DIR = "strategies.d"
SCHEDULES_DIR = "schedules"
CONNECTIONS_FILE = "connections.yaml"
SUFFIXES = (".yaml", ".yml")

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
    kind: str  # bot | schedules | connections | unknown
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


NO_SCHEDULE = (
    "not set; this bot will trade around the clock, whenever the feed has bars, and is never "
    "flattened before a close (add 'schedule: NAME' with a schedule from schedules/)"
)


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
) -> Project:
    """Read and check every file named (directories: their *.yaml / *.yml, one level).

    ``paths`` defaults to strategies.d/ and schedules/ under ``base`` (the working
    directory). connections.yaml is read from ``connections`` or, when present, ``base``.
    """
    if registry is None:
        from runner import plugins

        registry = plugins.registry()
    base = base or Path.cwd()
    project = Project()
    explicit = bool(paths)
    files = _expand(paths or default_paths(base), explicit, project)

    conn_files: list[tuple[Path, list[Document]]] = []
    sched_files: list[tuple[Path, list[Document]]] = []
    bot_files: list[tuple[Path, list[Document]]] = []
    seen: set[Path] = set()

    def read(path: Path) -> tuple[Path, str, list[Document]] | None:
        real = path.resolve()
        if real in seen:
            return None
        seen.add(real)
        docs, errs = load_file(path)
        kind = _classify(path, docs)
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
            _credentials_file(project, got[0])
            continue
        {"connections": conn_files, "schedules": sched_files}.get(got[1], bot_files).append(
            (got[0], got[2])
        )
    if bot_files and not sched_files:
        near = {base / SCHEDULES_DIR, *(p.parent.parent / SCHEDULES_DIR for p, _ in bot_files)}
        for d in sorted(near):
            for f in _dir_files(d):
                got = read(f)
                if got and got[1] == "schedules":
                    sched_files.append((got[0], got[2]))
                elif got:
                    bot_files.append((got[0], got[2]))

    refs = Refs()
    for path, docs in conn_files:
        _connections_file(project, path, docs, refs, connections_model(registry))
    for path, docs in sched_files:
        _schedule_file(project, path, docs, refs)
    bot_names: dict[str, str] = {}
    for path, docs in bot_files:
        _bot_file(project, path, docs, registry, refs, bot_names)
    _secret_warnings(project, conn_files, refs, bool(bot_files))
    project.errors = sorted(dict.fromkeys(project.errors), key=ConfigError.sort_key)
    return project


def _expand(paths: list[Path], explicit: bool, project: Project) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += _dir_files(p)
        elif p.is_file():
            out.append(p)
        elif explicit:
            project.errors.append(
                ConfigError(display_path(p), None, None, "", "no such file or directory")
            )
    if explicit and not out and not project.errors:
        project.errors.append(
            ConfigError(
                ", ".join(display_path(p) for p in paths),
                None,
                None,
                "",
                "no *.yaml or *.yml files found",
            )
        )
    elif not explicit and not out:
        # Nothing to check is a mistake (the wrong folder, most likely), not a success.
        bots = paths[0]
        message = (
            "no *.yaml or *.yml files found"
            if bots.is_dir()
            else "no such file or directory (run in a project folder or name the files to check)"
        )
        project.errors.append(ConfigError(display_path(bots), None, None, "", message))
    return out


def _dir_files(d: Path) -> list[Path]:
    if not d.is_dir():
        return []
    return sorted(
        f
        for f in d.iterdir()
        if f.is_file() and f.suffix in SUFFIXES and not f.name.startswith(".")
    )


def _classify(path: Path, docs: list[Document]) -> str:
    data = docs[0].data if docs else None
    if isinstance(data, dict):
        if "connections" in data and "signals" not in data:
            return "connections"
        if "schedules" in data and "signals" not in data:
            return "schedules"
        if "credentials" in data and "signals" not in data:
            return "credentials"
    if path.name == CONNECTIONS_FILE:
        return "connections"
    if path.parent.name == SCHEDULES_DIR:
        return "schedules"
    return "bot"


def _report(project: Project, path: Path) -> FileReport:
    for r in project.files:
        if r.path == path:
            return r
    raise KeyError(path)  # pragma: no cover - every read file has a report


def _one_doc(project: Project, path: Path, docs: list[Document], what: str) -> Document | None:
    report = _report(project, path)
    if report.errors:
        return None
    if not docs:
        _fail(
            project, report, [ConfigError(report.file, 1, 1, "", f"file is empty; expected {what}")]
        )
        return None
    if len(docs) > 1:
        line = docs[1].value_pos(())[0]
        _fail(
            project,
            report,
            [
                ConfigError(
                    report.file,
                    line,
                    1,
                    "",
                    f"a file holds one {what}; found {len(docs)} documents",
                )
            ],
        )
        return None
    return docs[0]


def _fail(project: Project, report: FileReport, errors: list[ConfigError]) -> None:
    report.errors += len(errors)
    project.errors += errors


def _literal_secret_errors(doc: Document, path: Path, extra: tuple[str, ...]) -> list[ConfigError]:
    found = literal_secrets(doc, extra)
    if not found or not is_tracked(path):
        return []
    return [
        doc.error(
            p,
            "literal credential in a file git tracks (or could commit); write "
            "{env: VARIABLE} or {credentials: KEY} and keep the value in the git-ignored "
            "credentials.yaml or the environment",
        )
        for p in found
    ]


def _connections_file(
    project: Project,
    path: Path,
    docs: list[Document],
    refs: Refs,
    model_cls: type[ConnectionsFile],
) -> None:
    doc = _one_doc(project, path, docs, "connections document")
    report = _report(project, path)
    report.kind = "connections"
    project.connections_path = path
    project.credentials_path = credentials_path(path.resolve().parent)
    refs.connections_file = report.file
    if doc is None:
        refs.connections = {}
        return
    errors: list[ConfigError] = []
    if not isinstance(doc.data, dict):
        errors.append(doc.error((), "expected a mapping with 'connections:'"))
    else:
        errors += _literal_secret_errors(doc, path, ("user", "username", "login"))
    model: ConnectionsFile | None = None
    if not errors:
        try:
            model = model_cls.model_validate(doc.data)
        except ValidationError as exc:
            errors += from_validation(doc, (), exc, model_cls)
    refs.connections = dict(model.connections) if model else _partial_connections(doc)
    if errors:
        _fail(project, report, errors)
        return
    assert model is not None
    for profile in model.connections.values():
        profile._base = path.resolve().parent
    project.connections.update(model.connections)
    names = ", ".join(f"{k} ({v.kind})" for k, v in model.connections.items())
    n = len(model.connections)
    report.summary = f"{n} connection profile{'' if n == 1 else 's'}" + (f": {names}" if n else "")


def _partial_connections(doc: Document) -> dict[str, Any]:
    """Profiles by name even when some are invalid, so bots get no second, misleading error."""
    from types import SimpleNamespace

    raw = doc.get(("connections",))
    if not isinstance(raw, dict):
        return {}
    return {
        k: SimpleNamespace(kind=v.get("kind") if isinstance(v, dict) else None)
        for k, v in raw.items()
    }


def _credentials_file(project: Project, path: Path) -> None:
    """credentials.yaml holds literal secrets by design; it must only never be committed."""
    report = _report(project, path)
    if report.errors:
        return
    if path.name.endswith(".example.yaml"):
        report.summary = "credentials template"
        return
    table, errors = load_credentials(path)
    if errors:
        _fail(project, report, errors)
        return
    n = len(table)
    report.summary = f"{n} credential{'' if n == 1 else 's'} (values hidden)"


def _schedule_file(project: Project, path: Path, docs: list[Document], refs: Refs) -> None:
    doc = _one_doc(project, path, docs, "schedules document")
    report = _report(project, path)
    report.kind = "schedules"
    if refs.schedules is None:
        refs.schedules = set()
    if doc is None:
        return
    raw = doc.get(("schedules",))
    if isinstance(raw, dict):
        refs.schedules.update(k for k in raw if isinstance(k, str))
    errors = _literal_secret_errors(doc, path, ())
    model: ScheduleFile | None = None
    try:
        model = ScheduleFile.model_validate(doc.data)
    except ValidationError as exc:
        errors += from_validation(doc, (), exc, ScheduleFile)
    if model is not None:
        for name in model.schedules:
            first = refs.schedule_origin.setdefault(name, report.file)
            if first != report.file:
                errors.append(
                    located(
                        doc,
                        ("schedules", name),
                        f"schedule {name!r} is already defined in {first}",
                        key=True,
                    )
                )
    if errors:
        _fail(project, report, errors)
        return
    assert model is not None
    project.schedules.update(model.schedules)
    n = len(model.schedules)
    report.summary = f"{n} schedule{'' if n == 1 else 's'}: {', '.join(model.schedules)}"


def _bot_file(
    project: Project,
    path: Path,
    docs: list[Document],
    registry: PluginRegistry,
    refs: Refs,
    names: dict[str, str],
) -> None:
    doc = _one_doc(project, path, docs, "bot document")
    report = _report(project, path)
    report.kind = "bot"
    if doc is None:
        return
    errors = _literal_secret_errors(doc, path, ()) if isinstance(doc.data, dict) else []
    bot, errs = check_bot(doc, registry, refs, path)
    errors += errs
    name = doc.get(("name",))
    if isinstance(name, str):
        if name in names:
            errors.append(
                located(doc, ("name",), f"bot name {name!r} is already used by {names[name]}")
            )
        else:
            names[name] = report.file
    if errors:
        _fail(project, report, errors)
        return
    assert bot is not None
    project.bots.append(bot)
    report.summary = bot.summary()
    if bot.config.schedule is None:
        project.notices.append(doc.error(("schedule",), NO_SCHEDULE))


def _secret_warnings(
    project: Project, conn_files: list[tuple[Path, list[Document]]], refs: Refs, any_bots: bool
) -> None:
    """Credentials that cannot be resolved now: a warning for validate, an error for start."""
    if not conn_files or not project.connections:
        return
    docs = {name: d for _, ds in conn_files for d in ds[:1] for name in _names(d)}
    wanted = refs.used_connections if any_bots else set(project.connections)
    table: Any = project.credentials_path
    cred_errors: list[ConfigError] = []
    if table is not None and table.is_file():
        loaded, cred_errors = load_credentials(table)
        table = loaded
    project.errors += cred_errors
    for name in sorted(wanted):
        profile = project.connections.get(name)
        doc = docs.get(name)
        if profile is None or doc is None:
            continue
        for fld in ("user", "password"):
            ref = getattr(profile, fld, None)
            if ref is None:
                continue
            try:
                resolve_secret(ref, credentials=table)
            except SecretError as exc:
                project.warnings.append(located(doc, ("connections", name, fld), str(exc)))
        ca = getattr(profile, "ca_file", None)
        if isinstance(ca, str) and not profile.path(ca).is_file():
            project.warnings.append(
                located(doc, ("connections", name, "ca_file"), f"CA file {ca} not found")
            )


def _names(doc: Document) -> list[str]:
    raw = doc.get(("connections",))
    return [k for k in raw if isinstance(k, str)] if isinstance(raw, dict) else []
