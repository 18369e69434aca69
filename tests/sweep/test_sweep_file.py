"""The sweep file is checked like a bot file: every mistake names its line."""

from __future__ import annotations

from datetime import date

import pytest

from runner.sweep.model import WalkForward, load_sweep
from runner.sweep.space import parse_path, substitute
from runner.sweep.study import grid_values, total_trials
from tests.sweep.helpers import GOLD, SMALL, write


def messages(path):
    loaded, errors = load_sweep(path)
    assert loaded is None
    return [str(e) for e in errors]


def test_a_valid_file_loads_with_its_grid(tmp_path):
    loaded, errors = load_sweep(write(tmp_path, SMALL))
    assert errors == [] and loaded is not None
    assert loaded.bot_path == GOLD
    assert total_trials(loaded) == 3 * 2


def test_a_path_the_bot_does_not_have_names_the_sweep_line(tmp_path):
    text = SMALL.replace("exits[0].stop.atr", "exits[0].stop.atrr")
    (msg,) = messages(write(tmp_path, text))
    assert "tune.yaml:4:3: parameters.exits[0].stop.atrr: " in msg
    assert "has no value at exits[0].stop.atrr" in msg


def test_a_section_is_not_a_parameter(tmp_path):
    text = SMALL.replace("exits[0].stop.atr:", "exits[0].stop:")
    (msg,) = messages(write(tmp_path, text))
    assert "tune.yaml:4:" in msg and "is a section, not a value" in msg


def test_bad_fields_are_located(tmp_path):
    text = SMALL.replace("method: grid", "method: bayes").replace("[7, 21]", "[21, 7]")
    found = messages(write(tmp_path, text))
    assert any("tune.yaml:3:" in m and "high end is below the low" in m for m in found)
    assert any("tune.yaml:5:" in m and "method" in m for m in found)


def test_a_grid_needs_a_step_for_floats(tmp_path):
    text = SMALL.replace("{choice: [1.5, 3.0]}", "{float: [1.5, 3.0]}")
    (msg,) = messages(write(tmp_path, text))
    assert "float range without a step" in msg


def test_walk_forward_needs_the_range(tmp_path):
    text = SMALL.replace(
        "data: {from: 2013-10-07, to: 2013-10-11}", "walk_forward: {train: 3d, test: 1d}"
    )
    (msg,) = messages(write(tmp_path, text))
    assert "walk_forward needs data.from and data.to" in msg


def test_a_missing_bot_file_is_named(tmp_path):
    (msg,) = messages(write(tmp_path, SMALL.replace(str(GOLD), "nowhere.yaml")))
    assert "tune.yaml:1:6: bot: " in msg and "nowhere.yaml not found" in msg


def test_rolling_and_anchored_windows():
    first, last = date(2013, 10, 7), date(2013, 10, 11)
    rolling = WalkForward(train="3d", test="1d").windows(first, last)
    assert rolling == [
        (date(2013, 10, 7), date(2013, 10, 9), date(2013, 10, 10), date(2013, 10, 10)),
        (date(2013, 10, 8), date(2013, 10, 10), date(2013, 10, 11), date(2013, 10, 11)),
    ]
    anchored = WalkForward(train="2d", test="1d", anchored=True).windows(first, last)
    assert [(a, b) for a, b, _, _ in anchored] == [
        (date(2013, 10, 7), date(2013, 10, 8)),
        (date(2013, 10, 7), date(2013, 10, 9)),
        (date(2013, 10, 7), date(2013, 10, 10)),
    ]
    with pytest.raises(ValueError, match="not a duration"):
        WalkForward(train="3 days", test="1d")


def test_paths_and_grids():
    assert parse_path("exits[0].stop.atr") == ("exits", 0, "stop", "atr")
    assert parse_path("indicators.rsi.period") == ("indicators", "rsi", "period")
    for bad in ("[0].x", "a..b", "a.", "a[x]"):
        with pytest.raises(ValueError):
            parse_path(bad)
    loaded, _ = load_sweep_text(
        "parameters:\n  exits[0].target.atr: {float: [0.5, 3], step: 0.25}\n"
    )
    assert grid_values(loaded.config.parameters["exits[0].target.atr"]) == [
        0.5 + 0.25 * k for k in range(11)
    ]


def load_sweep_text(params: str):
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp())
    return load_sweep(write(folder, f"bot: {GOLD}\nmethod: grid\n{params}"))


def test_substitution_keeps_the_bot_file_as_written():
    text = GOLD.read_text()
    assert substitute(text, {}) == text
    out = substitute(text, {"exits[0].stop.atr": 2.5, "indicators.rsi.period": 9})
    changed = [(a, b) for a, b in zip(text.splitlines(), out.splitlines(), strict=True) if a != b]
    assert [" ".join(b.split()) for _, b in changed] == [
        "rsi: {use: rsi, period: 9} # Wilder RSI, TA-Lib seeding",
        "- {use: stop_target, stop: {atr: 2.5}, target: {atr: 3.0}, atr_indicator: atr}",
    ]


def test_a_walk_forward_longer_than_the_range_is_refused(tmp_path):
    text = SMALL + "walk_forward: {train: 1w, test: 1d}\n"
    (msg,) = messages(write(tmp_path, text))
    assert (
        "tune.yaml:10:1: walk_forward: no window of 1w + 1d fits in 2013-10-07 .. 2013-10-11" in msg
    )


def test_a_bad_storage_url_is_one_line(tmp_path):
    from tests.sweep.helpers import runner

    run = runner(
        "sweep", str(write(tmp_path, SMALL)), "--storage", "nosuchdb://x", "-o", str(tmp_path / "o")
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "cannot open the study in nosuchdb://x" in run.stderr
    assert "Traceback" not in run.stderr


def test_the_shipped_example_sweep_is_valid():
    from tests.sweep.helpers import ROOT

    loaded, errors = load_sweep(ROOT / "examples" / "sweeps" / "gold_rsi_bb.yaml")
    assert errors == [] and loaded is not None
    assert loaded.bot_path.resolve() == GOLD
    assert loaded.config.method == "tpe" and total_trials(loaded) == 24
