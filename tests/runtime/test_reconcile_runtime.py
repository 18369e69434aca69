"""The periodic comparison inside ``runner start`` on a paper replay: it runs, finds the
paper broker agreeing with every bot after every bar, and acts on nothing (a replay with
it trades exactly what one without it trades)."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

from runtime_support import events, fills_of, run_in_process, write_bot

from runner.plugins import registry
from runner.runtime.runtime import Runtime

RECONCILE_KINDS = ("difference", "reconcile_unknown", "entries_resumed", "stop_restored")


def _run(project_dir: Path, logs: Path, fast: bool) -> Runtime:
    bots = [write_bot(project_dir, "alpha"), write_bot(project_dir, "beta", root="CL", fast=4)]
    for path in bots:
        path.write_text(path.read_text() + "reconcile: {every: 5s}\n")

    def setup(rt: Runtime) -> None:
        if fast:  # the runtime's clock moves 30 s at every look: a comparison at each poll
            ticks = itertools.count()
            rt.reconciler.clock = lambda: next(ticks) * 30 * 10**9

    return run_in_process(project_dir, bots, logs, registry(), setup=setup, speed=0)


def test_periodic_comparison_on_paper_finds_nothing_and_changes_nothing(project_dir: Path):
    rt = _run(project_dir, project_dir / "with", fast=True)
    checks = {name: st.checks for name, st in rt.reconciler.state.items()}
    assert checks["alpha"] >= 2 and checks["beta"] >= 2, checks  # start, then periodic
    for category in ("orders", "system"):
        for kind in RECONCILE_KINDS:
            assert events(project_dir / "with", category, kind) == [], kind
    other = project_dir / "other"
    other.mkdir()
    (other / "strategies.d").mkdir()
    shutil.copytree(project_dir / "schedules", other / "schedules")
    _run(other, other / "without", fast=False)
    for category in ("orders", "system"):
        for kind in RECONCILE_KINDS:
            assert events(other / "without", category, kind) == [], kind
    for bot in ("alpha", "beta"):
        with_ = fills_of(project_dir / "with", bot)
        assert with_ and with_ == fills_of(other / "without", bot)
