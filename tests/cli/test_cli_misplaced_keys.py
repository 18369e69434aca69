"""A mapping indented one level too little is named as what is misplaced: ``roll`` itself,
not each of its keys as if they were the mistake."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from runner.config.project import load_project

REPO = Path(__file__).resolve().parents[2]
HEAD = "schema_version: 1\nname: gold_a\ninstruments:\n  gc:\n    root: GC\n"
TAIL = "feed: replay\nbroker: paper\nsignals:\n  - {use: rule, long: 'close > 0'}\n"


def errors(tmp_path: Path, middle: str) -> list[str]:
    if not (tmp_path / "schedules").exists():
        shutil.copytree(REPO / "schedules", tmp_path / "schedules")
    bot = tmp_path / "a.yaml"
    bot.write_text(HEAD + middle + TAIL)
    project = load_project([bot, tmp_path / "schedules"], base=tmp_path)
    return [str(e).removeprefix(f"{tmp_path}/") for e in project.errors]


def test_a_roll_dedented_to_the_level_of_the_instruments_is_named_itself(tmp_path) -> None:
    got = errors(tmp_path, "  roll:\n    basis: first_notice\n    days_before: 2\n")
    assert got == [
        "a.yaml:6:3: instruments.roll: 'roll' is at the wrong level: directly under "
        "'instruments' it is read as one more entry named 'roll', not as the 'roll' of an "
        "entry; indent it under 'gc'"
    ]


def test_a_roll_at_the_top_of_the_file_is_sent_into_an_instrument(tmp_path) -> None:
    got = errors(tmp_path, "roll:\n  basis: first_notice\n")
    assert got == [
        "a.yaml:6:1: roll: unknown field 'roll' here; it belongs inside each entry of "
        "'instruments', such as instruments.gc.roll"
    ]


@pytest.mark.parametrize(
    ("middle", "expected"),
    [
        # the keys of a roll written beside an empty roll: those keys are misplaced
        (
            "    roll:\n    basis: first_notice\n",
            "a.yaml:7:5: instruments.gc.basis: unknown field 'basis' here; it belongs under 'roll'",
        ),
        # a correct roll stays valid
        ("    roll: {basis: first_notice, days_before: 2}\n", None),
    ],
)
def test_the_keys_of_a_roll_are_still_sent_under_it(tmp_path, middle, expected) -> None:
    got = errors(tmp_path, middle)
    assert got == ([] if expected is None else [expected])
