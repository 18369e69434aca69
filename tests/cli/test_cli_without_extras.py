"""Without the optional extras (ib_async, websockets, protobuf) the runner still works on
paper, and asking for a Rithmic or IB plugin says which extra to install."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MISSING = ("ib_async", "ib_insync", "websockets", "google", "eventkit")


def blocked(tmp_path: Path) -> dict[str, str]:
    """An environment in which importing the extras' libraries fails, as if not installed."""
    site = tmp_path / "blocked"
    for name in MISSING:
        (site / name).mkdir(parents=True)
        (site / name / "__init__.py").write_text(
            f"raise ModuleNotFoundError(\"No module named '{name}'\", name={name!r})\n"
        )
    return {**os.environ, "PYTHONPATH": str(site)}


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "runner", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_paper_bots_run_and_live_plugins_name_their_extra(tmp_path):
    env = blocked(tmp_path)
    assert run(["--help"], env, ROOT).returncode == 0
    ok = run(["validate", "strategies.d", "schedules"], env, ROOT)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bot = tmp_path / "ib_bot.yaml"
    bot.write_text(
        "schema_version: 1\nname: on_ib\ninstruments:\n  gc: {root: GC}\n"
        "broker: {use: ib, host: 127.0.0.1, port: 7497}\n"
        "signals:\n  - {use: rule, long: 'close > 0'}\n"
    )
    bad = run(["validate", str(bot)], env, tmp_path)
    assert bad.returncode == 1
    assert (
        "broker.use: broker plugin 'ib' is not installed: it needs the 'ib' extra: "
        "pip install 'futures-runner[ib]'"
    ) in bad.stdout + bad.stderr
    assert "Traceback" not in bad.stdout + bad.stderr
    sim = run(["sim", "rithmic"], env, tmp_path)
    assert sim.returncode == 1 and "pip install 'futures-runner[rithmic]'" in sim.stderr
    assert "Traceback" not in sim.stderr


def test_plugins_lists_what_an_extra_would_make_usable(tmp_path):
    env = {**blocked(tmp_path), "COLUMNS": "200"}
    listed = run(["plugins", "--kind", "broker"], env, ROOT)
    assert listed.returncode == 0, listed.stderr
    rows = [line for line in listed.stdout.splitlines() if "UNUSABLE" in line]
    assert any(" ib " in r and "needs the 'ib' extra" in r for r in rows), listed.stdout
    assert any(" rithmic " in r and "pip install 'futures-runner[rithmic]'" in r for r in rows)
    assert "paper" in listed.stdout and "unusable without an extra" in listed.stdout
    as_json = run(["plugins", "--format", "json"], env, ROOT)
    entries = json.loads(as_json.stdout)
    missing = {(e["kind"], e["name"]): e for e in entries if not e["usable"]}
    assert set(missing) == {
        ("feed", "ib"), ("broker", "ib"), ("feed", "rithmic"), ("broker", "rithmic")
    }  # fmt: skip
    assert missing[("broker", "ib")]["extra"] == "ib"
    assert missing[("broker", "ib")]["package"] == "futures-runner"
    # with the extras installed, nothing is unusable
    full = json.loads(run(["plugins", "--format", "json"], {**os.environ}, ROOT).stdout)
    assert all(e["usable"] for e in full) and {"ib", "rithmic"} <= {e["name"] for e in full}
