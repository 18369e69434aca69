"""Running trials on this machine's cores, one process each."""

from __future__ import annotations

import multiprocessing
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import replace

from runner.sweep.trial import TrialOutcome, TrialTask, run_trial


class LocalExecutor:
    """A pool of worker processes kept for the whole sweep (each loads the plugins once).

    Processes are spawned, not forked: the parent runs a progress thread and may hold
    Optuna's database connection, neither of which survives a fork safely.

    The trials make their scratch folders inside one folder of this (the driver's) process,
    removed by ``close``: a worker killed halfway through a trial (the out-of-memory killer;
    the pool then terminates the others) runs neither its ``finally`` nor its exit hooks."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.scratch = tempfile.TemporaryDirectory(prefix="runner-sweep-")
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))

    @property
    def label(self) -> str:
        return f"{self.workers} local worker{'s' if self.workers != 1 else ''}"

    def run(
        self, tasks: list[TrialTask], done: Callable[[TrialOutcome], None]
    ) -> list[TrialOutcome]:
        futures: dict[Future[TrialOutcome], int] = {
            self.pool.submit(run_trial, replace(t, scratch=self.scratch.name)): i
            for i, t in enumerate(tasks)
        }
        results: list[TrialOutcome | None] = [None] * len(tasks)
        for fut in as_completed(futures):
            outcome = fut.result()
            results[futures[fut]] = outcome
            done(outcome)
        return [r for r in results if r is not None]

    def close(self) -> None:
        try:
            self.pool.shutdown(wait=True, cancel_futures=True)
        finally:
            self.scratch.cleanup()
