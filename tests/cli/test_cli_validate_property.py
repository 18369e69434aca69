"""Property: whatever happens to a config file, validate names the file and line, never crashes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.fuzz.mutants import (
    BAD_ZONES,
    BOOLEANS,
    CORE_TAGS,
    DIRECTIVES,
    HUGE,
    JUNK,
    NOT_FINITE,
    UNSAFE_TAGS,
    VALUE_LINE,
    VALUES,
)

DATA = Path(__file__).resolve().parents[1] / "config" / "data"

VALID = (DATA / "strategies.d" / "gold.yaml").read_text()
NAME = "strategies.d/x.yaml"
LOCATED = re.compile(rf"^{re.escape(NAME)}:\d+:\d+: ")

runner = CliRunner()


@st.composite
def mutation(draw: st.DrawFn, lines: list[str]) -> list[str]:
    lines = list(lines)
    if not lines:
        return lines
    i = draw(st.integers(0, len(lines) - 1))
    line = lines[i]
    op = draw(
        st.sampled_from(
            ["delete", "duplicate", "retype", "rename", "junk", "indent", "tab", "tag", "number"]
        )
    )
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
    elif op == "tag" and (m := VALUE_LINE.match(line)):
        tag = draw(st.sampled_from(UNSAFE_TAGS + CORE_TAGS))
        lines[i] = f"{m.group(1)} {tag}{m.group(2) or ''}\n"
    elif op == "number" and ":" in line:
        key = line.split(":", 1)[0]
        value = draw(st.sampled_from(NOT_FINITE + BOOLEANS + HUGE))
        lines[i] = f"{key}: {value}\n"
    return lines


@st.composite
def mutated_file(draw: st.DrawFn, valid: str = VALID) -> bytes:
    kind = draw(st.sampled_from(["lines"] * 8 + ["empty", "binary", "truncate", "directive"]))
    if kind == "directive":
        return f"{draw(st.sampled_from(DIRECTIVES))}\n---\n{valid}".encode()
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
    max_examples=300,
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
    max_examples=150,
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


NUMBER_KEYS = ["max_position", "max_daily_loss", "days_before", "period", "width", "contracts"]
"""Numeric fields of the sample bot (the ``risk`` block, a roll rule, plugin parameters)."""
BOUNDED_KEYS = ["max_position", "max_daily_loss", "days_before"]
"""Fields whose upper bound is below every number in HUGE."""


def _set_value(text: str, key: str, value: str) -> tuple[str, int]:
    """``text`` with the first ``key:`` given ``value`` (block or flow style), and its line."""
    lines = text.splitlines(keepends=True)
    for n, line in enumerate(lines):
        m = re.search(rf"\b{key}: ([^,}}\n]+)", line)
        if m and not line.lstrip().startswith("#"):
            lines[n] = line[: m.start(1)] + value + line[m.end(1) :]
            return "".join(lines), n + 1
    raise AssertionError(key)


@st.composite
def dangerous(draw: st.DrawFn) -> tuple[str, str, int]:
    """(class, file content, the line an error must name)."""
    kind = draw(st.sampled_from(["tag", "directive", "not_finite", "boolean", "huge", "zone"]))
    if kind == "tag":
        lines = VALID.splitlines(keepends=True)
        candidates = [n for n, ln in enumerate(lines) if VALUE_LINE.match(ln)]
        n = draw(st.sampled_from(candidates))
        m = VALUE_LINE.match(lines[n])
        assert m
        lines[n] = f"{m.group(1)} {draw(st.sampled_from(UNSAFE_TAGS))}{m.group(2) or ''}\n"
        return kind, "".join(lines), n + 1
    if kind == "directive":
        return kind, f"{draw(st.sampled_from(DIRECTIVES))}\n---\n{VALID}", 1
    if kind == "zone":
        zone = draw(st.sampled_from(BAD_ZONES))
        text = VALID.replace("\nname: ", f"\ntimezone: {zone}\nname: ", 1)
        return kind, text, text.splitlines().index(f"timezone: {zone}") + 1
    if kind == "huge":
        text, line = _set_value(
            VALID, draw(st.sampled_from(BOUNDED_KEYS)), draw(st.sampled_from(HUGE))
        )
        return kind, text, line
    values = NOT_FINITE if kind == "not_finite" else BOOLEANS
    key = draw(st.sampled_from([*NUMBER_KEYS, "ticks", "atr"]))
    text, line = _set_value(VALID, key, draw(st.sampled_from(values)))
    return kind, text, line


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=dangerous())
def test_dangerous_values_are_refused_at_their_line(
    app, project_dir: Path, case: tuple[str, str, int]
) -> None:
    kind, text, line = case
    event(f"class: {kind}")
    (project_dir / NAME).write_text(text)
    result = runner.invoke(app, ["validate", NAME])
    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output
    assert result.exit_code == 1, (kind, text, output)
    about_file = [ln for ln in output.splitlines() if ln.startswith(NAME + ":")]
    assert about_file and all(LOCATED.match(ln) for ln in about_file), output
    assert any(ln.startswith(f"{NAME}:{line}:") for ln in about_file), (kind, line, output)


def test_zones_in_schedule_files_too(app, project_dir: Path) -> None:
    name = "schedules/comex.yaml"
    for zone in BAD_ZONES:
        (project_dir / name).write_text(OTHERS[name].replace("America/New_York", zone, 1))
        result = runner.invoke(app, ["validate", name])
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        lines = [ln for ln in result.output.splitlines() if ln.startswith(name + ":")]
        where = re.compile(rf"^{re.escape(name)}:\d+:\d+: schedules\.comex_day\.timezone: ")
        assert lines and all(where.match(ln) for ln in lines), result.output


def test_backtest_and_schedule_commands_give_located_errors(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[2]
    for folder in ("strategies.d", "schedules"):
        (tmp_path / folder).mkdir()
    bot = (repo / "strategies.d" / "gold_rsi_bb.yaml").read_text()
    (tmp_path / "strategies.d" / "gold_rsi_bb.yaml").write_text(f"%YAML 1.3\n---\n{bot}")
    cme = (repo / "schedules" / "cme.yaml").read_text()
    (tmp_path / "schedules" / "cme.yaml").write_text(
        cme.replace("timezone: America/New_York", "timezone: America", 1)
    )
    for args in (["backtest"], ["schedule"], ["validate"]):
        result = _run(args, tmp_path)
        both = result.stdout + result.stderr
        assert result.returncode == 1, (args, both)
        assert "Traceback" not in both, both
        assert (
            "strategies.d/gold_rsi_bb.yaml:1:1: unsupported YAML directive '%YAML 1.3'; "
            "only %YAML 1.1 and %YAML 1.2 are allowed"
        ) in both, both
        assert re.search(
            r"schedules/cme\.yaml:\d+:15: schedules\.\w+\.timezone: unknown time zone "
            r"'America' \(a region; name a zone in it such as 'America/New_York'\)",
            both,
        ), both
