"""``runner schedule``: the coming trading windows and events of every bot, to check by eye."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from runner.commands.common import load_or_exit
from runner.model import NS, to_datetime


def schedule(
    files: list[Path] = typer.Argument(
        None, help="Bot files or folders (default: strategies.d/).", show_default=False
    ),
    days: int = typer.Option(7, "--days", min=1, max=366, help="How many days ahead."),
    start: str | None = typer.Option(
        None,
        "--from",
        help="Start at this ISO date or date-time instead of now (UTC unless a zone is given).",
        show_default=False,
    ),
) -> None:
    """Print the coming windows (open, flatten, close) and events of every bot."""
    from runner.engine.clock import parse_instant
    from runner.schedule.windows import WindowSchedule

    console = Console()
    if not console.is_terminal:  # a pipe or a log: whole cells, never an ellipsis
        console = Console(width=max(console.width, 160))
    project = load_or_exit(files or [Path("strategies.d")], console)
    try:
        now = parse_instant(start) if start is not None else time.time_ns()
    except ValueError as exc:
        console.print(f"[red]error:[/] --from: {exc}", highlight=False)
        raise typer.Exit(2) from None
    end = now + days * 86400 * NS
    table = Table(title=f"Windows for the next {days} day(s)", header_style="bold")
    for col in ("Bot", "Schedule", "Window", "Opens", "Flattens", "Closes", "Note"):
        table.add_column(col, no_wrap=True)
    cache: dict[str, WindowSchedule] = {}
    for bot in project.bots:
        name = bot.config.schedule
        if name is None:
            table.add_row(bot.config.name, "-", "always", "", "", "", "no schedule")
            continue
        ws = cache.get(name) or cache.setdefault(name, WindowSchedule(project.schedules[name]))

        def fmt(ts: int, ws: WindowSchedule = ws) -> str:
            return to_datetime(ts).astimezone(ws.tz).strftime("%a %Y-%m-%d %H:%M %Z")

        try:
            spans, events = ws.spans(now, end), ws.events(now, end)
        except ValueError as exc:  # a date beyond what the exchange calendar knows
            console.print(f"[red]error:[/] schedule {name}: {exc}", highlight=False)
            raise typer.Exit(1) from None
        for span in spans:
            note = "early close" if span.early_close else ""
            table.add_row(
                bot.config.name,
                name,
                span.name,
                fmt(span.open),
                fmt(span.flatten) if span.flatten != span.close else "",
                fmt(span.close),
                note,
            )
        for ev, ts in events:
            table.add_row(bot.config.name, name, f"event {ev}", fmt(ts), "", "", "")
    if table.row_count:
        console.print(table)
    else:
        console.print(f"no window opens or closes in the next {days} day(s)")


def register(app: typer.Typer) -> None:
    app.command("schedule")(schedule)
