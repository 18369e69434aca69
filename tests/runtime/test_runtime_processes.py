"""``runner start --processes``: one process per bot, metrics of each at the end."""

from __future__ import annotations

import json
import re
import signal
import subprocess
from pathlib import Path

import psutil
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


@pytest.mark.slow
def test_two_bots_run_as_two_processes_and_end_with_their_metrics(project_dir: Path) -> None:
    files = [
        write_bot(project_dir, "proc_gold"),
        write_bot(project_dir, "proc_crude", root="CL", fast=5, slow=20, stop_ticks=15),
    ]
    logs = project_dir / "logs"
    done = subprocess.run(
        runner_cmd(
            "start",
            "--processes",
            *map(str, files),
            "--log-dir",
            str(logs),
            "--speed",
            "0",
            "--check-interval",
            "0.2",
        ),
        cwd=project_dir,
        env=runner_env(),
        capture_output=True,
        text=True,
        timeout=150,
    )
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    assert "starting 2 bot process(es)" in out
    pids = {
        bot: {int(p) for p in re.findall(rf"{bot}\[running pid (\d+)", out)}
        for bot in ("proc_gold", "proc_crude")
    }
    assert all(len(p) == 1 for p in pids.values()), pids
    assert pids["proc_gold"] != pids["proc_crude"]

    table = out[out.index("Session metrics (all processes)") :]
    assert " PORTFOLIO " in table
    for bot in ("proc_gold", "proc_crude"):
        row = next(line for line in table.splitlines() if f" {bot} " in line)
        trades = int(row.split("│")[2])
        assert trades > 10, row
        # each process kept its own journal, and it matches the table
        journal = logs / bot
        (n,) = query(journal, "SELECT COUNT(DISTINCT bot) FROM fills")[0]
        assert n == 1
        assert query(journal, "SELECT clean FROM runs") == [(1,)]
    assert "down:" not in out

    # one report over the journals of both processes
    report = subprocess.run(
        runner_cmd("report", str(logs)),
        cwd=project_dir,
        env=runner_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert report.returncode == 0, report.stdout + report.stderr
    summary = json.loads((logs / "journal-report" / "metrics.json").read_text())
    assert sorted(b["bot"] for b in summary["bots"]) == ["proc_crude", "proc_gold"]
    for row in summary["bots"]:
        per_process = json.loads((logs / row["bot"] / "report" / "metrics.json").read_text())
        assert row["trades"] == per_process["bots"][0]["trades"]
        assert row["total_pnl"] == pytest.approx(per_process["bots"][0]["total_pnl"])


@pytest.mark.slow
def test_a_killed_bot_process_is_restarted_and_recovers(project_dir: Path) -> None:
    files = [write_bot(project_dir, "kid_a"), write_bot(project_dir, "kid_b", fast=4, slow=9)]
    logs = project_dir / "logs"
    args = ["start", "--processes", *map(str, files), "--log-dir", str(logs)]
    parent = spawn(
        [*args, "--speed", "3000", "--check-interval", "0.5"], project_dir, project_dir / "run.out"
    )
    try:
        wait_for(
            lambda: query(logs / "kid_a", "SELECT COUNT(*) FROM fills")[0][0] >= 10,
            90,
            "fills of kid_a",
            parent,
        )
        children = {
            c.cmdline()[4]: c for c in psutil.Process(parent.pid).children() if c.is_running()
        }
        victim = children[str(files[0])]
        survivor = children[str(files[1])]
        victim.send_signal(signal.SIGKILL)
        recovered = wait_for(
            lambda: events(logs / "kid_a", "system", "recovered"), 60, "recovery", parent
        )
        assert recovered[0]["after_crash"] is True
        assert survivor.is_running()  # the other bot's process was not touched
    finally:
        parent.send_signal(signal.SIGTERM)
        code = parent.wait(60)
    out = (project_dir / "run.out").read_text()
    assert code == 0, out
    assert "kid_a: exited -9; restarting in 1s" in out
    assert "kid_b: exited" not in out
    for bot in ("kid_a", "kid_b"):
        assert positions(logs / bot) == {}
    assert query(logs / "kid_a", "SELECT clean FROM runs ORDER BY run") == [(0,), (1,)]
    assert query(logs / "kid_b", "SELECT clean FROM runs") == [(1,)]
