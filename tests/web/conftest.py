"""A real ``runner start --web`` on the bundled replay, and a real headless Chromium.

One runner serves every test of this folder (starting eight bots costs seconds on a loaded
machine): a copy of the shipped project in a temporary folder, its replay played 1000
times faster than real time so fills come within a minute or two and positions stay open
long enough to click. The browser is Debian's Chromium, driven by Playwright without any
browser download; when it is missing, ``scripts/install-browser`` installs it.
"""

from __future__ import annotations

import json
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.live import (
    CHROMIUM,
    REPO,
    SPEED,
    LiveRunner,
    clean_env,
    project_copy,
    runner_command,
    wait_for,
)


@pytest.fixture(scope="session")
def chromium() -> Path:
    """The system's Chromium, installed by the project's script when missing."""
    if not CHROMIUM.exists():
        done = subprocess.run(
            [str(REPO / "scripts" / "install-browser")], capture_output=True, text=True
        )
        if done.returncode != 0 or not CHROMIUM.exists():
            pytest.fail(
                f"scripts/install-browser could not install {CHROMIUM}: {done.stderr[-2000:]}"
            )
    return CHROMIUM


@pytest.fixture(scope="session")
def live_runner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveRunner]:
    root = project_copy(tmp_path_factory.mktemp("web") / "project")
    output = root / "runner-output.txt"
    with output.open("wb") as out:
        proc = subprocess.Popen(
            runner_command(
                "start", "--web", "127.0.0.1:0", "--speed", SPEED, "--check-interval", "1"
            ),
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=clean_env(),
        )
    discovery = root / "var" / "web.json"

    def served() -> bool:
        if proc.poll() is not None:
            raise AssertionError(f"runner ended early:\n{output.read_text()[-3000:]}")
        return discovery.exists()

    try:
        wait_for(served, 180, "var/web.json written by runner start --web")
        url = json.loads(discovery.read_text())["url"]
        token = (root / "var" / "web-token").read_text().strip()
        runner = LiveRunner(root, url, token, proc, output)
        wait_for(lambda: runner.request("GET", "/api/snapshot")[0] == 200, 60, "the API answers")
        yield runner
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
