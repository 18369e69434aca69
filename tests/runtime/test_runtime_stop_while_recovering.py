"""SIGTERM to ``runner start --processes`` while a restarted bot process is still starting.

A bot process killed while it holds a position is restarted and recovers that position
from its journal. Whenever the stop comes (before Python has even imported runner, while
the project loads, while the feed connects, or after subscribe but before the first bar)
the bot must end flat, and never may the runner exit 0 with the position still open.

runtime_gate.py (as sitecustomize) holds the restarted process at one of those points; the
test waits until it is held there (a file it writes), sends SIGTERM to the parent, and
only then lets it go on: ``boot`` and ``load`` once the parent says it forwarded the
signal, ``connect`` and ``stream`` never (the feed stays silent to the end).
"""

from __future__ import annotations

import asyncio
import shutil
import signal
from pathlib import Path

import psutil
import pytest
from runtime_support import (
    HERE,
    events,
    fills_of,
    positions,
    query,
    run_in_process,
    runner_env,
    spawn,
    wait_for,
    write_bot,
)

from runner.config.project import load_project
from runner.journal.store import Journal
from runner.model import Fill, Order, OrderStatus, OrderType, OrderUpdate, Side
from runner.plugins import registry
from runner.runtime.runtime import Runtime, StartOptions


def _freeze_with_position(child: psutil.Process, logs: Path) -> bool:
    """Stops the bot process; keeps it stopped only if its journal holds a position."""
    child.suspend()
    try:
        if positions(logs):
            return True
    except Exception:  # journal not written yet
        pass
    child.resume()
    return False


@pytest.mark.slow
@pytest.mark.parametrize("hold", ["boot", "load", "connect", "stream"])
def test_sigterm_while_a_restarted_bot_is_starting_ends_flat(project_dir: Path, hold: str) -> None:
    bot = write_bot(project_dir, "kid")
    logs = project_dir / "logs"
    site = project_dir / "site"
    site.mkdir()
    shutil.copy(HERE / "runtime_gate.py", site / "sitecustomize.py")
    gate = project_dir / "gate"
    gate.touch()  # open: the first process runs as usual
    held = Path(f"{gate}.held")
    env = {**runner_env([site]), "RUNNER_TEST_GATE": str(gate), "RUNNER_TEST_HOLD": hold}
    out = project_dir / "run.out"
    args = ["start", "--processes", str(bot), "--log-dir", str(logs)]
    parent = spawn([*args, "--speed", "3000", "--check-interval", "0.5"], project_dir, out, env)
    try:
        first = wait_for(lambda: psutil.Process(parent.pid).children(), 60, "bot process", parent)
        child = first[0]
        wait_for(
            lambda: _freeze_with_position(child, logs / "kid"), 90, "a position of kid", parent
        )
        gate.unlink()  # closed: the restarted process will hold at `hold`
        child.kill()
        left = positions(logs / "kid")
        assert left, "the killed process held a position"
        wait_for(held.is_file, 60, f"the restarted bot held at {hold}", parent)
        if hold in ("connect", "stream"):
            # recovery is done and the position is back in memory; not one bar yet
            recovered = wait_for(
                lambda: events(logs / "kid", "system", "recovered"), 30, "recovery", parent
            )
            assert recovered[-1]["positions"] == {s: q for (_, s), q in left.items()}
        parent.send_signal(signal.SIGTERM)
        if hold in ("boot", "load"):
            wait_for(lambda: "stopping: SIGTERM sent" in out.read_text(), 30, "the forward")
            gate.touch()
        code = parent.wait(90)
    finally:
        if parent.poll() is None:
            for proc in psutil.Process(parent.pid).children(recursive=True):
                proc.kill()
            parent.kill()
            parent.wait(30)
    text = out.read_text()
    assert "kid: exited -9; restarting in 1s" in text, text
    assert positions(logs / "kid") == {}, text
    assert code == 0, text
    assert query(logs / "kid", "SELECT clean FROM runs ORDER BY run")[-1] == (1,)
    # no bar reached the restarted process: it closed at the journal's last price
    (price,) = events(logs / "kid", "system", "final_price")
    assert price["symbol"] == "GCV3"
    # before Python runs our code the signal ends the process; the parent starts it again
    # only to flatten. From `load` on, the restarted process flattens by itself.
    again = "kid: holds GCV3:" in text and "started again only to flatten" in text
    assert again == (hold == "boot"), text


def _crashed_journal(logs: Path, bot: str) -> None:
    """A run that ended without a clean stop, long one GCV3 (the replay's contract)."""
    j = Journal(logs / "journal.sqlite")
    j.start_run(1)
    entry = Order(f"{bot}-1", bot, "GCV3", Side.BUY, 1, OrderType.MARKET, ts=10, reason="entry")
    j.order_sent(entry, "entry", f"{bot}-1", 1)
    j.order_update(OrderUpdate(f"{bot}-1", OrderStatus.FILLED, 11))
    j.fill(Fill(f"{bot}-1", "X1.1", "GCV3", Side.BUY, 1, 1300.0, 11, 2.5, bot))
    j.close()


def _stopped_before_any_bar(runtime: Runtime) -> None:
    runtime.request_stop("SIGTERM")  # as start.py's EarlyStop does for an early signal
    runtime.opts.shutdown_timeout = 2.0


def test_a_stop_before_the_first_bar_closes_the_recovered_position(project_dir: Path) -> None:
    bot = write_bot(project_dir, "early")
    logs = project_dir / "logs"
    _crashed_journal(logs, "early")
    rt = run_in_process(project_dir, [bot], logs, registry(), setup=_stopped_before_any_bar)
    assert positions(logs) == {}
    assert rt.not_flat == {}
    (price,) = events(logs, "system", "final_price")
    assert price["price"] == 1300.0
    closing = fills_of(logs, "early")[-1]
    assert closing[2] == -1 and closing[6] == "shutdown"


def test_a_shutdown_that_cannot_flatten_says_so_and_exits_1(project_dir: Path) -> None:
    bot = write_bot(project_dir, "stuck")
    logs = project_dir / "logs"
    _crashed_journal(logs, "stuck")
    project = load_project([bot, project_dir / "schedules"], registry=registry(), base=project_dir)
    opts = StartOptions(log_dir=logs, speed=0, check_interval=0.2, quiet=True)
    runtime = Runtime(project, opts, registry())
    _stopped_before_any_bar(runtime)
    runtime.shutdown.final_bar = lambda runner: None  # type: ignore[method-assign]  # no price at all
    code = asyncio.run(runtime.run())
    runtime.journal.close()
    assert code == 1
    assert positions(logs) == {("stuck", "GCV3"): 1}
    assert runtime.not_flat == {"stuck": {"GCV3": 1}}
    (said,) = events(logs, "system", "not_flat")
    assert said["positions"] == {"GCV3": 1}
