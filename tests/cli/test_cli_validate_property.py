"""Property: whatever happens to a config file, validate names the file and line, never crashes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

DATA = Path(__file__).resolve().parents[1] / "config" / "data"

VALID = (DATA / "strategies.d" / "gold.yaml").read_text()
NAME = "strategies.d/x.yaml"
LOCATED = re.compile(rf"^{re.escape(NAME)}:\d+:\d+: ")

runner = CliRunner()

VALUES = ["[1, 2]", "{a: 1}", "-5", "0", "true", "null", "''", "3.5", "09:30", "x y", "*nope"]
JUNK = ["[", "{", "]", "}", ":", "- ", "'", '"', "&a ", "*a", "!tag ", "%", "@", "`", "? ", "|"]


@st.composite
def mutation(draw: st.DrawFn, lines: list[str]) -> list[str]:
    lines = list(lines)
    if not lines:
        return lines
    i = draw(st.integers(0, len(lines) - 1))
    line = lines[i]
    op = draw(st.sampled_from(["delete", "duplicate", "retype", "rename", "junk", "indent", "tab"]))
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, line)
    elif op == "retype" and ":" in line:
        key = line.split(":", 1)[0]
        lines[i] = f"{key}: {draw(st.sampled_from(VALUES))}\n"
    elif op == "rename" and re.match(r"^\s*-?\s*\w+:", line):
        m = re.match(r"^(\s*-?\s*)(\w+)(:.*)$", line, re.S)
        assert m
        key = m.group(2)
        j = draw(st.integers(0, len(key) - 1))
        new = key[:j] + draw(st.sampled_from("abcxyz_")) + key[j + 1 :]
        lines[i] = m.group(1) + new + m.group(3)
    elif op == "junk":
        j = draw(st.integers(0, len(line)))
        lines[i] = line[:j] + draw(st.sampled_from(JUNK)) + line[j:]
    elif op == "indent":
        delta = draw(st.sampled_from([-2, -1, 1, 2, 3]))
        lines[i] = (
            (" " * delta + line)
            if delta > 0
            else line[min(-delta, len(line) - len(line.lstrip(" "))) :]
        )
    elif op == "tab":
        lines[i] = "\t" + line.lstrip(" ")
    return lines


@st.composite
def mutated_file(draw: st.DrawFn, valid: str = VALID) -> bytes:
    kind = draw(st.sampled_from(["lines"] * 8 + ["empty", "binary", "truncate"]))
    if kind == "empty":
        return draw(st.sampled_from([b"", b"\n", b"# nothing\n", b"---\n"]))
    if kind == "binary":
        return draw(st.binary(min_size=1, max_size=200))
    if kind == "truncate":
        return valid.encode()[: draw(st.integers(0, len(valid)))]
    lines = valid.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        lines = draw(mutation(lines))
    return "".join(lines).encode()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=mutated_file())
def test_validate_never_crashes_and_locates(app, project_dir: Path, content: bytes) -> None:
    (project_dir / NAME).write_bytes(content)
    result = runner.invoke(app, ["validate", NAME])
    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output
    assert result.exit_code in (0, 1), output
    assert NAME in output
    if result.exit_code == 1:
        about_file = [ln for ln in output.splitlines() if ln.startswith(NAME + ":")]
        assert about_file, output
        assert all(LOCATED.match(ln) for ln in about_file), output


OTHERS = {
    "schedules/comex.yaml": (DATA / "schedules" / "comex.yaml").read_text(),
    "connections.yaml": (DATA / "connections.yaml").read_text(),
}


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_schedule_and_connection_files_too(app, project_dir: Path, data: st.DataObject) -> None:
    for other, text in OTHERS.items():  # undo the previous example's mutation
        (project_dir / other).write_text(text)
    name = data.draw(st.sampled_from(sorted(OTHERS)))
    content = data.draw(mutated_file(OTHERS[name]))
    (project_dir / name).write_bytes(content)
    result = runner.invoke(app, ["validate", name])
    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output
    assert result.exit_code in (0, 1), output
    assert name in output
    located = re.compile(rf"^{re.escape(name)}:\d+:\d+: ")
    about_file = [ln for ln in output.splitlines() if ln.startswith(name + ":")]
    assert all(located.match(ln) for ln in about_file), output
    if result.exit_code == 1:
        assert about_file, output


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "runner"
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_subprocess_smoke_garbage_and_tabs(tmp_path: Path) -> None:
    bots = tmp_path / "strategies.d"
    bots.mkdir()
    (bots / "garbage.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff")
    (bots / "tabs.yaml").write_text("name: t\ninstruments:\n\tgc: {root: GC}\n")
    result = _run(["validate"], tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert (
        "strategies.d/garbage.yaml:1:1: not a UTF-8 text file (byte 0x89 cannot be decoded)"
        in result.stdout
    )
    assert "strategies.d/tabs.yaml:3:1: tab character; YAML indentation must use spaces" in (
        result.stdout
    )


def test_subprocess_smoke_json(tmp_path: Path) -> None:
    (tmp_path / "strategies.d").mkdir()
    (tmp_path / "strategies.d" / "a.yaml").write_text("name: a\n")
    result = _run(["validate", "--format", "json"], tmp_path)
    assert result.returncode == 1
    import json

    out = json.loads(result.stdout)
    assert out["ok"] is False
    assert {e["path"] for e in out["errors"]} >= {"instruments", "signals"}
