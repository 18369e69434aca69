"""``runner data list``: what the catalog holds."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from runner.commands.data.options import CATALOG_HELP, open_catalog


def _stamp(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "-"


def list_data(
    symbols: list[str] = typer.Argument(
        None, help="Symbols to show (default: all).", show_default=False
    ),
    bar: str | None = typer.Option(None, "--bar", help="Only this bar size (1m, 1s, tick)."),
    catalog: Path | None = typer.Option(None, "--catalog", help=CATALOG_HELP),
) -> None:
    """List what the catalog holds: range (UTC), days, bars, gaps, source, fetch time."""
    cat = open_catalog(catalog)
    manifest = cat.manifest()
    wanted = {s.upper() for s in symbols or []}
    rows = [
        h
        for h in sorted(manifest.holdings.values(), key=lambda h: (h.symbol, h.bar))
        if (not wanted or h.symbol.upper() in wanted) and (bar is None or h.bar == bar)
    ]
    console = Console()
    if not rows:
        console.print(
            f"the catalog at {cat.root} holds nothing" + (" that matches" if wanted or bar else "")
        )
        return
    table = Table(title=f"Catalog {cat.root}")
    for name in ("symbol", "bar", "first", "last", "days", "bars", "gaps", "source", "fetched"):
        table.add_column(name, justify="right" if name in ("days", "bars", "gaps") else "left")
    for h in rows:
        gaps = "?" if h.checked_at is None else str(len(h.gaps))
        table.add_row(
            h.symbol,
            h.bar,
            _stamp(h.first),
            _stamp(h.last),
            str(h.days),
            f"{h.rows:,}",
            gaps,
            h.source,
            _stamp(h.fetched_at),
        )
    console.print(table)
    if any(h.checked_at is None for h in rows):
        console.print("gaps '?': not checked yet (runner data check)")


def register(app: typer.Typer) -> None:
    app.command("list")(list_data)
