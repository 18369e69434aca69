"""``runner sweep``: tune a bot's parameters on local cores or a Ray cluster."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from runner.api.registry import install_hint
from runner.commands import common

INSTALL = install_hint("sweep")


def fail(message: str, code: int = 1) -> NoReturn:
    """``common.fail`` for text that may hold brackets (runner[sweep], exits[0]): said as
    written, not read as console markup."""
    common.fail(escape(message), code)


def _require(module: str, what: str) -> None:
    try:
        __import__(module)
    except ImportError:
        fail(f"{what} needs the {module} package, which is not installed: {INSTALL}")


def sweep(
    file: Path = typer.Argument(..., help="The sweep file (YAML).", show_default=False),
    workers: int = typer.Option(
        0, "--workers", min=0, help="Local worker processes (default: every core)."
    ),
    ray_address: str | None = typer.Option(
        None,
        "--ray",
        help="Run the trials on a Ray cluster: its address (ray://host:10001, host:6379), "
        "'auto' for the cluster this machine is part of, or 'local:N' to start one here "
        "with N CPUs.",
    ),
    storage: str | None = typer.Option(
        None,
        "--storage",
        help="Optuna storage URL (sqlite:///study.db, postgresql://...). "
        "Default: study.db in the output folder.",
    ),
    resume: bool = typer.Option(False, "--resume", help="Continue a stopped study."),
    overwrite: bool = typer.Option(
        False, "--overwrite", help="Delete a study of the same name and start again."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Results folder (default: sweep-results/<sweep name>)."
    ),
    top: int = typer.Option(10, "--top", min=1, help="Rows of the table of best trials."),
) -> None:
    """Run a parameter sweep (grid, random or TPE through Optuna) of one bot file, with an
    optional walk-forward test, and write the trials, an HTML report and the best bot."""
    _require("optuna", "runner sweep")
    if ray_address is not None:
        _require("ray", "runner sweep --ray")
    from runner.sweep.model import load_sweep

    if not file.is_file():
        fail(f"{file}: no such file")
    loaded, errors = load_sweep(file)
    if loaded is None:
        err = Console(stderr=True)
        for e in errors:
            err.print(str(e), highlight=False, markup=False, soft_wrap=True)
        fail(f"{len(errors)} error(s) in the sweep file; nothing was run")
    if resume and overwrite:
        fail("--resume and --overwrite exclude each other")
    out = output or Path("sweep-results") / loaded.name
    out.mkdir(parents=True, exist_ok=True)
    url = storage or f"sqlite:///{(out / 'study.db').resolve()}"
    from runner.sweep.session import SweepRun, SweepStopped

    console = Console()
    try:
        run = SweepRun(loaded, url, resume=resume, overwrite=overwrite)
    except ValueError as exc:
        fail(str(exc))
    except Exception as exc:  # the storage URL: a driver missing, a database unreachable
        fail(f"cannot open the study in {url}: {type(exc).__name__}: {exc}")
    executor: Any
    if ray_address is not None:
        from runner.sweep.rayexec import RayExecutor

        try:
            executor = RayExecutor(ray_address, run.bundle())
        except (ConnectionError, RuntimeError, ValueError) as exc:
            fail(f"--ray {ray_address}: {exc}")
    else:
        from runner.sweep.local import LocalExecutor

        executor = LocalExecutor(workers or os.cpu_count() or 1)
    console.print(f"sweep {loaded.name}: {run.total} trials on {executor.label}; study in {url}")
    slots: int = getattr(executor, "workers", None) or getattr(executor, "cpus", None) or 1
    if loaded.config.batch < slots:
        console.print(
            f"[yellow]note:[/] batch {loaded.config.batch} keeps only {loaded.config.batch} of "
            f"{slots} workers busy; raise batch: in the sweep file to use them all"
        )
    from concurrent.futures.process import BrokenProcessPool

    started = time.monotonic()
    try:
        run.execute(executor, console)
    except SweepStopped:
        fail("stopped; `runner sweep --resume` continues the study", code=130)
    except BrokenProcessPool:
        fail(
            "a worker process died during a trial (killed, or out of memory); the finished "
            "trials are kept: `runner sweep --resume` continues the study"
        )
    except Exception as exc:
        if type(exc).__module__.startswith("ray."):  # a Ray worker or node lost
            fail(
                f"the Ray cluster failed a trial ({type(exc).__name__}: "
                f"{str(exc).splitlines()[0] if str(exc) else 'no message'}); the finished "
                "trials are kept: `runner sweep --resume` continues the study"
            )
        raise
    finally:
        executor.close()
    console.print(f"{run.done_now} trials in {time.monotonic() - started:.1f} s")
    for path in run.finish(out, console, top):
        console.print(f"wrote {path}")


def register(app: typer.Typer) -> None:
    app.command("sweep")(sweep)
