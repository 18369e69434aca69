"""``runner plugins``: every installed plugin, the package it comes from and what it does.

Plugins a package offers but that cannot run without one of its extras (the Rithmic and
IB plugins without their client libraries) are listed too, marked unusable, with the
command that installs what they need: missing from the list, they would look unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from runner.commands._output import Format, echo_json, load_registry
from runner.plugins import PluginRegistry

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
    registry = load_registry()
    infos = registry.all()
    missing = _unusable(registry)
    if kind is not None:
        infos = [i for i in infos if i.kind.value == kind]
        missing = [m for m in missing if m.kind == kind]
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
                    "usable": True,
                }
                for i in infos
            ]
            + [
                {
                    "kind": m.kind,
                    "name": m.name,
                    "package": m.package,
                    "version": m.version,
                    "summary": m.why,
                    "usable": False,
                    "extra": m.extra,
                }
                for m in missing
            ]
        )
        return
    title = f"{len(infos)} plugins" + (
        f", {len(missing)} more unusable without an extra" if missing else ""
    )
    table = Table(title=title, title_justify="left")
    for column in ("kind", "name", "package", "version", "summary"):
        table.add_column(column, overflow="fold")
    for i in infos:
        table.add_row(i.kind.value, i.name, i.package, i.version, escape(plain(i.summary)))
    for m in missing:
        table.add_row(m.kind, m.name, m.package, m.version, Text(f"UNUSABLE: {m.why}", "yellow"))
    Console(width=max(120, Console().width)).print(table)


@dataclass(frozen=True)
class Unusable:
    """A plugin its package registers only when an extra's libraries are installed."""

    kind: str
    name: str
    package: str
    version: str
    extra: str

    @property
    def why(self) -> str:
        from runner.api.registry import install_hint

        return f"needs the {self.extra!r} extra: {install_hint(self.extra)}"


def _unusable(registry: PluginRegistry) -> list[Unusable]:
    """Every plugin left out for a missing extra, with the distribution whose entry point
    offered it (the one that registered the module it would have come from)."""
    from runner.api.registry import unusable

    owners = {
        getattr(plugin, "__name__", ""): (dist.project_name, dist.version)
        for plugin, dist in registry.manager.list_plugin_distinfo()
    }
    out = []
    for (kind, name), (extra, module) in sorted(unusable().items()):
        found = [m for m in owners if m and (module == m or module.startswith(m + "."))]
        package, version = owners[max(found, key=len)] if found else (module, "-")
        out.append(Unusable(kind.value, name, package, version, extra))
    return out


def register(app: typer.Typer) -> None:
    app.command("plugins")(plugins)
