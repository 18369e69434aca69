"""The Optuna study: samplers, and the ask/tell loop that keeps a sweep reproducible.

Trials are asked in batches of ``batch`` (the sweep file's, never the number of workers),
the batch runs in parallel, and the results are told in trial order once the whole batch
is back. The sampler therefore sees the same history before every ask whatever the number
of workers or the executor, and a seeded sampler proposes the same trials.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from runner.sweep.model import ChoiceSpace, FloatSpace, IntSpace, LoadedSweep, Space
from runner.sweep.scoring import score
from runner.sweep.trial import TrialOutcome, TrialTask

if TYPE_CHECKING:
    import optuna

DEFAULT_TRIALS = 100


class Executor(Protocol):
    label: str

    def run(
        self, tasks: list[TrialTask], done: Callable[[TrialOutcome], None]
    ) -> list[TrialOutcome]: ...

    def close(self) -> None: ...


def grid_values(space: Space) -> list[Any]:
    if isinstance(space, IntSpace):
        return list(range(space.int[0], space.int[1] + 1, space.step))
    if isinstance(space, FloatSpace):
        assert space.step is not None
        lo, hi = space.float
        n = int(math.floor((hi - lo) / space.step + 1e-9)) + 1
        return [round(lo + k * space.step, 10) for k in range(n)]
    return list(space.choice)


def distributions(sweep: LoadedSweep) -> dict[str, optuna.distributions.BaseDistribution]:
    from optuna.distributions import (
        CategoricalDistribution,
        FloatDistribution,
        IntDistribution,
    )

    out: dict[str, optuna.distributions.BaseDistribution] = {}
    for name, space in sweep.config.parameters.items():
        if isinstance(space, IntSpace):
            out[name] = IntDistribution(space.int[0], space.int[1], step=space.step, log=space.log)
        elif isinstance(space, FloatSpace):
            lo, hi = space.float
            if space.step is not None:
                hi = grid_values(space)[-1]
            out[name] = FloatDistribution(lo, hi, step=space.step, log=space.log)
        else:
            assert isinstance(space, ChoiceSpace)
            out[name] = CategoricalDistribution(space.choice)
    return out


def total_trials(sweep: LoadedSweep) -> int:
    cfg = sweep.config
    if cfg.method == "grid":
        size = math.prod(len(grid_values(s)) for s in cfg.parameters.values())
        return min(size, cfg.trials) if cfg.trials else size
    return cfg.trials or DEFAULT_TRIALS


def sampler(sweep: LoadedSweep, told: int = 0) -> optuna.samplers.BaseSampler:
    """The sweep's seeded sampler; a resumed study seeds it with ``seed + trials so far``, so
    that a restarted random generator does not propose the first trials again."""
    import optuna

    cfg = sweep.config
    seed = cfg.seed + told
    if cfg.method == "grid":
        grid = {n: grid_values(s) for n, s in cfg.parameters.items()}
        return _grid_sampler(grid, seed)
    if cfg.method == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    return optuna.samplers.TPESampler(seed=seed)


def _grid_sampler(grid: dict[str, list[Any]], seed: int) -> optuna.samplers.BaseSampler:
    from optuna.samplers import GridSampler

    class AskTellGrid(GridSampler):
        """Optuna's grid, told through ask/tell: its ``after_trial`` only stops
        ``study.optimize`` when the grid is done (and raises outside it); the sweep loop
        counts its trials itself."""

        def after_trial(self, *args: Any, **kwargs: Any) -> None:
            return None

    return AskTellGrid(grid, seed=seed)


def windows(sweep: LoadedSweep) -> tuple[tuple[date | None, date | None], ...]:
    """Training windows then test windows (walk-forward), or the one data range."""
    cfg = sweep.config
    if cfg.walk_forward is None:
        return ((cfg.data.start, cfg.data.end),)
    assert cfg.data.start and cfg.data.end
    plan = cfg.walk_forward.windows(cfg.data.start, cfg.data.end)
    return tuple((a, b) for a, b, _, _ in plan) + tuple((c, d) for _, _, c, d in plan)


@dataclass
class TaskMaker:
    """Turns asked trials into tasks for the workers."""

    sweep: LoadedSweep
    root: str | None
    data: str | None

    def __call__(
        self, number: int, params: dict[str, Any], *, curve: bool = False, full: bool = False
    ) -> TrialTask:
        cfg = self.sweep.config
        spans = ((cfg.data.start, cfg.data.end),) if full else windows(self.sweep)
        return TrialTask(
            number,
            params,
            self.sweep.bot_text,
            self.sweep.bot_path.name,
            self.root,
            self.data,
            spans,
            curve,
        )


def open_study(sweep: LoadedSweep, storage: str, *, resume: bool, overwrite: bool) -> optuna.Study:
    import optuna

    name = sweep.name
    exists = name in optuna.study.get_all_study_names(storage)
    if exists and overwrite:
        optuna.delete_study(study_name=name, storage=storage)
        exists = False
    if exists and not resume:
        raise StudyExists(name, storage)
    if not exists and resume:
        raise NoStudy(name, storage)
    told = 0
    if exists:
        told = len(optuna.load_study(study_name=name, storage=storage).trials)
    study = optuna.create_study(
        study_name=name,
        storage=storage,
        sampler=sampler(sweep, told),
        direction="maximize",
        load_if_exists=resume,
    )
    if not resume:
        study.set_user_attr("sweep_file", str(sweep.path))
        study.set_user_attr("seed", sweep.config.seed)
    return study


class StudyExists(Exception):
    def __init__(self, name: str, storage: str) -> None:
        super().__init__(
            f"a study named {name!r} is already in {storage}: pass --resume to continue it "
            "or --overwrite to start it again"
        )


class NoStudy(Exception):
    def __init__(self, name: str, storage: str) -> None:
        super().__init__(f"--resume: no study named {name!r} in {storage}")


def tell(study: optuna.Study, sweep: LoadedSweep, outcome: TrialOutcome) -> None:
    from optuna.trial import TrialState

    s = score(sweep.config, outcome.runs, outcome.error)
    trial_id = study._storage.get_trial_id_from_study_id_trial_number(
        study._study_id, outcome.number
    )
    storage = study._storage
    storage.set_trial_user_attr(trial_id, "runs", json.loads(json.dumps(outcome.runs)))
    if s.reason:
        storage.set_trial_user_attr(trial_id, "reason", s.reason)
    if s.out_of_sample is not None:
        storage.set_trial_user_attr(trial_id, "out_of_sample", s.out_of_sample)
    if s.value is not None:
        study.tell(outcome.number, s.value)
    else:
        study.tell(outcome.number, state=TrialState.FAIL if s.failed else TrialState.PRUNED)


def run_study(
    study: optuna.Study,
    sweep: LoadedSweep,
    executor: Executor,
    make: TaskMaker,
    on_done: Callable[[TrialOutcome], None],
) -> None:
    """Ask, run and tell until the sweep's trials are all done (resuming a stopped study)."""
    from optuna.trial import TrialState

    total = total_trials(sweep)
    dists = distributions(sweep)
    stale = study.get_trials(deepcopy=False, states=(TrialState.RUNNING, TrialState.WAITING))
    if stale:  # asked by a run that stopped before telling: run them now, in order
        tasks = [make(t.number, dict(t.params)) for t in stale]
        for outcome in executor.run(tasks, on_done):
            tell(study, sweep, outcome)
    finished = len(study.get_trials(deepcopy=False))
    for start in itertools.count(finished, sweep.config.batch):
        if start >= total:
            break
        n = min(sweep.config.batch, total - start)
        asked = [study.ask(dists) for _ in range(n)]
        tasks = [make(t.number, dict(t.params)) for t in asked]
        for outcome in executor.run(tasks, on_done):
            tell(study, sweep, outcome)
