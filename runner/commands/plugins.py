"""``runner plugins``: every installed plugin, the package it comes from and what it does."""

from __future__ import annotations

import re

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from runner.commands._output import Format, echo_json, load_registry

_ROLE = re.compile(r":[\w.:-]+:`([^`]+)`")  # :class:`Bar`
_LITERAL = re.compile(r"``([^`]+)``")  # ``period``
_INTERPRETED = re.compile(r"`([^`]+)`_{0,2}")  # `text` and `link`_


def plain(summary: str) -> str:
    """A docstring's first line without its reStructuredText markup, for people to read:
    the source keeps ``period`` so API docs render it, the listing shows period."""
    return _INTERPRETED.sub(r"\1", _LITERAL.sub(r"\1", _ROLE.sub(r"\1", summary)))


def plugins(
    fmt: Format = typer.Option(Format.text, "--format", help="Output format."),
    kind: str | None = typer.Option(None, "--kind", help="Only this kind (indicator, ...)."),
) -> None:
    """List installed plugins: kind, name, package, version and a one-line summary."""
    infos = load_registry().all()
    if kind is not None:
        infos = [i for i in infos if i.kind.value == kind]
    if fmt is Format.json:
        echo_json(
            [
                {
                    "kind": i.kind.value,
                    "name": i.name,
                    "package": i.package,
                    "version": i.version,
                    "summary": plain(i.summary),
                    "class": f"{i.cls.__module__}.{i.cls.__qualname__}",
                }
                for i in infos
            ]
        )
        return
    table = Table(title=f"{len(infos)} plugins", title_justify="left")
    for column in ("kind", "name", "package", "version", "summary"):
        table.add_column(column, overflow="fold")
    for i in infos:
        table.add_row(i.kind.value, i.name, i.package, i.version, escape(plain(i.summary)))
    Console(width=max(120, Console().width)).print(table)


def register(app: typer.Typer) -> None:
    app.command("plugins")(plugins)
