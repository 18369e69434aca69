"""``runner allocate --from-sweep``: a small sweep on local cores, then an allocation that
takes its best bot and its stored run, equal to allocating over the best bot file."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from runner.commands import allocate
from runner.config.project import load_project
from runner.engine.backtest import run_backtest
from runner.plugins import registry
from runner.sweep.stored import read_results
from tests.sweep.helpers import ROOT, runner

pytest.importorskip("optuna")

WEEK = ["--from", "2013-10-07", "--to", "2013-10-11"]
GOLD = ["strategies.d/gold_orb_trend.yaml", "strategies.d/gold_rsi_bb.yaml"]
SWEEP = """\
bot: strategies.d/gold_rsi_bb.yaml
parameters:
  indicators.rsi.period: {choice: [7, 14]}
method: grid
batch: 2
objective: {metric: total_pnl, min_trades: 1}
data: {from: 2013-10-07, to: 2013-10-11}
"""


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder with a finished two-trial sweep of the gold bot in ``out/``."""
    base = tmp_path_factory.mktemp("swept")
    shutil.copytree(ROOT / "strategies.d", base / "strategies.d")
    shutil.copytree(ROOT / "schedules", base / "schedules")
    (base / "tune.yaml").write_text(SWEEP, encoding="utf-8")
    run = runner("sweep", "tune.yaml", "--workers", "1", "-o", "out", cwd=base)
    assert run.returncode == 0, run.stdout + run.stderr
    return base


@pytest.fixture
def project(swept: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the swept project to change, as the working directory."""
    shutil.copytree(swept, tmp_path / "p")
    monkeypatch.chdir(tmp_path / "p")
    return tmp_path / "p"


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

    @app.callback()
    def _root() -> None:
        """runner (test)"""

    allocate.register(app)
    return app


@pytest.fixture
def backtested(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[str]]]:
    """The bots of each backtest the allocation runs (the engine still runs them)."""
    calls: list[list[str]] = []

    def recording(bots: list[Any], *args: Any, **kwargs: Any) -> Any:
        calls.append([b.name for b in bots])
        return run_backtest(bots, *args, **kwargs)

    monkeypatch.setattr("runner.engine.backtest.run_backtest", recording)
    yield calls


def _json(app: typer.Typer, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["allocate", *args, "--json"])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def _figures(doc: dict[str, Any]) -> dict[str, Any]:
    """Everything but where each bot came from."""
    out = json.loads(json.dumps(doc))
    for bot in out["bots"]:
        del bot["file"], bot["sweep"]
    return out


def test_the_sweep_keeps_its_best_run(swept: Path) -> None:
    results = read_results(swept / "out")
    doc = json.loads((swept / "out" / "sweep.json").read_text())
    assert doc["bot"] == "gold_rsi_bb" and doc["best"]["bot"] == "gold_rsi_bb_tuned"
    assert (results.start, results.end) == ("2013-10-07", "2013-10-11")
    stored = results.run()
    best = load_project([results.tuned_file, swept / "schedules"])
    assert not best.errors
    again = run_backtest(
        best.bots,
        registry(),
        start=date(2013, 10, 7),
        end=date(2013, 10, 11),
        keep_events=False,
        schedules=best.schedules,
    ).bots[0]
    ts, eq = again.equity_curve.arrays()
    assert stored.ts.tolist() == ts.tolist() and stored.equity.tolist() == eq.tolist()
    assert [t.pnl for t in stored.trades] == [t.pnl for t in again.trades]
    assert stored.capital == again.capital and len(stored.trades) == doc["best"]["run"]["trades"]


def test_from_sweep_equals_allocating_over_the_best_bot_file(
    app: typer.Typer, project: Path, backtested: list[list[str]]
) -> None:
    """The sweep's best bot stands in for gold_rsi_bb, its run read and not backtested;
    the result is the one of a folder holding the best bot file."""
    from_sweep = _json(app, "strategies.d", "--from-sweep", "out", *WEEK)
    assert "gold_rsi_bb_tuned" not in backtested[0]  # before: read from the sweep
    assert "gold_rsi_bb_tuned" in backtested[1]  # after: a new allocation, backtested
    origin = next(b["sweep"] for b in from_sweep["bots"] if b["bot"] == "gold_rsi_bb_tuned")
    assert origin["read"] and origin["replaces"] == "gold_rsi_bb" and origin["trial"] is not None
    assert "gold_rsi_bb" not in {b["bot"] for b in from_sweep["bots"]}

    tuned = project / "tuned.d"
    shutil.copytree(project / "strategies.d", tuned)
    (tuned / "gold_rsi_bb.yaml").unlink()
    shutil.copy(project / "out" / "gold_rsi_bb.tuned.yaml", tuned)
    over_file = _json(app, "tuned.d", *WEEK)
    assert _figures(from_sweep) == _figures(over_file)
    assert all(b["sweep"] is None for b in over_file["bots"])

    # the folder holding the best bot file: that bot is the sweep's, its run read
    beside = _json(app, "tuned.d", "--from-sweep", "out", *WEEK)
    assert _figures(beside) == _figures(over_file)
    origin = next(b["sweep"] for b in beside["bots"] if b["bot"] == "gold_rsi_bb_tuned")
    assert origin["read"] and origin["replaces"] is None


def test_the_tables_say_where_the_best_bot_came_from(app: typer.Typer, project: Path) -> None:
    result = CliRunner().invoke(app, ["allocate", *GOLD, "--from-sweep", "out", *WEEK])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert (
        "gold_rsi_bb_tuned is trial " in text
        and " of sweep tune (out), in place of gold_rsi_bb: its run was read from the sweep, "
        "not backtested again"
        in text
    )


def test_another_window_backtests_the_best_bot_and_says_why(
    app: typer.Typer, project: Path, backtested: list[list[str]]
) -> None:
    result = CliRunner().invoke(app, ["allocate", *GOLD, "--from-sweep", "out"])
    assert result.exit_code == 0, result.output
    assert "gold_rsi_bb_tuned" in backtested[0]
    text = " ".join(result.output.split())
    assert (
        "in place of gold_rsi_bb: backtested, because the sweep replayed 2013-10-07..2013-10-11,"
        " this allocation the bots' own feed windows (--from 2013-10-07 --to 2013-10-11 would "
        "read the sweep's run)" in text
    )


def test_the_data_count_by_content_not_by_folder(app: typer.Typer, project: Path) -> None:
    from runner_plugins.feeds import bundled

    data = project / "data"
    shutil.copytree(bundled.DATA_DIR, data)
    same = _json(app, *GOLD, "--from-sweep", "out", *WEEK, "--data", "data")
    assert [b["sweep"]["read"] for b in same["bots"] if b["sweep"]] == [True]
    gc = data / "GC.csv.gz"
    gc.write_bytes(gzip.compress(gzip.decompress(gc.read_bytes()), compresslevel=1, mtime=0))
    other = _json(app, *GOLD, "--from-sweep", "out", *WEEK, "--data", "data")
    (origin,) = [b["sweep"] for b in other["bots"] if b["sweep"]]
    assert not origin["read"] and origin["why"].startswith("the data differ from the sweep's")
    assert _figures(other) == _figures(same)  # the same bars: the same figures


def test_write_puts_the_allocation_into_the_best_bot_file(app: typer.Typer, project: Path) -> None:
    original = (project / "strategies.d" / "gold_rsi_bb.yaml").read_text()
    result = CliRunner().invoke(
        app, ["allocate", *GOLD, "--from-sweep", "out", *WEEK, "--method", "equal", "--write"]
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "wrote out/gold_rsi_bb.tuned.yaml" in text
    assert (
        "out/gold_rsi_bb.tuned.yaml is gold_rsi_bb_tuned: put it in place of "
        "strategies.d/gold_rsi_bb.yaml to run it" in text
    )
    assert (project / "strategies.d" / "gold_rsi_bb.yaml").read_text() == original
    best = load_project([project / "out" / "gold_rsi_bb.tuned.yaml", project / "schedules"])
    assert [b.config.risk.allocation for b in best.bots] == [0.5]
    # its settings are no longer the best trial's: the next allocation backtests it
    again = _json(app, *GOLD, "--from-sweep", "out", *WEEK)
    (origin,) = [b["sweep"] for b in again["bots"] if b["sweep"]]
    assert not origin["read"]
    assert origin["why"] == "out/gold_rsi_bb.tuned.yaml differs from the best trial's settings"


def test_a_folder_from_before_sweep_json_is_backtested_and_says_how_to_add_it(
    app: typer.Typer, project: Path
) -> None:
    for name in ("sweep.json", "best_equity.parquet", "best_trades.parquet"):
        (project / "out" / name).unlink()
    doc = _json(app, *GOLD, "--from-sweep", "out", *WEEK)
    (origin,) = [b["sweep"] for b in doc["bots"] if b["sweep"]]
    assert not origin["read"] and origin["sweep"] == "tune" and origin["trial"] is not None
    assert origin["why"] == (
        "the sweep kept no run of it (an older runner wrote out; "
        "`runner sweep tune.yaml --resume -o out` adds it)"
    )


def _no_best(project: Path) -> None:
    doc = json.loads((project / "out" / "sweep.json").read_text())
    doc["best"] = None
    (project / "out" / "sweep.json").write_text(json.dumps(doc))


@pytest.mark.parametrize(
    ("args", "change", "message"),
    [
        (["--from-sweep", "nowhere"], None, "--from-sweep nowhere: no such folder"),
        (["--from-sweep", "tune.yaml"], None, "--from-sweep tune.yaml: not a folder"),
        (
            ["--from-sweep", "strategies.d"],
            None,
            "--from-sweep strategies.d: not a sweep's results folder "
            "(no sweep.json or trials.csv in it)",
        ),
        (
            ["strategies.d/gold_orb_trend.yaml", "--from-sweep", "out"],
            None,
            "--from-sweep out: sweep tune tunes bot gold_rsi_bb, and neither it nor "
            "gold_rsi_bb_tuned is among the bots allocated",
        ),
        (
            [*GOLD, "--from-sweep", "out", "--from-sweep", "out"],
            None,
            "--from-sweep out: bot gold_rsi_bb_tuned is tuned by --from-sweep out as well; "
            "give one sweep per bot",
        ),
        (
            [*GOLD, "--from-sweep", "out"],
            _no_best,
            "--from-sweep out: sweep tune has no best bot (no trial completed)",
        ),
        (
            [*GOLD, "--from-sweep", "out"],
            lambda p: (p / "out" / "gold_rsi_bb.tuned.yaml").unlink(),
            "--from-sweep out: its best bot file gold_rsi_bb.tuned.yaml is missing",
        ),
        (
            [*GOLD, "--from-sweep", "out"],
            lambda p: (p / "out" / "sweep.json").write_text("{"),
            "--from-sweep out/sweep.json: not readable: Expecting property name",
        ),
    ],
)
def test_bad_input_is_one_clear_line(
    app: typer.Typer, project: Path, args: list[str], change: Any, message: str
) -> None:
    if change is not None:
        change(project)
    result = CliRunner().invoke(app, ["allocate", *args])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert f"error: {message}" in " ".join(result.output.split())
