"""Bots tuned by a sweep (``runner allocate --from-sweep``).

A sweep's best bot joins the portfolio: the bot of that name when the folder holds the
best bot file (``<bot>_tuned``), else it stands in for the bot the sweep tuned. Its run
"before" is the one the sweep stored, when that run rests on exactly what this
allocation's backtest would (:mod:`runner.engine.replay_id`: settings, contracts,
schedule, data, window); otherwise the bot is backtested like the others, and the
output says why. The run "after" is always a backtest: it has a new allocation.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner.errors import display_path
from runner.sweep.stored import SweepFolderError, SweepResults, read_results

if TYPE_CHECKING:
    from runner.allocate.plan import BacktestWindow
    from runner.config.botcheck import LoadedBot
    from runner.engine.backtest import BotResult


class SweepInputError(ValueError):
    """A --from-sweep the allocation cannot use; the message is one line."""


@dataclass(frozen=True)
class SweepOrigin:
    """Where a bot of the allocation came from, and whether its sweep run was used."""

    folder: Path
    sweep: str
    trial: int | None
    replaces: str | None  # the bot it stands in for (the folder holds no best bot file)
    read: bool  # its run "before" is the sweep's stored run
    why: str = ""  # why it was backtested instead

    def line(self, bot: str) -> str:
        trial = f"trial {self.trial}" if self.trial is not None else "the best trial"
        text = f"{bot} is {trial} of sweep {self.sweep} ({display_path(self.folder)})"
        if self.replaces:
            text += f", in place of {self.replaces}"
        if self.read:
            return f"{text}: its run was read from the sweep, not backtested again"
        return f"{text}: backtested, because {self.why}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "sweep": self.sweep,
            "trial": self.trial,
            "replaces": self.replaces,
            "read": self.read,
            "why": self.why or None,
        }


@dataclass
class FromSweeps:
    bots: list[LoadedBot]  # the bots to allocate, best bots in place
    given: dict[str, BotResult]  # runs read from sweeps, by bot
    origins: dict[str, SweepOrigin]


def _span(start: date | str | None, end: date | str | None) -> str:
    if start and end:
        return f"{start}..{end}"
    if start:
        return f"from {start} on"
    if end:
        return f"up to {end}"
    return "the bots' own feed windows"


def _differs(part: str, results: SweepResults, bot: LoadedBot, window: BacktestWindow) -> str:
    if part == "window":
        text = f"the sweep replayed {_span(results.start, results.end)}, this allocation "
        text += _span(window.start, window.end)
        if results.start and results.end:
            text += f" (--from {results.start} --to {results.end} would read the sweep's run)"
        return text
    if part == "data":
        return "the data differ from the sweep's (files changed since, --data, or the catalog)"
    if part == "bot":
        return f"{display_path(bot.path)} differs from the best trial's settings"
    if part == "schedule":
        return f"its schedule {bot.config.schedule} changed since the sweep"
    return "its contracts resolve otherwise than in the sweep (contracts.yaml changed)"


def _stored(
    results: SweepResults,
    bot: LoadedBot,
    registry: Any,
    window: BacktestWindow,
    schedules: dict[str, Any],
) -> tuple[BotResult | None, str]:
    """The sweep's run as this allocation's backtest of ``bot`` would give it, or why not."""
    from runner.engine.backtest import BotResult
    from runner.engine.replay_id import PARTS, replay_id
    from runner.errors import RunnerError
    from runner.portfolio.curve import CurveArrays
    from runner.portfolio.metrics import compute_metrics

    if results.missing or results.replay is None:
        return None, results.missing or "the sweep stored no run of it"
    try:
        now = replay_id(
            bot,
            registry,
            data=window.data,
            start=window.start,
            end=window.end,
            catalog=window.catalog,
            schedules=schedules,
        )
    except (RunnerError, OSError, ValueError) as exc:
        return None, f"its run could not be compared with the sweep's ({exc})"
    for part in PARTS:
        if now.get(part) != results.replay.get(part):
            return None, _differs(part, results, bot, window)
    try:
        run = results.run()
    except SweepFolderError as exc:
        return None, str(exc)
    trades = [dataclasses.replace(t, bot=bot.name) for t in run.trades]
    curve = CurveArrays(run.ts, run.equity)
    metrics = compute_metrics(trades, curve, run.capital)
    return BotResult(bot.name, run.capital, trades, curve, metrics, {}, {}), ""


def _load_best(results: SweepResults, beside: LoadedBot) -> LoadedBot:
    """The best bot file, checked as a bot of the project ``beside`` is part of."""
    from runner.config.project import load_project

    root = beside.path.resolve().parent.parent
    project = load_project([results.tuned_file], base=root)
    where = f"--from-sweep {display_path(results.folder)}"
    if project.errors:
        more = f" (and {len(project.errors) - 1} more)" if len(project.errors) > 1 else ""
        raise SweepInputError(f"{where}: {project.errors[0]}{more}")
    found = [b for b in project.bots if b.name == results.tuned]
    if not found:
        raise SweepInputError(
            f"{where}: {display_path(results.tuned_file)} holds no bot {results.tuned}"
        )
    return found[0]


def from_sweeps(
    bots: list[LoadedBot],
    folders: list[Path],
    registry: Any,
    window: BacktestWindow,
    schedules: dict[str, Any],
) -> FromSweeps:
    """The bots with each sweep's best bot in, and the sweep runs that can be used.

    Raises SweepInputError for a folder that is no sweep's, has no best bot, or tunes a bot
    that is not among ``bots``."""
    out = FromSweeps(list(bots), {}, {})
    claimed: dict[str, Path] = {}
    for folder in folders:
        where = f"--from-sweep {display_path(folder)}"
        try:
            results = read_results(folder)
        except SweepFolderError as exc:  # its message begins with the folder or its file
            raise SweepInputError(f"--from-sweep {exc}") from None
        names = [b.name for b in out.bots]
        if results.tuned in names:
            target, replaces = results.tuned, None
        elif results.bot in names:
            target, replaces = results.bot, results.bot
        else:
            raise SweepInputError(
                f"{where}: sweep {results.name} tunes bot {results.bot}, and neither it nor "
                f"{results.tuned} is among the bots allocated"
            )
        if target in claimed:
            raise SweepInputError(
                f"{where}: bot {target} is tuned by --from-sweep "
                f"{display_path(claimed[target])} as well; give one sweep per bot"
            )
        i = names.index(target)
        if replaces is not None:
            out.bots[i] = _load_best(results, out.bots[i])
        bot = out.bots[i]
        claimed[target] = claimed[bot.name] = folder
        run, why = _stored(results, bot, registry, window, schedules)
        if run is not None:
            out.given[bot.name] = run
        out.origins[bot.name] = SweepOrigin(
            folder, results.name, results.trial, replaces, run is not None, why
        )
    return out
