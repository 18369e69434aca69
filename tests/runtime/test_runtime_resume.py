"""A paper replay killed with SIGKILL resumes from the journal's last market time.

A real ``runner start`` on the bundled week is killed at several points and started again
on the same --log-dir. No order of a later run is dated before the point the journal had
reached, no execution is booked twice, and the whole story told by the journal (every
fill: time, side, quantity, price, reason) is the story of one uninterrupted run.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from runtime_support import (
    events,
    positions,
    query,
    run_in_process,
    spawn,
    wait_for,
    write_bot,
)

from runner.plugins import registry

SPEED = "6000"  # market seconds per wall second: the week in about a minute
KILLS = 3
FILLS_PER_RUN = 15  # each run is killed once it has booked this many more fills


def reached(log_dir: Path, bot: str) -> int:
    """The journal's last market time for the bot: its mark, its orders (sent, changed,
    ended) and their fills, whichever is latest (what a resume must start after)."""
    (mark,) = query(log_dir, "SELECT COALESCE(MAX(ts), 0) FROM replay_marks WHERE bot = ?", (bot,))[
        0
    ]
    (acted,) = query(
        log_dir,
        "SELECT MAX(MAX(ts, COALESCE(updated, 0))) FROM orders WHERE bot = ?",
        (bot,),
    )[0]
    (filled,) = query(log_dir, "SELECT COALESCE(MAX(ts), 0) FROM fills WHERE bot = ?", (bot,))[0]
    return max(mark, acted or 0, filled)


def story(log_dir: Path, bot: str) -> list[tuple]:
    return query(
        log_dir,
        "SELECT ts, side, qty, price, reason FROM fills WHERE bot = ? ORDER BY ts, rowid",
        (bot,),
    )


@pytest.mark.slow
def test_kill_9_at_several_points_resumes_and_never_trades_history_twice(
    project_dir: Path,
) -> None:
    bot = write_bot(project_dir, "resumer")
    logs = project_dir / "logs"
    args = ["start", str(bot), "--log-dir", str(logs), "--speed", SPEED, "--check-interval", "1"]

    points: list[int] = []
    for n in range(1, KILLS + 1):
        seq_before = query(logs, "SELECT COALESCE(MAX(seq), 0) FROM orders")[0][0] if n > 1 else 0
        fills = FILLS_PER_RUN + (query(logs, "SELECT COUNT(*) FROM fills")[0][0] if n > 1 else 0)
        proc = spawn(args, project_dir, project_dir / f"run{n}.out")
        try:
            if n > 1:
                (resumed,) = wait_for(
                    lambda k=n: events(logs, "system", "resumed")[k - 2 :],
                    60,
                    "the resumed event",
                    proc,
                )
                assert resumed["bots"] == {"resumer": _iso(points[-1])}
            wait_for(
                lambda f=fills: query(logs, "SELECT COUNT(*) FROM fills")[0][0] >= f,
                120,
                f"{fills} fills in the journal",
                proc,
            )
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
        assert proc.returncode == -signal.SIGKILL
        if n > 1:  # what this run did began after the point the journal had reached
            early = query(
                logs,
                "SELECT client_id, ts FROM orders WHERE seq > ? AND ts < ?",
                (seq_before, points[-1]),
            )
            assert early == []
            late_fills = query(
                logs,
                "SELECT f.client_id, f.ts FROM fills f JOIN orders o USING (client_id)"
                " WHERE f.session = '' AND f.fill_id LIKE ? AND f.ts < ?",
                (f"P{n}-%", points[-1]),
            )
            assert late_fills == []
        points.append(reached(logs, "resumer"))
        assert points[-1] > (points[-2] if n > 1 else 0)

    last = spawn(args, project_dir, project_dir / "last.out")
    code = last.wait(300)  # to the end of the replay
    out = (project_dir / "last.out").read_text()
    assert code == 0, out
    assert "Traceback" not in out
    resumed = [e["bots"]["resumer"] for e in events(logs, "system", "resumed")]
    assert resumed == [_iso(t) for t in points]
    assert positions(logs) == {}
    assert query(logs, "SELECT clean FROM runs ORDER BY run") == [(0,), (0,), (0,), (1,)]

    # every execution once: unique keys, never more than its order's quantity
    per_order = query(
        logs,
        "SELECT o.client_id, o.qty, o.filled, COALESCE(SUM(f.qty), 0) FROM orders o"
        " LEFT JOIN fills f ON f.client_id = o.client_id GROUP BY o.client_id",
    )
    for cid, qty, filled, total in per_order:
        assert total == filled <= qty, cid
    # one story: the four runs together filled exactly what one uninterrupted run fills
    whole = project_dir / "whole"
    run_in_process(project_dir, [bot], whole, registry())
    assert story(logs, "resumer") == story(whole, "resumer")


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux: from /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


@pytest.mark.slow
def test_processes_mode_resumes_a_killed_bot_process_the_same_way(project_dir: Path) -> None:
    bot = write_bot(project_dir, "solo")
    logs = project_dir / "logs"
    own = logs / "solo"  # each bot process has a log folder of its own
    args = [
        "start",
        str(bot),
        "--processes",
        "--log-dir",
        str(logs),
        "--speed",
        SPEED,
        "--check-interval",
        "1",
    ]
    parent = spawn(args, project_dir, project_dir / "parent.out")
    try:
        wait_for(
            lambda: query(own, "SELECT COUNT(*) FROM fills")[0][0] >= 20,
            120,
            "20 fills in the bot process's journal",
            parent,
        )
        (child,) = _children(parent.pid)
        os.kill(child, signal.SIGKILL)
        wait_for(lambda: child not in _children(parent.pid), 30, "the bot process to die")
        point = reached(own, "solo")
        seq_before = query(own, "SELECT MAX(seq) FROM orders")[0][0]
        (resumed,) = wait_for(
            lambda: events(own, "system", "resumed"), 60, "the resumed event", parent
        )
        code = parent.wait(300)  # the parent ends with the replay
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(10)
    out = (project_dir / "parent.out").read_text()
    assert code == 0, out
    assert "solo: exited -9; restarting" in out
    assert resumed["bots"] == {"solo": _iso(point)}
    assert (
        query(own, "SELECT client_id FROM orders WHERE seq > ? AND ts < ?", (seq_before, point))
        == []
    )
    assert positions(own) == {}
    whole = project_dir / "whole"
    run_in_process(project_dir, [bot], whole, registry())
    assert story(own, "solo") == story(whole, "solo")


def _iso(ts: int) -> str:
    from runner.model import to_datetime

    return to_datetime(ts).strftime("%Y-%m-%dT%H:%M:%SZ")
