"""The command line with a broken plugin installed as a real distribution (entry point)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from runtime_support import HERE, events, runner_cmd, runner_env, write_bot

PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "runner-boom-plugin"
version = "0.0.1"

[project.entry-points.runner]
boom = "runtime_boom"

[tool.setuptools]
py-modules = ["runtime_boom"]
"""


@pytest.fixture(scope="module")
def boom_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("boom_src")
    (src / "pyproject.toml").write_text(PYPROJECT)
    shutil.copy(HERE / "runtime_boom.py", src / "runtime_boom.py")
    site = tmp_path_factory.mktemp("boom_site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(site),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return site


@pytest.mark.slow
def test_broken_plugin_bot_goes_down_and_says_so(project_dir: Path, boom_site: Path) -> None:
    healthy = write_bot(project_dir, "steady")
    broken = write_bot(
        project_dir,
        "fragile",
        extra_indicators={"bug": "{use: boom}"},
        long_extra=" and bug > 0",
    )
    logs = project_dir / "logs"
    done = subprocess.run(
        runner_cmd(
            "start",
            str(healthy),
            str(broken),
            "--log-dir",
            str(logs),
            "--speed",
            "100000",
            "--check-interval",
            "0.5",
            "--max-restarts",
            "2",
        ),
        cwd=project_dir,
        env=runner_env([boom_site]),
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    assert f"down: fragile (see {logs}/system.jsonl)" in out
    assert "steady" not in out[out.index("down:") :]
    (down,) = events(logs, "system", "bot_down")
    assert down["bot"] == "fragile" and down["failures"] == 2
    errors = events(logs, "system", "bot_error")
    assert {e["bot"] for e in errors} == {"fragile"}
    assert all("runtime_boom.py" in e["error"] for e in errors)
    restarting = events(logs, "system", "bot_restarting")
    assert [e["in_seconds"] for e in restarting] == [1.0]
    row = next(line for line in out.splitlines() if line.startswith("│ steady "))
    assert int(row.split("│")[2]) > 10, row
    assert "status" in out and "fragile[down]" in out

    # without the distribution on the path the bot file names an unknown plugin: exit 1
    missing = subprocess.run(
        runner_cmd("start", str(broken), "--log-dir", str(logs)),
        cwd=project_dir,
        env=runner_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode == 1
    assert "unknown indicator plugin 'boom'" in missing.stdout + missing.stderr
    assert "Traceback" not in missing.stdout + missing.stderr
