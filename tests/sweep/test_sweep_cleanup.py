"""A sweep leaves no temporary folder behind, on local processes, on Ray, stopped with
Ctrl-C, or with a worker killed: Ray kills its workers when the job ends, and a killed
worker runs no exit hook, so a folder left to the workers would stay after every sweep."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from runner.sweep.local import LocalExecutor
from runner.sweep.model import load_sweep
from runner.sweep.session import SweepRun
from runner.sweep.study import run_study
from tests.sweep.helpers import ROOT, SMALL, write


@pytest.fixture
def tmpdir_env(tmp_path, monkeypatch):
    """The temporary folder of this process and of every worker it starts."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setenv("TMPDIR", str(root))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    # Ray keeps its own session files (and their socket paths, of bounded length) where
    # it always does; only the sweep's folders are under test.
    monkeypatch.setenv("RAY_TMPDIR", "/tmp")
    return root


def left(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith("runner-"))


def sweep_on(executor_of, tmp_path: Path, root: Path) -> list[list[str]]:
    """Run a small sweep, noting what the trials had written in ``root`` while it ran."""
    loaded, _ = load_sweep(write(tmp_path, SMALL))
    assert loaded is not None
    run = SweepRun(loaded, f"sqlite:///{tmp_path / 'study.db'}", resume=False, overwrite=False)
    seen: list[list[str]] = []
    executor = executor_of(run)
    try:
        run_study(run.study, loaded, executor, run.make, lambda _: seen.append(left(root)))
    finally:
        executor.close()
    assert len(run.study.trials) == 6
    assert all(t.value is not None for t in run.study.trials)
    return seen


def test_local_workers_leave_nothing(tmp_path, tmpdir_env):
    seen = sweep_on(lambda _: LocalExecutor(2), tmp_path, tmpdir_env)
    assert all(names and names[0].startswith("runner-sweep-") for names in seen)
    assert left(tmpdir_env) == []


def test_a_killed_worker_leaves_nothing(tmp_path, tmpdir_env):
    """As the kernel's out-of-memory killer does: the pool breaks, its other workers are
    terminated, and none of them cleans up after itself."""
    loaded, _ = load_sweep(write(tmp_path, SMALL))
    assert loaded is not None
    run = SweepRun(loaded, f"sqlite:///{tmp_path / 'study.db'}", resume=False, overwrite=False)
    pool = LocalExecutor(2)

    def kill(_: object) -> None:
        while not any(tmpdir_env.glob("runner-sweep-*/*")):  # a trial under way
            time.sleep(0.01)
        for child in multiprocessing.active_children():
            os.kill(child.pid, signal.SIGKILL)

    try:
        with pytest.raises(BrokenProcessPool):
            run_study(run.study, loaded, pool, run.make, kill)
    finally:
        pool.close()
    assert left(tmpdir_env) == []


def test_ray_workers_leave_nothing(tmp_path, tmpdir_env):
    pytest.importorskip("ray")
    from runner.sweep.rayexec import RayExecutor

    seen = sweep_on(lambda run: RayExecutor("local:2", run.bundle()), tmp_path, tmpdir_env)
    # the workers wrote the bundle where this process's TMPDIR says
    assert all(any(n.startswith("runner-bundle-") for n in names) for names in seen)
    assert left(tmpdir_env) == []


def test_the_final_task_on_each_node_removes_the_copy(tmp_path, tmpdir_env):
    """What ``close`` does on a cluster that outlives the sweep."""
    pytest.importorskip("ray")
    from runner.sweep.rayexec import RayExecutor

    loaded, _ = load_sweep(write(tmp_path, SMALL))
    assert loaded is not None
    run = SweepRun(loaded, f"sqlite:///{tmp_path / 'study.db'}", resume=False, overwrite=False)
    executor = RayExecutor("local:2", run.bundle())
    try:
        run_study(run.study, loaded, executor, run.make, lambda _: None)
        assert (tmpdir_env / executor.folder).is_dir()
        executor._clean_nodes()
        assert left(tmpdir_env) == []
    finally:
        executor.close()


def _long_sweep(tmp_path: Path, where: list[str]) -> subprocess.Popen[str]:
    """``runner sweep`` of 200 random trials in a session of its own, as a user starts it."""
    sweep = write(tmp_path, SMALL.replace("method: grid", "method: random\ntrials: 200"))
    return subprocess.Popen(
        [sys.executable, "-m", "runner", "sweep", str(sweep), *where],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _wait_for_a_trial(root: Path, proc: subprocess.Popen[str]) -> None:
    trials = ("runner-sweep-*/*", "runner-bundle-*/trials/*")
    while proc.poll() is None and not any(any(root.glob(t)) for t in trials):
        time.sleep(0.05)
    assert proc.poll() is None, "the sweep ended before it could be stopped"


@pytest.mark.parametrize("on", ["local", "ray"])
@pytest.mark.parametrize("group", [False, True], ids=["cli", "terminal"])
def test_a_stopped_sweep_leaves_nothing(tmp_path, tmpdir_env, group, on):
    """SIGINT to the ``runner sweep`` process alone, or to its whole process group as a
    terminal's Ctrl-C does (the workers are interrupted too)."""
    if on == "ray":
        pytest.importorskip("ray")
    where = ["--workers", "2"] if on == "local" else ["--ray", "local:2"]
    proc = _long_sweep(tmp_path, where)
    try:
        _wait_for_a_trial(tmpdir_env, proc)
        if group:
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, out + err
    assert "runner sweep --resume" in err
    assert left(tmpdir_env) == []


def test_a_worker_killed_under_the_cli_is_one_line_and_leaves_nothing(tmp_path, tmpdir_env):
    """The out-of-memory killer takes a worker: the command says so in one line, keeps the
    finished trials for ``--resume``, and leaves no folder."""
    import psutil

    proc = _long_sweep(tmp_path, ["--workers", "2"])
    try:
        _wait_for_a_trial(tmpdir_env, proc)
        workers = [
            c
            for c in psutil.Process(proc.pid).children(recursive=True)
            if "resource_tracker" not in " ".join(c.cmdline())
        ]
        assert workers, "no worker process found"
        os.kill(workers[-1].pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 1, out + err
    assert "a worker process died during a trial" in err and "--resume" in err
    assert "Traceback" not in out + err
    assert left(tmpdir_env) == []
