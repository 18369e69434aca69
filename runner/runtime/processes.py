"""``runner start --processes``: one operating-system process per bot, same supervision.

A bot in its own process cannot take another down even with a segfault in a native
library or a memory blow-up. The parent restarts a child that exits with an error after an
exponentially growing pause, keeps it down after too many failures, prints the same status
heartbeat, and forwards SIGINT/SIGTERM so every child flattens and exits cleanly. A bot
whose process could not (restarting or down at the stop, or ended by the signal before
Python got to handle it) is started once more, only to recover and flatten; one that still
holds a position after that is named, and the exit code is 1.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from runner.journal.reader import journal_positions
from runner.runtime.supervision import recent_failures

if TYPE_CHECKING:
    from runner.commands.start import EarlyStop
    from runner.config.project import Project
    from runner.runtime.options import StartOptions


FLATTEN_ONLY = "RUNNER_FLATTEN_ONLY"  # in a bot process's environment: recover, flatten, exit


@dataclass
class Child:
    bot: str
    path: Path
    log_dir: Path
    proc: subprocess.Popen[bytes] | None = None
    state: str = "starting"
    failures: deque[float] = field(default_factory=deque)
    restarts: int = 0
    restart_at: float = 0.0
    exit_code: int | None = None


def _child_args(child: Child, opts: StartOptions, verbose: bool = False) -> list[str]:
    args = [
        sys.executable,
        "-m",
        "runner",
        "start",
        str(child.path),
        "--log-dir",
        str(child.log_dir),
        "--check-interval",
        str(opts.check_interval),
        "--no-reload",  # one bot per process: an edit is applied by restarting its process
    ]
    if opts.speed is not None:
        args += ["--speed", str(opts.speed)]
    if opts.data is not None:
        args += ["--data", str(opts.data)]
    if opts.capital is not None:
        args += ["--capital", str(opts.capital)]
    if opts.connection is not None:
        args += ["--connection", opts.connection]
    if opts.live:
        args.append("--live")
    if verbose:
        args.append("--verbose")
    return args


def run_processes(
    project: Project,
    paths: list[Path],
    opts: StartOptions,
    console: Console,
    argv: list[str],
    early: EarlyStop | None = None,
    verbose: bool = False,
) -> int:
    """Run every bot in a process of its own; the exit code of the whole.

    The bot processes print their signals, orders and fills; the heartbeat, the one
    combined metrics table and the outcome are this process's to print. Each bot's own
    table and report lines go to its report folder (to the screen too with ``verbose``).
    """
    from runner.console import print_packed

    children = [
        Child(b.config.name, Path(b.path), opts.log_dir / b.config.name) for b in project.bots
    ]
    policy = opts.policy
    stopping = False

    def stop(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True

    old = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    if early is not None and early.reasons:  # a stop while the project was loading
        stopping = True
    console.print(f"[bold]runner[/] starting {len(children)} bot process(es)")

    def spawn(child: Child, flatten_only: bool = False) -> None:
        env = {**os.environ, "RUNNER_CHILD": "1"}
        if flatten_only:
            env[FLATTEN_ONLY] = "1"
        child.proc = subprocess.Popen(_child_args(child, opts, verbose), env=env)
        if not flatten_only:
            child.state = "running"

    for child in children:
        if not stopping:
            spawn(child)
    next_beat = time.monotonic() + opts.check_interval
    try:
        while not stopping:
            time.sleep(0.1)
            now = time.monotonic()
            for child in children:
                if child.state == "running" and child.proc is not None:
                    code = child.proc.poll()
                    if code is None:
                        continue
                    child.exit_code = code
                    if code == 0:
                        child.state = "finished"
                        continue
                    failures = recent_failures(child.failures, now, policy.window)
                    if failures >= policy.max_failures:
                        child.state = "down"
                        console.print(
                            f"[red]{child.bot}: exited {code} {failures} times; staying down[/]"
                        )
                    else:
                        pause = policy.pauses().delay(failures - 1)
                        child.state = "restarting"
                        child.restart_at = now + pause
                        console.print(
                            f"[yellow]{child.bot}: exited {code}; restarting in {pause:.0f}s[/]"
                        )
                elif child.state == "restarting" and now >= child.restart_at:
                    child.restarts += 1
                    spawn(child)
            if now >= next_beat:
                next_beat += opts.check_interval
                print_packed(
                    console,
                    "status",
                    [
                        f"{c.bot}[{c.state}"
                        + (f" pid {c.proc.pid}" if c.proc and c.state == "running" else "")
                        + (f" restarts {c.restarts}" if c.restarts else "")
                        + "]"
                        for c in children
                    ],
                )
            if all(c.state in ("finished", "down") for c in children):
                break
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)
        signalled = [c for c in children if c.proc is not None and c.proc.poll() is None]
        for child in signalled:
            assert child.proc is not None
            child.proc.send_signal(signal.SIGTERM)
        if signalled:
            console.print(
                "stopping: SIGTERM sent to "
                + ", ".join(f"{c.bot} (pid {c.proc.pid})" for c in signalled if c.proc)
            )
        _wait(children, opts.shutdown_timeout + 5, console)
        # A bot process that did not flatten (restarting or down when the stop came, ended
        # by the signal before Python could hand it over, killed) is started once more,
        # only to recover its position from the journal and flatten it.
        again = [c for c in children if _unsettled(c)]
        for child in again:
            console.print(f"{child.bot}: holds {_held(child)}; started again only to flatten")
            spawn(child, flatten_only=True)
        _wait(again, opts.shutdown_timeout + 60, console)
    _summary(children, console, verbose)
    left = [c for c in children if _unsettled(c)]
    for child in left:
        code = child.proc.returncode if child.proc is not None else None
        console.print(
            f"[red]not flat:[/] {child.bot} (exit {code}) still holds {_held(child)}; "
            f"close it by hand (see {child.log_dir}/system.jsonl)"
        )
    return 1 if left else 0


def _wait(children: list[Child], timeout: float, console: Console) -> None:
    deadline = time.monotonic() + timeout
    for child in children:
        if child.proc is None:
            continue
        try:
            child.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.proc.kill()
            child.proc.wait()
            console.print(f"[red]{child.bot}: did not stop in time; killed[/]")


def _journal_positions(child: Child) -> dict[str, int]:
    from runner.commands.report import side_files, tidy_after_reading

    path = child.log_dir / "journal.sqlite"
    had = {p for p in side_files(path) if p.exists()}
    try:
        return journal_positions(path, child.bot)
    finally:
        tidy_after_reading(path, had)


def _unsettled(child: Child) -> bool:
    """The last process did not end with 0 (which a runtime only does flat) and the
    journal holds a position."""
    clean = child.proc is not None and child.proc.returncode == 0
    return not clean and bool(_journal_positions(child))


def _held(child: Child) -> str:
    return " ".join(f"{s}:{q:+d}" for s, q in _journal_positions(child).items())


def _summary(children: list[Child], console: Console, verbose: bool = False) -> None:
    """One table for all processes, with the portfolio row, rebuilt from their journals."""
    from runner.commands.report import DEFAULT_CAPITAL, rebuild, side_files, tidy_after_reading
    from runner.journal.reader import read_equity, read_journal
    from runner.reporting import print_metrics

    fills: list = []
    capitals: dict[str, float] = {}
    bots: list[str] = []
    curves: dict[str, list[tuple[int, float]]] = {}
    for child in children:
        path = child.log_dir / "journal.sqlite"
        if not path.is_file():
            continue
        had = {p for p in side_files(path) if p.exists()}
        try:
            more, caps, names = read_journal(path)
            curves.update(read_equity(path))
        except ValueError as exc:
            console.print(f"[red]{child.bot}:[/] {exc}")
            continue
        finally:
            tidy_after_reading(path, had)
        fills += more
        capitals.update(caps)
        bots += [b for b in names if b not in bots]
    if bots:
        result = rebuild(fills, capitals, bots, DEFAULT_CAPITAL, curves)
        rows = [(b.bot, b.metrics.to_dict()) for b in result.bots]  # type: ignore[attr-defined]
        rows.append(("PORTFOLIO", result.portfolio.to_dict()))  # type: ignore[attr-defined]
        print_metrics(rows, console, title="Session metrics (all processes)")
        files = "trades.csv, equity.png, metrics.json" + ("" if verbose else ", summary.txt")
        console.print(
            f"each bot's own report ({files}) in "
            f"{escape(str(children[0].log_dir.parent))}/BOT/report/",
            soft_wrap=True,
        )
    for child in children:
        if child.state == "down":
            console.print(f"[red]down:[/] {child.bot} (see {child.log_dir}/system.jsonl)")
