"""Reading each kind of project file (connections, credentials, schedules, bots) into the
project: one located error per mistake, and the file's report counts them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from runner.config.botcheck import Refs, check_bot
from runner.config.connections import ConnectionsFile
from runner.config.locate import from_validation, located
from runner.config.safety import safety_problems
from runner.config.schedule import ScheduleFile
from runner.config.secrets import (
    credentials_path,
    is_tracked,
    literal_secrets,
    load_credentials,
    resolve_secret,
)
from runner.config.yamlload import Document
from runner.errors import ConfigError, SecretError

if TYPE_CHECKING:
    from runner.config.project import FileReport, Project
    from runner.plugins import PluginRegistry

NO_SCHEDULE = (
    "not set; this bot will trade around the clock, whenever the feed has bars, and is never "
    "flattened before a close (add 'schedule: NAME' with a schedule from schedules/)"
)


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


def read_connections(
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


def read_credentials(project: Project, path: Path) -> None:
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


def read_schedules(project: Project, path: Path, docs: list[Document], refs: Refs) -> None:
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


def read_bots(
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
    project.notices += safety_problems(doc, bot.exits)


def secret_warnings(
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
