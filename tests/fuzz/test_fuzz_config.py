"""Property: any mutant of a shipped config file is refused at a line, or means what it says.

The mutants (``tests/fuzz/mutants.py``) cover the classes of issue 12: unsafe tags and
directives, infinities, booleans and huge numbers, bad time zones, truncation, removed
safety blocks, a bot switched to live. The judge (``tests/fuzz/judge.py``) runs the real
``runner validate`` and, for every accepted file, compares runner's reading with an
independent YAML parser's and checks that no safety setting was left to a default without
a word. ``python -m tests.fuzz.campaign`` runs the same judge over 10,000 mutants.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.fuzz.judge import Judge
from tests.fuzz.mutants import mutant

REPO = Path(__file__).resolve().parents[2]
BOTS = sorted(f"strategies.d/{p.name}" for p in (REPO / "strategies.d").glob("*.yaml"))
OTHERS = ["schedules/cme.yaml", "schedules/fx.yaml", "connections.yaml"]


@pytest.fixture(scope="module")
def judge(tmp_path_factory: pytest.TempPathFactory) -> Judge:
    root = tmp_path_factory.mktemp("fuzz")
    for folder in ("strategies.d", "schedules"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "connections.yaml", root / "connections.yaml")
    return Judge(root)


def test_every_shipped_file_is_accepted_as_written(judge: Judge) -> None:
    for name in [*BOTS, *OTHERS]:
        verdict = judge(name, (REPO / name).read_bytes())
        assert verdict.accepted and verdict.problems == [], (name, verdict)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(name=st.sampled_from(BOTS * 3 + OTHERS), rng=st.randoms(use_true_random=False))
def test_a_mutant_is_refused_at_a_line_or_means_what_it_says(
    judge: Judge, name: str, rng: random.Random
) -> None:
    kind, content = mutant((REPO / name).read_text(), rng)
    verdict = judge(name, content)
    event(f"{'accepted' if verdict.accepted else 'refused'} {kind.split('+')[0]}")
    assert verdict.problems == [], (name, kind, content.decode(errors="replace"))


def test_the_judge_sees_a_safety_setting_left_to_its_default(
    judge: Judge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the warnings, a bot cut short before its risk block would pass unnoticed."""
    name = "strategies.d/gold_rsi_bb.yaml"
    text = (REPO / name).read_text()
    cut = text[: text.index("\nrisk:") + 1]
    assert judge(name, cut.encode()).problems == []
    monkeypatch.setattr("runner.config.documents.safety_problems", lambda doc, exits: [])
    assert judge(name, cut.encode()).problems == [
        "silent: risk is missing and validate did not warn"
    ]


def test_the_judge_sees_a_value_the_loader_changed(
    judge: Judge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A loader that turned a tagged value into something else would be caught."""
    from runner.config.yamlbuild import Builder

    real = Builder._scalar

    def lossy(self: Builder, node: object, path: tuple[object, ...]) -> object:
        value = real(self, node, path)  # type: ignore[arg-type]
        return "" if path[-1:] == ("short",) else value

    monkeypatch.setattr(Builder, "_scalar", lossy)
    name = "strategies.d/gold_rsi_bb.yaml"
    problems = judge(name, (REPO / name).read_bytes()).problems
    assert problems and all(p.startswith("changed: signals rule:") for p in problems), problems
