"""``runner validate``: check bot, schedule and connection files; list every mistake."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from runner.commands._output import Format, echo_json, load_registry
from runner.errors import ConfigError

if TYPE_CHECKING:
    from runner.config.project import Project


def validate(
    paths: list[Path] | None = typer.Argument(
        None,
        help="Files or directories to check (default: strategies.d/ and schedules/).",
        show_default=False,
    ),
    connections: Path | None = typer.Option(
        None, "--connections", help="Connection profiles file (default: ./connections.yaml)."
    ),
    schedules: Path | None = typer.Option(
        None,
        "--schedules",
        help="Folder of schedule files the bots name (default: ./schedules, or schedules/ "
        "beside the bots' folder).",
        show_default=False,
    ),
    fmt: Format = typer.Option(Format.text, "--format", help="Output format."),
    strict: bool = typer.Option(
        False, "--strict", help="Fail on warnings too (unset credentials, missing CA files)."
    ),
) -> None:
    """Check configuration files and report every error with file:line:column and field.

    Exit status: 0 when everything is valid, 1 when any file has errors (or, with
    --strict, warnings), 2 when the installed plugins themselves are broken.
    """
    from runner.config.project import load_project

    registry = load_registry()
    project = load_project(
        list(paths or []), connections=connections, registry=registry, schedules=schedules
    )
    warnings = _warnings(project)
    if fmt is Format.json:
        echo_json(
            {
                "ok": project.ok and not (strict and warnings),
                "files": [f.to_dict() for f in project.files],
                "errors": [e.to_dict() for e in project.errors],
                "warnings": [w.to_dict() for w in warnings],
            }
        )
    elif not project.files and project.errors:
        # Nothing was read (no such path, an empty folder): one line each, as start says it.
        for e in project.errors:
            typer.echo(f"error: {e}", err=True)
    else:
        _text_report(project)
    if not project.ok or (strict and warnings):
        raise typer.Exit(1)


def _warnings(project: Project) -> list[ConfigError]:
    """Unresolved credentials and the like, then what valid bots will do (no schedule)."""
    return [*project.warnings, *sorted(project.notices, key=ConfigError.sort_key)]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _text_report(project: Project) -> None:
    """One row per file; a path that could not be read (not found, no YAML in it) gets a
    FAIL row too, so the closing count never blames a file that was fine."""
    rows = [(f.file, f.ok, f.summary, f.errors) for f in project.files]
    read = {f.file for f in project.files}
    unread = Counter(e.file for e in project.errors if e.file not in read)
    rows += [(name, False, "", n) for name, n in unread.items()]
    width = max((len(name) for name, *_ in rows), default=0)
    for name, ok, summary, n in rows:
        status, detail = ("ok", summary) if ok else ("FAIL", _plural(n, "error"))
        typer.echo(f"{status:<4}  {name:<{width}}  {detail}".rstrip())
    if project.errors:
        typer.echo("")
        for e in project.errors:
            typer.echo(str(e))
    for w in _warnings(project):
        typer.echo(f"warning: {w}")
    if project.errors:
        failing = len({e.file for e in project.errors})
        typer.echo(
            f"\n{_plural(len(project.errors), 'error')} in {failing} of "
            f"{_plural(len(rows), 'file')}"
        )


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
