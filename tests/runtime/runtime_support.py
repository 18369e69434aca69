"""Helpers of the runtime tests: bot files, in-process runs, subprocess runs, journals.

A module of its own name (not conftest): test folders each have a conftest.py, and
``from conftest import`` would find whichever of them was imported first.

Bots run on the bundled 2013-10-07..11 replay with the paper broker. In-process runs use
speed 0 (the replay's clock moves as fast as the engine takes bars); subprocess runs use
a paced replay so a test can act in the middle of a run.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from runner.config.project import load_project
from runner.plugins import PluginRegistry
from runner.runtime.runtime import Runtime, StartOptions
from runner.runtime.supervision import RestartPolicy

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def bot_yaml(
    name: str,
    *,
    root: str = "GC",
    fast: int = 3,
    slow: int = 8,
    stop_ticks: int | None = 30,
    target_ticks: int | None = 60,
    schedule: str | None = None,
    extra_indicators: dict[str, str] | None = None,
    long_extra: str = "",
) -> str:
    """A crossover bot that trades often: the shape of the shipped strategies.d files."""
    lines = [
        "schema_version: 1",
        f"name: {name}",
        "mode: paper",
        "instruments:",
        f"  main: {{root: {root}}}",
        "bar_size: 1m",
        "timezone: America/New_York",
    ]
    if schedule:
        lines.append(f"schedule: {schedule}")
    lines += [
        "feed: replay",
        "broker: paper",
        "indicators:",
        f"  fast: {{use: sma, period: {fast}}}",
        f"  slow: {{use: sma, period: {slow}}}",
    ]
    for ind_id, spec in (extra_indicators or {}).items():
        lines.append(f"  {ind_id}: {spec}")
    lines += [
        "signals:",
        "  - use: rule",
        f'    long: "cross_above(fast, slow){long_extra}"',
        '    short: "cross_below(fast, slow)"',
    ]
    if stop_ticks or target_ticks:
        parts = []
        if stop_ticks:
            parts.append(f"stop: {{ticks: {stop_ticks}}}")
        if target_ticks:
            parts.append(f"target: {{ticks: {target_ticks}}}")
        lines += ["exits:", f"  - {{use: stop_target, {', '.join(parts)}}}"]
    lines += [
        "sizing: {use: fixed, contracts: 1}",
        "risk:",
        "  max_position: 2",
        "  max_daily_loss: 1000000",
        "  max_orders_per_minute: 30",
        "capital: 100000",
        "on_stop: flatten",
    ]
    return "\n".join(lines) + "\n"


def write_bot(folder: Path, name: str, **kw: Any) -> Path:
    path = folder / "strategies.d" / f"{name}.yaml"
    path.write_text(bot_yaml(name, **kw))
    return path


def run_in_process(
    base: Path,
    files: list[Path],
    log_dir: Path,
    registry: PluginRegistry,
    *,
    policy: RestartPolicy | None = None,
    check_interval: float = 0.2,
    setup: Callable[[Runtime], None] | None = None,
    speed: float = 0,
) -> Runtime:
    """One ``runner start`` under an event loop of its own, replay as fast as possible."""
    project = load_project([*files, base / "schedules"], registry=registry, base=base)
    assert not project.errors, [str(e) for e in project.errors]
    opts = StartOptions(
        log_dir=log_dir,
        speed=speed,
        check_interval=check_interval,
        policy=policy or RestartPolicy(),
        quiet=True,
    )
    runtime = Runtime(project, opts, registry)
    if setup is not None:
        setup(runtime)
    asyncio.run(runtime.run())
    runtime.journal.close()
    return runtime


# ---------------------------------------------------------------------- journals and logs
def query(log_dir: Path, sql: str, args: tuple = ()) -> list[tuple]:
    """Read-only: a runner may be writing the journal at the same time."""
    db = sqlite3.connect(f"file:{(log_dir / 'journal.sqlite').resolve()}?mode=ro", uri=True)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def events(log_dir: Path, category: str, kind: str | None = None) -> list[dict[str, Any]]:
    path = log_dir / f"{category}.jsonl"
    if not path.is_file():
        return []
    out = []
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        if kind is None or rec["event"] == kind:
            out.append(rec)
    return out


def fills_of(log_dir: Path, bot: str) -> list[tuple]:
    return query(
        log_dir,
        "SELECT client_id, symbol, side, qty, price, ts, reason FROM fills WHERE bot = ?"
        " ORDER BY rowid",
        (bot,),
    )


def positions(log_dir: Path) -> dict[tuple[str, str], int]:
    rows = query(log_dir, "SELECT bot, symbol, SUM(side * qty) FROM fills GROUP BY bot, symbol")
    return {(b, s): int(q) for b, s, q in rows if q}


# ---------------------------------------------------------------------- subprocesses
def runner_env(pythonpath: list[Path] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(str(p) for p in pythonpath)
    env["COLUMNS"] = "200"
    return env


def runner_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "runner", *args]


def spawn(args: list[str], cwd: Path, out: Path, env: dict[str, str] | None = None):
    """A ``runner`` process of our own, output to a file (a pipe could fill up and block)."""
    fh = out.open("wb")
    return subprocess.Popen(
        runner_cmd(*args), cwd=cwd, stdout=fh, stderr=subprocess.STDOUT, env=env or runner_env()
    )


def wait_for(check: Callable[[], Any], timeout: float, what: str, proc=None) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            got = check()
        except sqlite3.OperationalError:  # journal not created yet
            got = None
        if got:
            return got
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"runner exited {proc.returncode} while waiting for {what}")
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")
