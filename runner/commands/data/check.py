"""``runner data check``: gaps against the exchange calendar, bars a backtest would refuse."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.console import Console

from runner.commands.common import fail
from runner.commands.data.options import CATALOG_HELP, open_catalog

SHOWN_GAPS = 10


def check_data(
    symbols: list[str] = typer.Argument(
        None, help="Symbols to check (default: every holding).", show_default=False
    ),
    bar: str | None = typer.Option(None, "--bar", help="Only this bar size (1m, 1s, tick)."),
    max_gap_minutes: int = typer.Option(
        60,
        "--max-gap-minutes",
        min=1,
        help="A hole longer than this many minutes of open session (by the exchange "
        "calendar of the symbol's contract) is a gap.",
    ),
    jump_multiple: float = typer.Option(
        2.0, "--jump-multiple", min=1.0001, help="A price this many times its reference is a jump."
    ),
    catalog: Path | None = typer.Option(None, "--catalog", help=CATALOG_HELP),
) -> None:
    """Check the held days for bad bars and for gaps while the exchange was open.

    The bad-data rules are the replay feed's; the gaps are kept in the manifest (runner
    data list shows them). Exits 1 when a bar a backtest would refuse was found.
    """
    from runner.catalog.quality import check_holding

    cat = open_catalog(catalog)
    manifest = cat.manifest()
    wanted = {s.upper() for s in symbols or []}
    holdings = [
        h
        for h in sorted(manifest.holdings.values(), key=lambda h: (h.symbol, h.bar))
        if (not wanted or h.symbol.upper() in wanted) and (bar is None or h.bar == bar)
    ]
    if not holdings:
        fail(
            "nothing to check: the catalog holds no such symbol"
            if wanted or bar
            else f"the catalog at {cat.root} holds nothing"
        )
    console = Console()
    refused = 0
    for h in holdings:
        report = check_holding(
            cat, h.symbol, h.bar, max_gap_minutes=max_gap_minutes, jump_multiple=jump_multiple
        )
        cat.record(
            h.symbol,
            h.bar,
            h.source,
            gaps=report.gaps,
            checked_at=datetime.now(UTC),
            fetched_at=h.fetched_at,
        )
        state = "[green]ok[/]" if report.clean else "[yellow]findings[/]"
        calendar = report.calendar or "no calendar: gaps not checked"
        console.print(
            f"{h.symbol} {h.bar}: {report.days} days, {report.bars:,} "
            f"{'trades' if h.bar == 'tick' else 'bars'}, "
            f"{len(report.gaps)} gap(s), {len(report.bad)} bad day(s) ({calendar}) {state}",
            highlight=False,
        )
        for line in report.bad:
            console.print(f"  [red]bad:[/] {line}", highlight=False, markup=True, soft_wrap=True)
        for line in report.warnings:
            console.print(f"  [yellow]warning:[/] {line}", highlight=False, soft_wrap=True)
        for gap in report.gaps[:SHOWN_GAPS]:
            console.print(
                f"  gap: {gap.start:%Y-%m-%d %H:%M} to {gap.end:%Y-%m-%d %H:%M} UTC: {gap.note}",
                highlight=False,
            )
        if len(report.gaps) > SHOWN_GAPS:
            console.print(f"  ... and {len(report.gaps) - SHOWN_GAPS} more gap(s)")
        refused += len(report.bad)
    if refused:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("check")(check_data)
