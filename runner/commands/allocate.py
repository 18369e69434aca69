"""``runner allocate``: propose each bot's share of the capital from its backtest."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from runner.commands.common import fail, load_or_exit

METHOD_HELP = (
    "equal (1/n each), inverse_vol (proportional to 1/volatility), risk_parity (equal "
    "contributions to the portfolio's variance) or max_sharpe (highest in-sample Sharpe, "
    "each bot at most --cap; needs scipy)."
)


def allocate(
    files: list[Path] = typer.Argument(
        None, help="Bot files or folders (default: strategies.d/).", show_default=False
    ),
    method: str = typer.Option("risk_parity", "--method", help=METHOD_HELP),
    cap: float | None = typer.Option(
        None,
        "--cap",
        help="Largest allocation of one bot with --method max_sharpe, a fraction in (0, 1] "
        "(default 1: no cap).",
        show_default=False,
    ),
    start: str | None = typer.Option(
        None, "--from", help="First day (YYYY-MM-DD); overrides the bots' feed setting 'start'."
    ),
    end: str | None = typer.Option(
        None, "--to", help="Last day, inclusive (YYYY-MM-DD); overrides the bots' feed 'end'."
    ),
    data: Path | None = typer.Option(
        None,
        "--data",
        help="Folder with one CSV or Parquet file per instrument, as for runner backtest.",
    ),
    sweeps: list[Path] = typer.Option(
        None,
        "--from-sweep",
        help="A sweep's results folder (runner sweep --output), repeatable: the bot it tuned "
        "is allocated as its best trial, whose run the sweep stored is used instead of a "
        "backtest when it replays the same history (same --from/--to and data).",
        show_default=False,
    ),
    write: bool = typer.Option(
        False,
        "--write",
        help="Write the proposed allocations into the bot files' risk.allocation, keeping "
        "their comments and layout.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Backtest the bots (or read a sweep's best trial) and propose each one's
    risk.allocation by a stated method, with the portfolio before and after and the
    correlation of the bots' daily returns."""
    from runner.allocate.methods import METHODS, AllocationError, check_cap, require
    from runner.allocate.plan import BacktestWindow, allocate
    from runner.commands.backtest import _catalog, _date
    from runner.errors import display_path
    from runner.plugins import registry

    if method not in METHODS:
        fail(f"--method: unknown method {escape(repr(method))}; use one of {', '.join(METHODS)}")
    if cap is not None and method != "max_sharpe":
        fail(f"--cap applies to --method max_sharpe only, not {method}")
    if data is not None and not data.is_dir():
        fail(f"--data: {escape(str(data))} is not a folder")
    first, last = _date(start, "--from"), _date(end, "--to")
    if first and last and last < first:
        fail(f"--to {end} is before --from {start}")
    console = Console()
    project = load_or_exit(files or [Path("strategies.d")], Console(stderr=True), notices=False)
    if not project.bots:
        fail("no bot files found")
    try:
        require(method)
        check_cap(1.0 if cap is None else cap, len(project.bots))
    except AllocationError as exc:
        fail(escape(str(exc)))
    window = BacktestWindow(data, first, last, _catalog(None, files or []))
    bots, given, origins = project.bots, {}, {}
    project_files = {b.name: b.path for b in project.bots}
    if sweeps:
        from runner.allocate.sweeps import SweepInputError, from_sweeps

        try:
            taken = from_sweeps(bots, sweeps, registry(), window, project.schedules)
        except SweepInputError as exc:
            fail(escape(str(exc)))
        bots, given, origins = taken.bots, taken.given, taken.origins
    try:
        result = allocate(
            bots,
            registry(),
            method,
            cap=1.0 if cap is None else cap,
            window=window,
            schedules=project.schedules,
            given=given,
            sweeps=origins,
        )
    except (FileNotFoundError, ValueError) as exc:
        fail(escape(str(exc)))
    if as_json:
        from runner.allocate.report import allocation_json

        typer.echo(json.dumps(allocation_json(result), indent=2))
    else:
        from runner.allocate.report import print_allocation

        print_allocation(result, console, Console(stderr=True))
    if write:
        from runner.allocate.writer import WriteError, write_allocations

        try:
            plan: dict[Path, dict[str, float]] = {}
            for bot in result.bots:
                plan.setdefault(result.files[bot], {})[bot] = result.new[bot]
            changed = write_allocations(plan)
        except WriteError as exc:
            fail(escape(str(exc)))
        out = Console(stderr=True) if as_json else console
        for path in changed:
            out.print(f"wrote {path}", highlight=False)
        if not changed:
            out.print("the bot files already hold these allocations", highlight=False)
        for bot, origin in result.sweeps.items():
            if origin.replaces:
                out.print(
                    f"{display_path(result.files[bot])} is {bot}: put it in place of "
                    f"{display_path(project_files[origin.replaces])} to run it",
                    highlight=False,
                    soft_wrap=True,
                )


def register(app: typer.Typer) -> None:
    app.command("allocate")(allocate)
