"""Running trials as Ray tasks: the bundle is put into the object store once and shared."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from runner.sweep.bundle import Bundle, localise, remove
from runner.sweep.trial import TrialOutcome, TrialTask, run_trial

CLEANUP_WAIT = 60.0
"""Seconds ``close`` waits for the nodes to drop the sweep's folder: a node that went away
must not keep the driver from ending."""


def _remote_trial(bundle: Bundle, task: TrialTask) -> TrialOutcome:
    return run_trial(localise(bundle, task))


def _remove_folder(name: str) -> None:
    remove(name)


class RayExecutor:
    """``address``: a cluster's address, ``auto`` (the cluster this machine belongs to), or
    ``local:N`` to start a cluster of N CPUs in this process, stopped by ``close``.

    ``close`` removes what the sweep wrote on the machines (``runner.sweep.bundle``): Ray
    kills its worker processes, so they cannot be left to clean up at their exit."""

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
        self.folder = bundle.folder_name
        self.bundle_ref = ray.put(bundle)
        self.remote = ray.remote(num_cpus=1)(_remote_trial)
        self.address = address
        self.pending: list[Any] = []

    @property
    def label(self) -> str:
        return f"Ray cluster {self.address} ({self.cpus} CPUs)"

    def run(
        self, tasks: list[TrialTask], done: Callable[[TrialOutcome], None]
    ) -> list[TrialOutcome]:
        refs = [self.remote.remote(self.bundle_ref, t) for t in tasks]
        order = {ref: i for i, ref in enumerate(refs)}
        results: list[TrialOutcome | None] = [None] * len(tasks)
        self.pending = list(refs)
        while self.pending:
            ready, self.pending = self.ray.wait(self.pending, num_returns=1)
            for ref in ready:
                outcome = self.ray.get(ref)
                results[order[ref]] = outcome
                done(outcome)
        return [r for r in results if r is not None]

    def close(self) -> None:
        try:
            self._stop_trials()
            if not self.started:  # the cluster outlives the sweep: each node drops its copy
                self._clean_nodes()
        except (self.ray.exceptions.RayError, ConnectionError):
            pass  # a cluster gone: nothing can run there, and the sweep's own error stands
        finally:
            if self.started:
                self.ray.shutdown()
            remove(self.folder)  # this machine's copy (all of it, on a local cluster)

    def _stop_trials(self) -> None:
        """Cancel the trials of a stopped sweep, so that none writes after the clean-up."""
        if not self.pending:
            return
        for ref in self.pending:
            self.ray.cancel(ref)
        self.ray.wait(self.pending, num_returns=len(self.pending), timeout=CLEANUP_WAIT)
        self.pending = []

    def _clean_nodes(self) -> None:
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        task = self.ray.remote(num_cpus=0)(_remove_folder)
        refs = [
            task.options(
                scheduling_strategy=NodeAffinitySchedulingStrategy(node["NodeID"], soft=False)
            ).remote(self.folder)
            for node in self.ray.nodes()
            if node.get("Alive")
        ]
        self.ray.wait(refs, num_returns=len(refs), timeout=CLEANUP_WAIT)
