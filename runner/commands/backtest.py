"""``runner backtest``: replay history through the bots and report their metrics."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import typer
from rich.console import Console

from runner.commands.common import fail, load_or_exit, positive_capital


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        fail(f"{option}: {value!r} is not a date (YYYY-MM-DD)")
        raise  # unreachable: fail exits


def _zone(value: str) -> str:
    from runner.api.zones import zone_name

    try:
        return zone_name(value)
    except ValueError as exc:
        fail(f"--timezone: {exc}")


def _catalog(given: Path | None, files: list[Path]) -> Path | None:
    from runner.catalog.location import default_root

    if given is not None:
        if not given.is_dir():
            fail(f"--catalog: {given} is not a folder")
        return given
    found = default_root(files)
    return found if found.is_dir() else None


def backtest(
    files: list[Path] = typer.Argument(
        None, help="Bot files or folders (default: strategies.d/).", show_default=False
    ),
    data: Path | None = typer.Option(
        None,
        "--data",
        help="Folder with one CSV or Parquet file per instrument (GC.csv, "
        "USO.parquet): columns timestamp, open, high, low, close, volume (or timestamp, "
        "price, size for trades). Overrides the bots' feed setting 'data'. Default: the "
        "bots' setting, else the bundled data.",
    ),
    start: str | None = typer.Option(
        None, "--from", help="First day (YYYY-MM-DD); overrides the bots' feed setting 'start'."
    ),
    end: str | None = typer.Option(
        None,
        "--to",
        help="Last day, inclusive (YYYY-MM-DD); overrides the bots' feed setting 'end'.",
    ),
    timezone: str | None = typer.Option(
        None,
        "--timezone",
        help="Time zone of timestamps written without an offset in the data files "
        "(America/New_York, UTC); overrides the bots' feed setting 'timezone'. Data with "
        "such timestamps needs one of the two.",
    ),
    bar_seconds: int | None = typer.Option(
        None,
        "--bar-seconds",
        min=1,
        help="Length of the bars in the data files in seconds; overrides the bots' feed "
        "setting 'bar_seconds'. Default: the most common spacing in each file.",
    ),
    report: Path | None = typer.Option(
        None, "--report", help="Write trades.csv, equity.png and metrics.json to this folder."
    ),
    catalog: Path | None = typer.Option(
        None,
        "--catalog",
        help="The local catalog (runner data); bots whose instruments it holds read it, "
        "across contract rolls. Default: catalog/ in the project folder, when present. "
        "--data wins.",
    ),
    capital: float | None = typer.Option(
        None,
        "--capital",
        help="Starting capital of each bot in dollars, more than 0 (overrides the bot files).",
        callback=positive_capital,
    ),
) -> None:
    """Replay history through the bots with the paper broker and print their metrics."""
    from runner.catalog.report import print_rolls
    from runner.engine.backtest import run_backtest
    from runner.plugins import registry
    from runner.reporting import print_metrics, write_report

    console = Console()
    if data is not None and not data.is_dir():
        fail(f"--data: {data} is not a folder")
    if timezone is not None:
        timezone = _zone(timezone)
    first, last = _date(start, "--from"), _date(end, "--to")
    if first and last and last < first:
        fail(f"--to {end} is before --from {start}")
    project = load_or_exit(files or [Path("strategies.d")], console, notices=True)
    if not project.bots:
        fail("no bot files found")
    catalog = _catalog(catalog, files or [])
    try:
        result = run_backtest(
            project.bots,
            registry(),
            data=data,
            start=first,
            end=last,
            capital=capital,
            schedules=project.schedules,
            timezone=timezone,
            bar_seconds=bar_seconds,
            catalog=catalog,
        )
    except (FileNotFoundError, ValueError) as exc:
        fail(str(exc))
        return
    warn = Console(stderr=True)
    for note in result.warnings:
        warn.print(f"[yellow]warning:[/] {note}", highlight=False, markup=True, soft_wrap=True)
    rows = [(b.bot, b.metrics.to_dict()) for b in result.bots]
    rows.append(("PORTFOLIO", result.portfolio.to_dict()))
    print_metrics(rows, console, title=f"Backtest: {result.bars:,} bars")
    for b in result.bots:
        if b.open_positions:
            console.print(
                f"[yellow]{b.bot}[/]: position still open at the end: "
                f"{b.open_positions} (marked to market in PnL)"
            )
    if result.rolls:
        print_rolls(result.rolls, console)
    if report is not None:
        for path in write_report(report, result):
            console.print(f"wrote {path}")


def register(app: typer.Typer) -> None:
    app.command("backtest")(backtest)
