"""``runner sweep`` end to end: trials run the engine of ``runner backtest``, results and
the best bot are written, bad combinations fail alone, and a stopped study resumes."""

from __future__ import annotations

import json
import sqlite3

import optuna
import pandas as pd

from runner.sweep.local import LocalExecutor
from runner.sweep.model import load_sweep
from runner.sweep.session import SweepRun
from runner.sweep.study import TaskMaker, run_study
from tests.sweep.helpers import ROOT, SMALL, runner, write

METRICS = ("trades", "wins", "losses", "total_pnl", "max_drawdown", "return_pct", "end_equity")


def study_of(out, name="tune"):
    return optuna.load_study(study_name=name, storage=f"sqlite:///{out / 'study.db'}")


def test_the_best_trial_equals_a_backtest_of_the_written_bot(tmp_path):
    sweep = write(tmp_path, SMALL)
    out = tmp_path / "out"
    run = runner("sweep", str(sweep), "--workers", "2", "-o", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    names = ("trials.csv", "trials.parquet", "report.html", "gold_rsi_bb.tuned.yaml")
    for name in (*names, "sweep.json", "best_equity.parquet", "best_trades.parquet"):
        assert (out / name).is_file(), name
    study = study_of(out)
    assert len(study.trials) == 6
    assert {t.state for t in study.trials} == {optuna.trial.TrialState.COMPLETE}
    grid = {
        (t.params["indicators.rsi.period"], t.params["exits[0].stop.atr"]) for t in study.trials
    }
    assert grid == {(p, s) for p in (7, 14, 21) for s in (1.5, 3.0)}
    best = study.best_trial
    bot = out / "gold_rsi_bb.tuned.yaml"
    text = bot.read_text()
    assert f"# trial {best.number} of study 'tune'" in text
    assert "name: gold_rsi_bb_tuned" in text
    assert "# Wilder RSI, TA-Lib seeding" in text  # the bot's own comments are kept
    report = tmp_path / "bt"
    bt = runner(
        "backtest", str(bot), "--from", "2013-10-07", "--to", "2013-10-11", "--report", str(report)
    )
    assert bt.returncode == 0, bt.stdout + bt.stderr
    (got,) = json.loads((report / "metrics.json").read_text())["bots"]
    (trial,) = best.user_attrs["runs"]
    for key in METRICS:
        assert got[key] == trial[key], key
    assert best.value == got["total_pnl"]

    frame = pd.read_parquet(out / "trials.parquet")
    assert len(frame) == 6 and frame["objective"].max() == best.value
    html = (out / "report.html").read_text()
    assert html.count("data:image/png;base64,") >= 5  # importance, 2 scatters, heatmap, equity
    assert "Parameter importance" in html


def test_an_invalid_combination_fails_alone_with_its_reason(tmp_path):
    text = SMALL.replace("{int: [7, 21], step: 7}", "{choice: [14, 0]}")
    sweep = write(tmp_path, text)
    out = tmp_path / "out"
    run = runner("sweep", str(sweep), "--workers", "1", "-o", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    study = study_of(out)
    failed = [t for t in study.trials if t.state == optuna.trial.TrialState.FAIL]
    assert len(failed) == 2 and {t.params["indicators.rsi.period"] for t in failed} == {0}
    for t in failed:
        assert t.user_attrs["reason"].startswith("invalid bot: indicators.rsi.period: ")
    assert sum(t.state == optuna.trial.TrialState.COMPLETE for t in study.trials) == 2
    csv = pd.read_csv(out / "trials.csv")
    assert set(csv.loc[csv["state"] == "fail", "reason"].str[:12]) == {"invalid bot:"}


def test_min_trades_and_constraints_prune_with_the_reason(tmp_path):
    text = SMALL.replace(
        "min_trades: 1}", "min_trades: 1}\nconstraints:\n  - {metric: trades, max: 20}"
    )
    out = tmp_path / "out"
    run = runner("sweep", str(write(tmp_path, text)), "--workers", "2", "-o", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    pruned = [t for t in study_of(out).trials if t.state == optuna.trial.TrialState.PRUNED]
    assert pruned, "the rsi period of 7 trades more than 20 times in the week"
    for t in pruned:
        assert t.user_attrs["runs"][0]["trades"] > 20
        assert t.user_attrs["reason"].startswith("trades ") and "> max 20" in t.user_attrs["reason"]


def test_walk_forward_scores_in_and_out_of_sample(tmp_path):
    text = SMALL + "walk_forward: {train: 3d, test: 1d, step: 1d}\n"
    out = tmp_path / "out"
    run = runner("sweep", str(write(tmp_path, text)), "--workers", "2", "-o", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "window 1: train 2013-10-07..2013-10-09" in " ".join(run.stdout.split())
    for t in study_of(out).trials:
        runs = t.user_attrs["runs"]
        assert len(runs) == 4  # two training windows, then two test windows
        if t.value is not None:
            assert t.value == (runs[0]["total_pnl"] + runs[1]["total_pnl"]) / 2
            assert (
                t.user_attrs["out_of_sample"] == (runs[2]["total_pnl"] + runs[3]["total_pnl"]) / 2
            )
    assert "in sample against out of sample" in (out / "report.html").read_text()


def test_a_stopped_study_resumes_where_it_stopped(tmp_path):
    text = SMALL.replace("method: grid", "method: random\ntrials: 8")
    sweep_path = write(tmp_path, text)
    out = tmp_path / "out"
    out.mkdir()
    storage = f"sqlite:///{out / 'study.db'}"
    loaded, errors = load_sweep(sweep_path)
    assert loaded is not None, errors
    # a first run that stopped after one batch of four, with a fifth trial asked, never told
    partial = loaded.config.model_copy(update={"trials": 4})
    loaded.config = partial
    run = SweepRun(loaded, storage, resume=False, overwrite=False)
    pool = LocalExecutor(2)
    try:
        run_study(run.study, loaded, pool, run.make, lambda _: None)
    finally:
        pool.close()
    run.study.ask(run_study_dists(loaded))
    before = {t.number: t.params for t in run.study.trials[:4]}
    again = runner("sweep", str(sweep_path), "--resume", "--workers", "2", "-o", str(out))
    assert again.returncode == 0, again.stdout + again.stderr
    trials = study_of(out).trials
    assert [t.number for t in trials] == list(range(8))
    assert all(t.state.is_finished() for t in trials)
    assert {t.number: t.params for t in trials[:4]} == before
    refused = runner("sweep", str(sweep_path), "--workers", "1", "-o", str(out))
    assert refused.returncode == 1 and "pass --resume to continue it" in refused.stderr


def run_study_dists(loaded):
    from runner.sweep.study import distributions

    return distributions(loaded)


def test_same_trials_and_results_on_one_and_two_workers(tmp_path):
    text = SMALL.replace("method: grid", "method: tpe\ntrials: 8")
    loaded, _ = load_sweep(write(tmp_path, text))
    assert loaded is not None
    seen = []
    for workers in (1, 2):
        storage = f"sqlite:///{tmp_path / f'w{workers}.db'}"
        run = SweepRun(loaded, storage, resume=False, overwrite=False)
        pool = LocalExecutor(workers)
        try:
            run_study(run.study, loaded, pool, run.make, lambda _: None)
        finally:
            pool.close()
        seen.append([(t.number, t.params, t.value, t.user_attrs["runs"]) for t in run.study.trials])
    assert seen[0] == seen[1]
    assert len(seen[0]) == 8


def test_task_paths_point_at_the_project(tmp_path):
    loaded, _ = load_sweep(write(tmp_path, SMALL))
    assert loaded is not None
    task = TaskMaker(loaded, str(ROOT), None)(0, {"indicators.rsi.period": 7})
    assert task.windows == ((loaded.config.data.start, loaded.config.data.end),)
    assert task.bot_file == "gold_rsi_bb.yaml"


def test_storage_is_sqlite_by_default(tmp_path):
    out = tmp_path / "out"
    run = runner(
        "sweep",
        str(write(tmp_path, SMALL.replace("[7, 21]", "[14, 14]"))),
        "-o",
        str(out),
        "--workers",
        "1",
    )
    assert run.returncode == 0, run.stderr
    with sqlite3.connect(out / "study.db") as db:
        assert db.execute("select study_name from studies").fetchall() == [("tune",)]
