"""``runner sim ...``: local protocol servers (R|Protocol, TWS API) for tests and demos."""

from __future__ import annotations

import typer

from runner.hookspecs import hookimpl

sim = typer.Typer(
    help="Run a local protocol server that speaks a broker's API.", no_args_is_help=True
)


@hookimpl
def register_commands(cli: typer.Typer) -> None:
    cli.add_typer(sim, name="sim")
