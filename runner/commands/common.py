"""What every command does the same way: fail cleanly, load and validate the bot files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console

if TYPE_CHECKING:
    from runner.config.project import Project

SCHEDULES = Path("schedules")


def fail(message: str, code: int = 1) -> NoReturn:
    """A user mistake: one clear line on stderr, never a traceback."""
    Console(stderr=True).print(f"[red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def positive_capital(value: float | None) -> float | None:
    """--capital: money to trade with is more than nothing."""
    if value is not None and not value > 0:
        raise typer.BadParameter(f"{value:g} is not a capital: give dollars, more than 0")
    return value


def load_or_exit(
    paths: list[Path],
    console: Console,
    connections: Path | None = None,
    notices: bool = False,
) -> Project:
    """Load and validate bot files (with the schedules they name); exit 1 on any error.

    With ``notices``, what validate warns about a valid bot (no schedule, a paper bot with
    no risk limits or no protective exit) is said on stderr too: a run must not hide it."""
    from runner.config.project import load_project

    for p in paths:
        if not p.exists():
            fail(f"{p}: no such file or folder")
    wanted = list(paths)
    if SCHEDULES.is_dir() and SCHEDULES not in wanted:
        wanted.append(SCHEDULES)
    if connections is not None and not connections.is_file():
        fail(f"--config: {connections} is not a file")
    project = load_project(wanted, connections=connections)
    if project.errors:
        err = Console(stderr=True)
        for e in project.errors:
            err.print(str(e), highlight=False, markup=False, soft_wrap=True)
        fail(f"{len(project.errors)} error(s); nothing was started")
    if notices and project.notices:
        from rich.text import Text

        from runner.errors import ConfigError

        err = Console(stderr=True)
        for note in sorted(project.notices, key=ConfigError.sort_key):
            err.print(Text.assemble(("warning: ", "yellow"), str(note)), soft_wrap=True)
    return project
