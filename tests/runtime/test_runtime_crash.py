"""kill -9 in the middle of a run, then a restart on the same --log-dir; SIGTERM flattens."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest
from runtime_support import (
    events,
    positions,
    query,
    runner_cmd,
    runner_env,
    spawn,
    wait_for,
    write_bot,
)

SPEED = "3000"  # market seconds per wall second: about 50 bars a second


def _working(log_dir: Path) -> set[str]:
    rows = query(
        log_dir,
        "SELECT client_id FROM orders WHERE status NOT IN"
        " ('filled', 'cancelled', 'rejected', 'expired')",
    )
    return {r[0] for r in rows}


@pytest.mark.slow
def test_kill_9_then_restart_recovers_without_duplicates(project_dir: Path) -> None:
    bot = write_bot(project_dir, "crashy")
    logs = project_dir / "logs"
    args = ["start", str(bot), "--log-dir", str(logs), "--speed", SPEED, "--check-interval", "1"]

    first = spawn(args, project_dir, project_dir / "run1.out")
    try:
        wait_for(
            lambda: query(logs, "SELECT COUNT(*) FROM fills")[0][0] >= 40,
            90,
            "40 fills in the journal",
            first,
        )
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    assert first.returncode == -signal.SIGKILL

    before_pos = positions(logs)
    before_working = _working(logs)
    before_fills = query(logs, "SELECT COUNT(*) FROM fills")[0][0]
    before_seq = query(logs, "SELECT MAX(seq) FROM orders")[0][0]
    assert query(logs, "SELECT clean FROM runs") == [(0,)]  # the killed run never ended
    # the journal of a killed run reports as it stands
    report = subprocess.run(
        runner_cmd("report", str(logs), "--output", str(project_dir / "at_kill")),
        cwd=project_dir,
        env=runner_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert report.returncode == 0, report.stdout + report.stderr
    assert "crashy" in report.stdout
    assert (project_dir / "at_kill" / "equity.png").is_file()

    second = spawn(args, project_dir, project_dir / "run2.out")
    try:
        recovered = wait_for(
            lambda: events(logs, "system", "recovered"), 60, "the recovered event", second
        )
        wait_for(
            lambda: query(logs, "SELECT COUNT(*) FROM fills")[0][0] >= before_fills + 20,
            90,
            "20 more fills after the restart",
            second,
        )
    finally:
        second.send_signal(signal.SIGTERM)
        code = second.wait(60)
    out = (project_dir / "run2.out").read_text()
    assert code == 0, out
    assert "Traceback" not in out

    (rec,) = recovered
    assert rec["bot"] == "crashy"
    assert rec["after_crash"] is True
    assert rec["fills"] == before_fills
    assert rec["working_orders"] == len(before_working)
    assert {("crashy", s): q for s, q in rec["positions"].items()} == before_pos

    # client ids: unique, and the second run continued after the journal's last one
    ids = query(logs, "SELECT client_id, seq FROM orders")
    assert len({cid for cid, _ in ids}) == len(ids)
    run2 = [seq for cid, seq in ids if seq > before_seq]
    assert run2, "the second run sent no orders"
    seqs = sorted(int(cid.rsplit("-", 1)[1]) for cid, _ in ids)
    assert seqs == sorted(set(seqs))

    # fills: once each, each on a known order, never more than the order's quantity, and
    # every order the journal calls filled has all of its fills (none dropped as a repeat)
    fills = query(logs, "SELECT fill_id, client_id, qty FROM fills")
    assert len({f[0] for f in fills}) == len(fills)
    per_order = query(
        logs,
        "SELECT o.client_id, o.qty, o.filled, o.status, COALESCE(SUM(f.qty), 0) FROM orders o"
        " LEFT JOIN fills f ON f.client_id = o.client_id GROUP BY o.client_id",
    )
    known = {r[0] for r in per_order}
    assert all(f[1] in known for f in fills)
    for cid, qty, filled, status, total in per_order:
        assert total == filled, cid
        assert total <= qty, cid
        if status == "filled":
            assert total == qty, cid
    # the working orders of the killed run were taken over, not forgotten
    for cid in before_working:
        (status,) = query(logs, "SELECT status FROM orders WHERE client_id = ?", (cid,))[0]
        assert status != "pending_new", cid
    # and the run ended flat and clean
    assert positions(logs) == {}
    assert query(logs, "SELECT clean FROM runs ORDER BY run") == [(0,), (1,)]


@pytest.mark.slow
def test_sigterm_flattens_and_exits_0(project_dir: Path) -> None:
    # no stop/target: a reversal bot is in the market once it has traded, except for the
    # bar between a reversal's close and its new entry (slow averages: rare reversals)
    bot = write_bot(project_dir, "always_in", fast=10, slow=30, stop_ticks=None, target_ticks=None)
    logs = project_dir / "logs"
    args = ["start", str(bot), "--log-dir", str(logs), "--speed", SPEED, "--check-interval", "1"]
    proc = spawn(args, project_dir, project_dir / "run.out")
    try:
        wait_for(lambda: positions(logs), 90, "an open position", proc)
        wait_for(lambda: query(logs, "SELECT COUNT(*) FROM fills")[0][0] >= 5, 60, "5 fills", proc)
    finally:
        sent = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(60)  # generous: the runtime's own bound is 10 s
    took = time.monotonic() - sent
    out = (project_dir / "run.out").read_text()
    assert code == 0, out
    assert positions(logs) == {}
    closing = query(
        logs, "SELECT status FROM orders WHERE reason = 'shutdown' AND bot = 'always_in'"
    )
    (held,) = query(logs, "SELECT SUM(side * qty) FROM fills WHERE reason != 'shutdown'")[0]
    if held:  # almost always: the position the signal found was closed by the shutdown
        assert closing == [("filled",)]
    else:  # SIGTERM came while a reversal's entry was working: cancelled, nothing to close
        assert closing == []
        (cancelled,) = query(
            logs, "SELECT COUNT(*) FROM orders WHERE reason = 'entry' AND status = 'cancelled'"
        )[0]
        assert cancelled == 1
    assert [e["reason"] for e in events(logs, "orders", "flatten")] == ["shutdown"]
    stopped = events(logs, "system", "stopped")
    assert stopped and stopped[-1]["reason"] == "SIGTERM"
    assert query(logs, "SELECT clean FROM runs") == [(1,)]
    print(f"SIGTERM to exit: {took:.2f} s")
