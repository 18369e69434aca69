"""Running trials on this machine's cores, one process each."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed

from runner.sweep.trial import TrialOutcome, TrialTask, run_trial


class LocalExecutor:
    """A pool of worker processes kept for the whole sweep (each loads the plugins once).

    Processes are spawned, not forked: the parent runs a progress thread and may hold
    Optuna's database connection, neither of which survives a fork safely."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))

    @property
    def label(self) -> str:
        return f"{self.workers} local worker{'s' if self.workers != 1 else ''}"

    def run(
        self, tasks: list[TrialTask], done: Callable[[TrialOutcome], None]
    ) -> list[TrialOutcome]:
        futures: dict[Future[TrialOutcome], int] = {
            self.pool.submit(run_trial, t): i for i, t in enumerate(tasks)
        }
        results: list[TrialOutcome | None] = [None] * len(tasks)
        for fut in as_completed(futures):
            outcome = fut.result()
            results[futures[fut]] = outcome
            done(outcome)
        return [r for r in results if r is not None]

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
