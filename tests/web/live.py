"""Helpers of the web tests: a copy of the shipped project, a real ``runner start --web``
run in it, and requests to its API."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SPEED = "1000"


def wait_for(cond: Callable[[], Any], timeout: float, what: str, every: float = 0.05) -> Any:
    """``cond()``'s first true value; fails naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = cond()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not met within {timeout:g} s: {what}")
        time.sleep(every)


def project_copy(root: Path) -> Path:
    """The shipped bots and schedules in a folder of their own (its var/ and logs/ too)."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("strategies.d", "schedules"):
        shutil.copytree(REPO / name, root / name)
    return root


def runner_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "runner", *args]


@dataclass
class LiveRunner:
    root: Path
    url: str
    token: str
    proc: subprocess.Popen[bytes]
    output: Path

    @property
    def journal(self) -> Path:
        return self.root / "logs" / "journal.sqlite"

    def request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        token: str | None = "",
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """(status, JSON body) of one API call; ``token`` "" means this runner's."""
        sent = dict(headers or {})
        use = self.token if token == "" else token
        if use:
            sent["authorization"] = f"Bearer {use}"
        data = None
        if body is not None:
            sent["content-type"] = "application/json"
            data = json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data, sent, method=method)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            runner_command(*args),
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=120,
            env=clean_env(),
        )


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNNER_WEB")}
    env["COLUMNS"] = "200"
    return env
