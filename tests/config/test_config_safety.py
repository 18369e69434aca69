"""Safety settings are written down, never inherited from defaults (issue 12 item 2).

A live bot without an explicit ``risk`` block holding ``max_daily_loss``, or without an exit
that closes a losing position on its own, is refused; a paper bot gets the same findings as
warnings. A file cut short anywhere therefore never validates into a bot with fewer safety
settings than ``runner validate`` admits to. These tests use the built-in plugins.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from runner.config.project import load_project
from runner.config.safety import PROTECTIVE
from runner.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted((REPO / "strategies.d").glob("*.yaml"))

BOT = """\
schema_version: 1
name: b
mode: {mode}
instruments:
  gc: {{root: GC}}
indicators:
  bb: {{use: bbands, period: 20}}
signals:
  - {{use: rule, long: "close > open"}}
"""
STOP = "exits:\n  - {use: stop_target, stop: {ticks: 20}, target: {ticks: 40}}\n"
RISK = "risk: {max_position: 1, max_daily_loss: 1000}\n"
RISK_EXAMPLE = "risk: {max_position: 1, max_daily_loss: 1000, max_orders_per_minute: 20}"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(REPO / "schedules", tmp_path / "schedules")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(text: str) -> tuple[list[str], list[str]]:
    """(errors, warnings other than the missing schedule) of ``b.yaml`` holding ``text``."""
    Path("b.yaml").write_text(text)
    project = load_project([Path("b.yaml")], base=Path.cwd())
    notices = [
        str(n) for n in sorted(project.notices, key=ConfigError.sort_key) if n.path != "schedule"
    ]
    return [str(e) for e in project.errors], notices


def test_a_live_bot_with_its_risk_block_and_a_stop_is_valid(here: Path) -> None:
    assert check(BOT.format(mode="live") + STOP + RISK) == ([], [])
    assert check(BOT.format(mode="paper") + STOP + RISK) == ([], [])


def test_a_live_bot_without_a_risk_block_is_refused_at_its_mode_line(here: Path) -> None:
    errors, _ = check(BOT.format(mode="live") + STOP)
    assert errors == [
        "b.yaml:3:7: risk: a live bot must state its risk limits; the defaults have no daily "
        f"loss limit (add {RISK_EXAMPLE})"
    ]


@pytest.mark.parametrize(
    ("risk", "given"),
    [("risk: {max_position: 1}\n", "not set"), ("risk: {max_daily_loss: null}\n", "null")],
)
def test_a_live_bot_needs_a_daily_loss_limit(here: Path, risk: str, given: str) -> None:
    errors, _ = check(BOT.format(mode="live") + STOP + risk)
    assert errors == [
        f"b.yaml:12:1: risk.max_daily_loss: a live bot needs a daily loss limit; "
        f"max_daily_loss is {given} (add max_daily_loss: DOLLARS)"
    ]


def test_a_live_bot_without_exits_is_refused(here: Path) -> None:
    errors, _ = check(BOT.format(mode="live") + RISK)
    assert errors == [
        f"b.yaml:3:7: exits: a live bot needs a protective exit; it has no exits ({PROTECTIVE})"
    ]


@pytest.mark.parametrize(
    ("exits", "names"),
    [
        ("  - {use: band_exit, band: bb}\n", "band_exit"),
        ("  - {use: stop_target, target: {ticks: 40}}\n", "stop_target"),
        (
            "  - {use: stop_target, target: {ticks: 40}}\n  - {use: band_exit, band: bb}\n",
            "band_exit, stop_target",
        ),
    ],
)
def test_exits_that_only_take_profit_do_not_protect(here: Path, exits: str, names: str) -> None:
    errors, _ = check(BOT.format(mode="live") + "exits:\n" + exits + RISK)
    assert errors == [
        f"b.yaml:10:1: exits: a live bot needs a protective exit; none of its exits ({names}) "
        f"closes a losing position on its own ({PROTECTIVE})"
    ]


@pytest.mark.parametrize(
    "exit_",
    [
        "{use: trailing_stop, ticks: 30}",
        "{use: time_exit, bars: 30}",
        '{use: flatten_at, time: "15:55"}',
        "{use: stop_target, stop: {points: 5.0}}",
    ],
)
def test_a_stop_or_a_time_limit_protects(here: Path, exit_: str) -> None:
    text = BOT.format(mode="live") + f"exits:\n  - {{use: band_exit, band: bb}}\n  - {exit_}\n"
    assert check(text + RISK) == ([], [])


def test_a_paper_bot_gets_the_same_findings_as_warnings(here: Path) -> None:
    errors, warnings = check(BOT.format(mode="paper"))
    assert errors == []
    assert warnings == [
        f"b.yaml:1:1: exits: no protective exit; it has no exits ({PROTECTIVE})",
        "b.yaml:1:1: risk: not set; the bot runs with the defaults max_position 1, "
        f"max_orders_per_minute 20 and no daily loss limit (add {RISK_EXAMPLE})",
    ]
    errors, warnings = check(BOT.format(mode="paper") + STOP + "risk: {max_position: 2}\n")
    assert errors == []
    assert warnings == [
        "b.yaml:12:1: risk.max_daily_loss: not set; the bot has no daily loss limit "
        "(add max_daily_loss: DOLLARS)"
    ]


def _safe_as_written(text: str) -> bool:
    """Whether the YAML text itself holds a daily loss limit and a protective exit."""
    data = YAML(typ="safe").load(text)
    risk = data.get("risk") if isinstance(data, dict) else None
    exits = data.get("exits") if isinstance(data, dict) else None
    has_limit = isinstance(risk, dict) and isinstance(risk.get("max_daily_loss"), int | float)
    protective = {"trailing_stop", "time_exit", "flatten_at"}
    has_exit = isinstance(exits, list) and any(
        isinstance(e, dict)
        and (e.get("use") in protective or (e.get("use") == "stop_target" and "stop" in e))
        for e in exits
    )
    return has_limit and has_exit


@pytest.mark.parametrize("mode", ["live", "paper"])
@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_a_shipped_bot_cut_short_at_any_line_never_passes_silently(
    here: Path, path: Path, mode: str
) -> None:
    """Every prefix of every shipped bot: refused, or (paper) warned about, unless what is
    left still states the daily loss limit and a protective exit."""
    text = path.read_text().replace("mode: paper", f"mode: {mode}")
    lines = text.splitlines(keepends=True)
    quiet = 0
    for n in range(1, len(lines) + 1):
        prefix = "".join(lines[:n])
        errors, warnings = check(prefix)
        if errors or warnings:
            continue
        quiet += 1
        assert _safe_as_written(prefix), (n, prefix)
    assert quiet >= 1  # the whole file, at least


def _runner(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "runner"
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_validate_json_carries_the_warnings_and_strict_fails_on_them(here: Path) -> None:
    (here / "b.yaml").write_text(BOT.format(mode="paper"))
    result = _runner("validate", "b.yaml", "--format", "json", cwd=here)
    assert result.returncode == 0, result.stdout + result.stderr
    out = json.loads(result.stdout)
    assert out["ok"] is True
    assert sorted(w["path"] for w in out["warnings"]) == ["exits", "risk", "schedule"]
    assert _runner("validate", "b.yaml", "--strict", cwd=here).returncode == 1


def test_a_bot_checked_from_another_folder_is_told_about_schedules(tmp_path: Path) -> None:
    lone = tmp_path / "elsewhere"
    lone.mkdir()
    shutil.copy(REPO / "strategies.d" / "gold_rsi_bb.yaml", lone / "bot.yaml")
    result = _runner("validate", "bot.yaml", cwd=lone)
    assert result.returncode == 1
    assert (
        "bot.yaml:22:11: schedule: unknown schedule 'cme_metals_day': no schedule file was "
        "loaded (none in ./schedules/ or in schedules/ beside the bot's folder); name the "
        "folder with --schedules DIR, or list it after the bot files"
    ) in result.stdout
    result = _runner("validate", "bot.yaml", "--schedules", str(REPO / "schedules"), cwd=lone)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
