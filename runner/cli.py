"""The ``runner`` command line.

Each sub-command lives in its own module under runner/commands/ and exposes
``register(app)``; plugin packages add more through the ``register_commands`` hook.
"""

from __future__ import annotations

import gc
import importlib
import sys

import typer

from runner import __version__
from runner.commands._help import quiet_flags

COMMANDS = (
    # one module per command, in the order `runner --help` lists them
    "validate",
    "start",
    "status",
    "pause",
    "flatten",
    "backtest",
    "allocate",
    "data",
    "sweep",
    "report",
    "schedule",
    "schema",
    "plugins",
)
OTHER_NAMES = {"resume": "pause"}
"""Commands registered by the module of another command."""

app = typer.Typer(
    name="runner",
    help="Declarative strategy runner for futures: validate, backtest and run YAML bots.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
quiet_flags()  # no "<bool>" beside the flags in --help


def _version(value: bool) -> None:
    if value:
        typer.echo(f"runner {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", callback=_version, is_eager=True
    ),
) -> None:
    """Declarative strategy runner for futures."""


def build_app(command: str | None = None) -> typer.Typer:
    """The command line with every command, or with ``command`` alone when it is one of
    runner's own: a command's module imports what the command uses (rich's tables and
    progress bars, the HTTP client, the journal's database), and running one command need
    not import all the others'."""
    module = OTHER_NAMES.get(command or "", command)
    for name in (module,) if module in COMMANDS else COMMANDS:
        importlib.import_module(f"runner.commands.{name}").register(app)
    from runner.plugins import BUILTIN, LoadFailure, canonical, one_line, registry

    reg = registry()
    distinfo = {id(p): d for p, d in reg.manager.list_plugin_distinfo()}
    args = {"cli": app}
    for impl in reg.manager.hook.register_commands.get_hookimpls():
        try:
            impl.function(*(args[a] for a in impl.argnames))
        except Exception as exc:  # one package's commands must not take the others down
            dist = distinfo.get(id(impl.plugin))
            if dist is None or canonical(dist.project_name) == BUILTIN:
                raise
            name = reg.manager.get_name(impl.plugin) or "?"
            reg.failures.append(
                LoadFailure(
                    dist.project_name,
                    dist.version,
                    f"{name} = {getattr(impl.plugin, '__name__', name)}",
                    f"register_commands: {one_line(exc)}",
                )
            )
    return app


def main() -> None:
    args = sys.argv[1:]
    # Building the command line imports modules and registers plugins: objects that live as
    # long as the process. Collecting garbage meanwhile finds next to none (it was a twentieth
    # of `runner validate`), and frozen afterwards they are never walked again.
    gc.disable()
    try:
        _build(args[0] if args and not args[0].startswith("-") else None)
    finally:
        gc.freeze()
        gc.enable()
    from runner.plugins import registry

    for warning in registry().warnings():  # each skipped package once, one line
        typer.echo(f"warning: {warning}", err=True)
    from runner.errors import RunnerError

    if args[:1] == ["start"]:
        from runner.commands.start import complete_optional_values

        sys.argv[1:] = complete_optional_values(args)
    try:
        app()
    except RunnerError as exc:  # a mistake the user can fix: one line, no traceback
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(exc.exit_code) from None


def _build(command: str | None) -> None:
    from runner.plugins import PluginError

    try:
        build_app(command)
    except PluginError as exc:  # two packages claim one name, or a package is broken
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from None
