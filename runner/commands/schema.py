"""``runner schema``: JSON Schema of bot files (with every installed plugin) for editors."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from runner.api.registry import DISTRIBUTION
from runner.commands._output import load_registry

BUILTIN_PACKAGE = DISTRIBUTION


def schema(
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the schema to FILE instead of standard output."
    ),
    document: str = typer.Option(
        "bot", "--document", help="Which file type: bot, schedules or connections."
    ),
    builtins_only: bool = typer.Option(
        False,
        "--builtins-only",
        help="Only the plugins shipped with runner (the committed schema/bot.schema.json).",
    ),
) -> None:
    """Print the JSON Schema of a bot document, including every installed plugin's params.

    Point an editor at it with a first line such as
    ``# yaml-language-server: $schema=../schema/bot.schema.json``.
    """
    from runner.config.jsonschema import DOCUMENTS, document_schema

    if document not in DOCUMENTS:
        typer.echo(
            f"error: unknown document {document!r}; expected one of {', '.join(DOCUMENTS)}",
            err=True,
        )
        raise typer.Exit(2)
    infos = load_registry().all() if document in ("bot", "notifications") else []
    if builtins_only:
        infos = [i for i in infos if i.package == BUILTIN_PACKAGE]
    text = render(document_schema(document, infos))
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        typer.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"wrote {output}", err=True)


def render(value: dict) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
