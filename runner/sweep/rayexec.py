"""Running trials as Ray tasks: the bundle is put into the object store once and shared."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from runner.sweep.bundle import Bundle, localise
from runner.sweep.trial import TrialOutcome, TrialTask, run_trial


def _remote_trial(bundle: Bundle, task: TrialTask) -> TrialOutcome:
    return run_trial(localise(bundle, task))


class RayExecutor:
    """``address``: a cluster's address, ``auto`` (the cluster this machine belongs to), or
    ``local:N`` to start a cluster of N CPUs in this process, stopped by ``close``."""

    def __init__(self, address: str, bundle: Bundle) -> None:
        import ray

        self.ray: Any = ray
        self.started = False
        if address.startswith("local"):
            _, _, cpus = address.partition(":")
            ray.init(
                num_cpus=int(cpus) if cpus else None,
                include_dashboard=False,
                log_to_driver=False,
                configure_logging=False,
            )
            self.started = True
        else:
            ray.init(address=address, log_to_driver=False, configure_logging=False)
        self.cpus = int(ray.cluster_resources().get("CPU", 1))
        self.bundle_ref = ray.put(bundle)
        self.remote = ray.remote(num_cpus=1)(_remote_trial)
        self.address = address

    @property
    def label(self) -> str:
        return f"Ray cluster {self.address} ({self.cpus} CPUs)"

    def run(
        self, tasks: list[TrialTask], done: Callable[[TrialOutcome], None]
    ) -> list[TrialOutcome]:
        refs = [self.remote.remote(self.bundle_ref, t) for t in tasks]
        order = {ref: i for i, ref in enumerate(refs)}
        results: list[TrialOutcome | None] = [None] * len(tasks)
        pending = list(refs)
        while pending:
            ready, pending = self.ray.wait(pending, num_returns=1)
            for ref in ready:
                outcome = self.ray.get(ref)
                results[order[ref]] = outcome
                done(outcome)
        return [r for r in results if r is not None]

    def close(self) -> None:
        if self.started:
            self.ray.shutdown()
