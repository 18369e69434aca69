"""``runner data continuous``: a front-month series of a root, by the bots' roll rules."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from runner.commands.common import fail
from runner.commands.data.options import CATALOG_HELP, open_catalog


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        fail(f"{option}: {value!r} is not a date (YYYY-MM-DD)")


def continuous(
    root: str = typer.Argument(..., help="The contract root (GC, ES, CL)."),
    roll: str = typer.Option(
        "last_trade:5",
        "--roll",
        help="Roll rule, as a bot's instrument says it: first_notice:N or last_trade:N "
        "(N business days before).",
    ),
    adjust: str = typer.Option(
        "none",
        "--adjust",
        help="back: earlier contracts shifted by the price step at each roll; ratio: scaled "
        "by it; none: prices as traded.",
    ),
    bar: str = typer.Option("1m", "--bar", help="Bar size of the contracts to join."),
    start: str | None = typer.Option(None, "--from", help="First session day (YYYY-MM-DD)."),
    end: str | None = typer.Option(None, "--to", help="Last session day (YYYY-MM-DD)."),
    catalog: Path | None = typer.Option(None, "--catalog", help=CATALOG_HELP),
) -> None:
    """Join the held contracts of ROOT into one front-month series and list the rolls.

    The series is stored in the catalog as ROOT.c (as traded), ROOT.c.back or
    ROOT.c.ratio, with the roll rule and the table of rolls in the manifest.
    """
    from runner.catalog.continuous import ADJUSTMENTS, build
    from runner.catalog.store import CatalogError

    if adjust not in ADJUSTMENTS:
        fail(f"--adjust: {adjust!r} is not one of {', '.join(ADJUSTMENTS)}")
    first, last = _day(start, "--from"), _day(end, "--to")
    cat = open_catalog(catalog)
    try:
        name, plan = build(cat, root.upper(), bar, roll, adjust, first, last)
    except CatalogError as exc:
        fail(str(exc))
    console = Console()
    table = Table(title=f"Rolls of {name} ({roll}, adjust {adjust})")
    for col in ("first day", "from", "to", "old close", "new close", "difference", "ratio"):
        table.add_column(col)
    for r in plan.rolls:
        table.add_row(
            r.day.isoformat(),
            r.from_symbol,
            r.to_symbol,
            f"{r.from_close:g}",
            f"{r.to_close:g}",
            f"{r.difference:+g}",
            f"{r.ratio:.6f}",
        )
    console.print(table)
    days = len(plan.days)
    console.print(
        f"wrote {name} {bar}: {days} day(s) from {len({s for _, s in plan.days})} contract(s)"
    )
    for d, symbol in plan.missing:
        console.print(f"[yellow]missing:[/] {d} (front month {symbol} not held)", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("continuous")(continuous)
