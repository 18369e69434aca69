"""``runner allocate`` on the shipped bots, in-process: tables, JSON, --write, bad input."""

from __future__ import annotations

import difflib
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from runner.commands import allocate
from runner.config.project import load_project

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
BOTS = sorted(p.stem for p in (ROOT / "strategies.d").glob("*.yaml"))


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

    @app.callback()
    def _root() -> None:
        """runner (test)"""

    allocate.register(app)
    return app


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "strategies.d", tmp_path / "strategies.d")
    shutil.copytree(ROOT / "schedules", tmp_path / "schedules")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_tables_fit_80_columns_and_the_few_days_are_said(app: typer.Typer, project: Path) -> None:
    result = CliRunner().invoke(
        app, ["allocate", "--method", "inverse_vol"], env={"FORCE_COLOR": "1", "COLUMNS": "80"}
    )
    out = ANSI.sub("", result.output)
    assert result.exit_code == 0, out
    assert "Traceback" not in out
    lines = out.splitlines()
    tables = [line for line in lines if line[:1] in "┏┃┡│└"]
    assert len(tables) > 30
    assert max(len(line) for line in tables) <= 80  # warnings may run on: the terminal wraps
    text = " ".join(out.split())
    assert "warning: the weights rest on 6 daily returns (fewer than 20): too few to trust" in text
    assert "Allocation: inverse volatility" in text
    assert "Portfolio before and after" in text
    assert "Correlation of daily returns (6 days)" in text
    for bot in BOTS:
        row = next(line for line in lines if line.startswith(f"│ {bot} "))
        old, new = (cell.strip() for cell in row.split("│")[2:4])
        assert float(new) > 0
        assert old in ("1", "0.5")
    for bot in BOTS:  # nothing written without --write
        assert (project / "strategies.d" / f"{bot}.yaml").read_text() == (
            ROOT / "strategies.d" / f"{bot}.yaml"
        ).read_text()


def test_json_and_write_keep_comments_and_validate(app: typer.Typer, project: Path) -> None:
    before = {b: (project / "strategies.d" / f"{b}.yaml").read_text() for b in BOTS}
    result = CliRunner().invoke(
        app, ["allocate", "--method", "max_sharpe", "--cap", "0.4", "--json", "--write"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["method"] == "max_sharpe" and doc["cap"] == 0.4
    assert doc["daily_returns"] == 6
    assert any("rest on 6 daily returns" in w for w in doc["warnings"])
    weights = {b["bot"]: b["new"] for b in doc["bots"]}
    assert sorted(weights) == BOTS
    assert sum(weights.values()) == pytest.approx(1.0, abs=1e-3)
    assert max(weights.values()) <= 0.4
    assert set(doc["correlation"]) == set(BOTS)
    assert doc["portfolio"]["before"]["trades"] > 0
    for bot in BOTS:
        text = (project / "strategies.d" / f"{bot}.yaml").read_text()
        diff = [
            line
            for line in difflib.unified_diff(
                before[bot].splitlines(), text.splitlines(), lineterm="", n=0
            )
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        added = [line for line in diff if line.startswith("+")]
        assert len(added) == 1, diff
        assert added[0].split("#")[0].rstrip() == f"+  allocation: {weights[bot]}", diff
        removed = [line[1:] for line in diff if line.startswith("-")]
        if removed:  # the old value's line, its comment kept
            assert removed[0].lstrip().startswith("allocation: "), diff
            assert removed[0].partition("#")[2] == added[0].partition("#")[2], diff
    loaded = load_project([project / "strategies.d", project / "schedules"])
    assert not loaded.errors
    assert {b.name: b.config.risk.allocation for b in loaded.bots} == weights


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--method", "kelly"], "--method: unknown method 'kelly'; use one of equal, inverse_vol"),
        (["--method", "max_sharpe", "--cap", "1.5"], "--cap 1.5 is not a fraction more than 0"),
        (["--method", "max_sharpe", "--cap", "0.1"], "--cap 0.1 with 8 bots cannot add up"),
        (["--cap", "0.5"], "--cap applies to --method max_sharpe only, not risk_parity"),
        (["--from", "2026-13-01"], "--from: '2026-13-01' is not a date (YYYY-MM-DD)"),
        (["nowhere.d"], "nowhere.d: no such file or folder"),
    ],
)
def test_bad_input_is_one_clear_line(
    app: typer.Typer, project: Path, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(app, ["allocate", *args])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"error: {message}" in " ".join(result.output.split())


def test_max_sharpe_without_scipy_says_what_to_install_before_any_backtest(
    app: typer.Typer, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)  # as if scipy were absent

    def no_backtest(*args: object, **kwargs: object) -> None:
        raise AssertionError("backtested although the method cannot run")

    monkeypatch.setattr("runner.engine.backtest.run_backtest", no_backtest)
    result = CliRunner().invoke(app, ["allocate", "--method", "max_sharpe"])
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert "error: --method max_sharpe needs scipy: pip install 'futures-runner[sweep]'" in text
