"""``runner --help`` and ``runner validate`` of the shipped bots import no heavy library.

Each command runs in a fresh interpreter (an import, once done, cannot be undone in this
one) and reports which of the heavy libraries ended up in ``sys.modules``. Timing is not
asserted here: bench/bench_startup.py measures it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

HEAVY = (
    "numpy",
    "pandas",
    "pyarrow",
    "talib",
    "exchange_calendars",
    "matplotlib",
    "ib_async",
    "ib_insync",
    "eventkit",
    "websockets",
    "google.protobuf",
    "cryptography",
)
"""Libraries a command may import only when a bot uses the plugin that needs them."""

PROBE = """
import contextlib, io, json, sys
from runner.cli import main
heavy = json.loads(sys.argv[2])
sys.argv = ["runner", *json.loads(sys.argv[1])]
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "out": out.getvalue(),
                  "loaded": sorted(m for m in heavy if m in sys.modules)}))
"""


def run_command(args: list[str], modules: tuple[str, ...] = HEAVY) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(modules)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], ["validate", "strategies.d"], ["validate"], ["schedule", "--help"]],
    ids=" ".join,
)
def test_command_imports_no_heavy_library(args: list[str]) -> None:
    result = run_command(args)
    assert result["code"] == 0, result["out"]
    assert result["loaded"] == [], f"runner {' '.join(args)} imported {result['loaded']}"


def test_help_reads_no_yaml_and_builds_no_schedule() -> None:
    """``--help`` reads no file: no YAML parser, no cron triggers, no plugin module."""
    result = run_command(
        ["--help"], ("yaml", "ruamel.yaml", "apscheduler", "runner_plugins.feeds.replay")
    )
    assert result["code"] == 0, result["out"]
    assert result["loaded"] == []


def test_help_imports_no_event_loop_and_no_notifier() -> None:
    """asyncio comes with ``runner start`` or a history source, smtplib with an e-mail
    notification target; ``--help`` registers the notifiers by name only."""
    result = run_command(["--help"], ("asyncio", "smtplib", "runner_plugins.notifiers.email"))
    assert result["code"] == 0, result["out"]
    assert result["loaded"] == []


def test_a_command_imports_no_other_command() -> None:
    """``runner validate`` registers itself alone: no other command's module, nor what those
    use (the journal's database, the HTTP client, progress bars)."""
    others = ("runner.commands.start", "runner.commands.status", "runner.commands.report")
    used = ("runner.commands.data", "sqlite3", "http.client", "rich.progress")
    result = run_command(["validate", "strategies.d"], (*others, *used))
    assert result["code"] == 0, result["out"]
    assert result["loaded"] == []


def test_validate_reads_the_shipped_files_with_libyaml_alone() -> None:
    """ruamel.yaml's pure-Python parser is for the files libyaml refuses (to word the error)
    and for the commands that rewrite a file keeping its comments."""
    result = run_command(["validate", "strategies.d"], ("yaml", "ruamel.yaml"))
    assert result["code"] == 0, result["out"]
    assert result["loaded"] == ["yaml"]


def test_the_probe_sees_a_heavy_import() -> None:
    """Listing the plugins with their summaries loads the venue plugins, so the probe
    reports their libraries: an empty list above means "not imported", not "not seen"."""
    result = run_command(["plugins"])
    assert result["code"] == 0, result["out"]
    assert {"ib_async", "websockets", "google.protobuf"} <= set(result["loaded"])
