"""On a real local Ray cluster (two CPUs, started and stopped here) a sweep proposes the
same trials and gets the same results as on local processes, the data travelling through
the object store."""

from __future__ import annotations

import pytest

from runner.sweep.local import LocalExecutor
from runner.sweep.model import load_sweep
from runner.sweep.session import SweepRun
from runner.sweep.study import run_study
from tests.sweep.helpers import SMALL, write

pytest.importorskip("ray")


def trials_on(executor, loaded, storage):
    run = SweepRun(loaded, storage, resume=False, overwrite=False)
    try:
        run_study(run.study, loaded, executor, run.make, lambda _: None)
    finally:
        executor.close()
    return [(t.number, t.params, t.state, t.value, t.user_attrs["runs"]) for t in run.study.trials]


def test_ray_gives_the_local_results(tmp_path):
    from runner.sweep.rayexec import RayExecutor

    text = SMALL.replace("method: grid", "method: tpe\ntrials: 8")
    loaded, _ = load_sweep(write(tmp_path, text))
    assert loaded is not None
    local = trials_on(LocalExecutor(2), loaded, f"sqlite:///{tmp_path / 'local.db'}")
    run = SweepRun(loaded, f"sqlite:///{tmp_path / 'ray.db'}", resume=False, overwrite=False)
    ray_exec = RayExecutor("local:2", run.bundle())
    assert ray_exec.cpus == 2
    try:
        run_study(run.study, loaded, ray_exec, run.make, lambda _: None)
        on_ray = [
            (t.number, t.params, t.state, t.value, t.user_attrs["runs"]) for t in run.study.trials
        ]
    finally:
        ray_exec.close()
    import ray

    assert not ray.is_initialized()
    assert len(local) == 8
    assert on_ray == local
    best = max((t for t in local if t[3] is not None), key=lambda t: (t[3], -t[0]))
    assert best[3] is not None
