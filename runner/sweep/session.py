"""One ``runner sweep`` run from start to results: study, progress, table, files."""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from runner.sweep.model import LoadedSweep
from runner.sweep.scoring import score
from runner.sweep.study import (
    Executor,
    NoStudy,
    StudyExists,
    TaskMaker,
    open_study,
    run_study,
    total_trials,
)
from runner.sweep.trial import TrialOutcome, run_trial

if TYPE_CHECKING:
    from runner.sweep.bundle import Bundle


class SweepStopped(Exception):
    """Interrupted (Ctrl-C): what was told is in the study, --resume continues."""


def default_data_dir() -> Path:
    """The replay feed's own folder (the bundled data) when the sweep names none."""
    from runner.engine.backtest import replay_feed
    from runner.plugins import registry

    return Path(replay_feed(registry(), None).directory)  # type: ignore[attr-defined]


class SweepRun:
    def __init__(self, sweep: LoadedSweep, storage: str, *, resume: bool, overwrite: bool):
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        self.sweep = sweep
        self.storage = storage
        try:
            self.study = open_study(sweep, storage, resume=resume, overwrite=overwrite)
        except (StudyExists, NoStudy) as exc:
            raise ValueError(str(exc)) from None
        self.total = total_trials(sweep)
        bot = sweep.bot_path.resolve()
        self.root = bot.parent.parent
        data = sweep.data_dir()
        self.make = TaskMaker(sweep, str(self.root), str(data.resolve()) if data else None)
        self.done_now = 0
        self.best: float | None = None

    def bundle(self) -> Bundle:
        from runner.sweep.bundle import make_bundle

        data = self.sweep.data_dir()
        return make_bundle(self.root, data if data is not None else default_data_dir())

    def execute(self, executor: Executor, console: Console) -> None:
        already = len(self.study.get_trials(deepcopy=False, states=_finished()))
        best = [t.value for t in self.study.get_trials(deepcopy=False) if t.value is not None]
        self.best = max(best) if best else None
        columns = (
            TextColumn("[bold]trials"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("best {task.fields[best]}"),
            TextColumn("{task.fields[rate]} trials/min"),
            TimeElapsedColumn(),
        )
        started = time.monotonic()
        with Progress(*columns, console=console, transient=False) as bar:
            task = bar.add_task("sweep", total=self.total, completed=already, best="-", rate="-")

            def done(outcome: TrialOutcome) -> None:
                self.done_now += 1
                s = score(self.sweep.config, outcome.runs, outcome.error)
                if s.value is not None and (self.best is None or s.value > self.best):
                    self.best = s.value
                per_min = self.done_now / max(time.monotonic() - started, 1e-9) * 60
                bar.update(
                    task,
                    advance=1,
                    best=f"{self.best:.4g}" if self.best is not None else "-",
                    rate=f"{per_min:.1f}",
                )

            try:
                run_study(self.study, self.sweep, executor, self.make, done)
            except KeyboardInterrupt:
                raise SweepStopped() from None

    def best_trial(self) -> Any | None:
        from optuna.trial import TrialState

        done = self.study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
        if not done:
            return None
        return min(done, key=lambda t: (-(t.value or -math.inf), t.number))

    def finish(self, out: Path, console: Console, top: int) -> list[Path]:
        from runner.sweep.botfile import write_best
        from runner.sweep.report import write_report
        from runner.sweep.results import top_table, trials_frame, write_frames
        from runner.sweep.stored import write_results
        from runner.sweep.walkforward import walk_forward

        frame = trials_frame(self.study, self.sweep)
        console.print(top_table(frame, self.sweep, top))
        wf = walk_forward(self.study, self.sweep)
        for w in wf:
            console.print(
                f"window {w.index}: train {w.train[0]}..{w.train[1]} best trial {w.trial} "
                f"in {_num(w.in_sample)}; test {w.test[0]}..{w.test[1]} out {_num(w.out_of_sample)}"
            )
        paths = write_frames(frame, out)
        best = self.best_trial()
        curve: list[tuple[int, float]] = []
        summary = None
        again = None
        if best is None:
            console.print("[yellow]no trial completed: no best bot to write[/]")
        else:
            params = dict(best.params)
            again = run_trial(self.make(best.number, params, curve=True, full=True))
            curve = again.curve
            assert best.value is not None
            paths.append(write_best(out, self.sweep, best.number, best.value, params))
            summary = {"trial": best.number, "objective": best.value, "params": params}
        paths += write_results(out, self.sweep, summary, again)
        paths.append(
            write_report(out / "report.html", self.study, self.sweep, frame, wf, summary, curve)
        )
        return paths


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.4g}"


def _finished() -> tuple[Any, ...]:
    from optuna.trial import TrialState

    return (TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL)
