"""``runner data``: the local catalog of market history (one module per subcommand)."""

from __future__ import annotations

import importlib

import typer

SUBCOMMANDS = (
    # one module per subcommand, in the order `runner data --help` lists them
    "fetch",
    "list",
    "check",
    "continuous",
)


def register(app: typer.Typer) -> None:
    data_app = typer.Typer(
        name="data",
        help="The local catalog of market history: fetch, list, check, build continuous series.",
        no_args_is_help=True,
    )
    for name in SUBCOMMANDS:
        importlib.import_module(f"runner.commands.data.{name}").register(data_app)
    app.add_typer(data_app, name="data")
