"""``runner validate``: check bot, schedule and connection files; list every mistake."""

from __future__ import annotations

from pathlib import Path

import typer

from runner.commands._output import Format, echo_json, load_registry


def validate(
    paths: list[Path] | None = typer.Argument(
        None,
        help="Files or directories to check (default: strategies.d/ and schedules/).",
        show_default=False,
    ),
    connections: Path | None = typer.Option(
        None, "--connections", help="Connection profiles file (default: ./connections.yaml)."
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
    project = load_project(list(paths or []), connections=connections, registry=registry)
    if fmt is Format.json:
        echo_json(
            {
                "ok": project.ok and not (strict and project.warnings),
                "files": [f.to_dict() for f in project.files],
                "errors": [e.to_dict() for e in project.errors],
                "warnings": [w.to_dict() for w in project.warnings],
            }
        )
    else:
        width = max((len(f.file) for f in project.files), default=0)
        for f in project.files:
            status = "ok" if f.ok else "FAIL"
            detail = f.summary if f.ok else f"{f.errors} error{'' if f.errors == 1 else 's'}"
            typer.echo(f"{status:<4}  {f.file:<{width}}  {detail}".rstrip())
        if project.errors:
            typer.echo("")
            for e in project.errors:
                typer.echo(str(e))
        for w in project.warnings:
            typer.echo(f"warning: {w}")
        n = len(project.errors)
        if n:
            typer.echo(f"\n{n} error{'' if n == 1 else 's'} in {len(project.files)} file(s)")
    if not project.ok or (strict and project.warnings):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
