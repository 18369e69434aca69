"""``runner start --dashboard`` in a real terminal (tmux): bots, positions and PnL on screen."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from runtime_support import write_bot

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

# one row of the Bots table: name | state | position | PnL $ |
ROW = r"{name}\W+(running|stopped)\W+(flat|[A-Z0-9]+ [+-]\d+)\s*\S\s*([+-][\d,]+\.\d\d)\s"


def _tmux(sock: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["tmux", "-S", str(sock), *args], capture_output=True, text=True, timeout=20
    )


@pytest.mark.slow
def test_dashboard_shows_each_bots_position_and_pnl(project_dir: Path) -> None:
    names = ("gold_dash", "crude_dash")
    files = [
        write_bot(project_dir, "gold_dash"),
        write_bot(project_dir, "crude_dash", root="CL", fast=5, slow=20, stop_ticks=15),
    ]
    logs = project_dir / "logs"
    cmd = [
        sys.executable,
        "-m",
        "runner",
        "start",
        *map(str, files),
        "--dashboard",
        "--log-dir",
        str(logs),
        "--speed",
        "3000",
        "--display-interval",
        "0.3",
    ]
    sock = project_dir / "tmux.sock"
    # the pane's size, stated: a COLUMNS inherited from the test's own terminal would win
    shell = (
        f"cd {shlex.quote(str(project_dir))} && COLUMNS=180 LINES=45 {shlex.join(cmd)}; sleep 30"
    )
    started = _tmux(sock, "new-session", "-d", "-s", "dash", "-x", "180", "-y", "45", shell)
    assert started.returncode == 0, started.stderr
    try:
        seen: dict[str, list[tuple[str, str]]] = {n: [] for n in names}
        screen = ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            screen = _tmux(sock, "capture-pane", "-p", "-t", "dash").stdout
            for name in names:
                m = re.search(ROW.format(name=name), screen)
                if m:
                    seen[name].append((m.group(2), m.group(3)))
            traded = all(any(pnl not in ("+0.00", "-0.00") for _, pnl in seen[n]) for n in names)
            held = any(pos != "flat" for n in names for pos, _ in seen[n])
            if traded and held:
                break
            time.sleep(0.3)
        else:
            pytest.fail(f"dashboard never showed both bots trading; last screen:\n{screen}")
        assert "Bots" in screen and "PnL $" in screen and "Position" in screen
        assert "Recent fills" in screen
        _tmux(sock, "send-keys", "-t", "dash", "C-c")  # SIGINT: a clean stop
        stop = time.monotonic() + 60
        while time.monotonic() < stop:
            if (logs / "report" / "metrics.json").is_file():
                break
            time.sleep(0.2)
        assert (logs / "report" / "metrics.json").is_file(), "no clean stop after Ctrl-C"
    finally:
        _tmux(sock, "kill-server")
