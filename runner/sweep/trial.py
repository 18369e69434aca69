"""One trial: the bot file with a parameter set written in, validated and backtested.

This runs in worker processes (local or on a Ray cluster), so it takes and returns plain
picklable values. It calls the very engine entry point ``runner backtest`` calls.
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from runner.errors import RunnerError

SCHEDULES = "schedules"
CONTRACTS = "contracts.yaml"


@dataclass(frozen=True, slots=True)
class TrialTask:
    """What a worker needs to run one trial; paths are those of the machine it runs on."""

    number: int
    params: dict[str, Any]
    bot_text: str
    bot_file: str  # file name only: the trial's bot is written under this name
    root: str | None  # project folder holding schedules/ and contracts.yaml
    data: str | None
    windows: tuple[tuple[date | None, date | None], ...]
    curve: bool = False  # keep the equity curve of the first window (the best's report)
    scratch: str | None = None
    """Folder the trial's own temporary folder is made in, one its executor removes when the
    sweep ends, so that a worker killed in the middle of a trial leaves nothing behind.
    None: the system's temporary folder (the trial alone then cleans up after itself)."""


@dataclass(slots=True)
class TrialOutcome:
    number: int
    params: dict[str, Any]
    runs: list[dict[str, Any]] = field(default_factory=list)
    """Metrics of each window, in the order of the task's windows."""
    error: str | None = None
    """Why the bot could not be run (an invalid combination, no data): the trial fails."""
    curve: list[tuple[int, float]] = field(default_factory=list)
    trades: list[Any] = field(default_factory=list)
    """With ``curve``: the closed trades of the first window (ClosedTrade records)."""
    capital: float | None = None
    """With ``curve``: the capital the bot traded (capital x allocation)."""
    replay: dict[str, str] | None = None
    """With ``curve``: what the first window's run rests on (runner.engine.replay_id), so
    that ``runner allocate`` can tell whether it may use this run instead of its own."""


def metrics_row(metrics: Any) -> dict[str, Any]:
    """The bot's metrics as numbers, with return over max drawdown added."""
    row: dict[str, Any] = {}
    for name in (
        "trades",
        "wins",
        "losses",
        "total_pnl",
        "win_rate",
        "profit_factor",
        "expectancy",
        "max_drawdown",
        "max_drawdown_pct",
        "sharpe",
        "return_pct",
        "end_equity",
        "days",
    ):
        row[name] = getattr(metrics, name)
    dd = metrics.max_drawdown_pct
    ret = metrics.return_pct
    if dd > 0:
        row["return_over_max_drawdown"] = ret / dd
    else:
        row["return_over_max_drawdown"] = math.inf if ret > 0 else (0.0 if ret == 0 else None)
    return row


def _replay(
    project: Any, task: TrialTask, start: date | None, end: date | None
) -> dict[str, str] | None:
    """The run's fingerprint, or None when it cannot be taken (the run is kept, unmarked)."""
    from runner.engine.replay_id import replay_id
    from runner.plugins import registry

    try:
        return replay_id(
            project.bots[0],
            registry(),
            data=Path(task.data) if task.data else None,
            start=start,
            end=end,
            schedules=project.schedules,
        )
    except (RunnerError, OSError, ValueError):
        return None


def run_trial(task: TrialTask) -> TrialOutcome:
    # A folder per trial, gone when the trial ends: Ray kills its worker processes when
    # the job ends, so nothing may wait for a worker's exit hooks.
    with tempfile.TemporaryDirectory(
        prefix=f"runner-sweep-t{task.number}-", dir=task.scratch
    ) as tmp:
        return _run_in(task, Path(tmp))


def _run_in(task: TrialTask, folder: Path) -> TrialOutcome:
    from runner.config.project import load_project
    from runner.engine.backtest import run_backtest
    from runner.plugins import registry
    from runner.sweep.space import substitute

    out = TrialOutcome(task.number, dict(task.params))
    text = substitute(task.bot_text, task.params)
    bot = folder / task.bot_file
    bot.write_text(text, encoding="utf-8")
    paths = [bot]
    root = Path(task.root) if task.root else None
    if root is not None and (root / SCHEDULES).is_dir():
        paths.append(root / SCHEDULES)
    try:
        project = load_project(paths, base=root or folder)
        if project.errors:
            first = project.errors[0]
            where = f"{first.path}: " if first.path else ""
            more = f" (and {len(project.errors) - 1} more)" if len(project.errors) > 1 else ""
            out.error = f"invalid bot: {where}{first.message}{more}"
            return out
        for i, (start, end) in enumerate(task.windows):
            result = run_backtest(
                project.bots,
                registry(),
                data=Path(task.data) if task.data else None,
                start=start,
                end=end,
                keep_events=False,
                schedules=project.schedules,
            )
            mine = result.bots[0]
            out.runs.append(metrics_row(mine.metrics))
            if task.curve and i == 0:
                out.curve = list(mine.equity_curve)
                out.trades = list(mine.trades)
                out.capital = mine.capital
                out.replay = _replay(project, task, start, end)
    except (RunnerError, FileNotFoundError, ValueError) as exc:
        out.error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        out.runs = []
    except Exception as exc:  # a plugin's bug on one combination must not end the sweep
        line = str(exc).splitlines()[0] if str(exc) else ""
        out.error = f"{type(exc).__name__} in the backtest: {line}".rstrip(": ")
        out.runs = []
    return out
