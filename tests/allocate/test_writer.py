"""risk.allocation written into bot files: comments and layout kept, files still valid."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from runner.allocate.writer import WriteError, set_allocation, write_allocations
from runner.config.project import load_project

ROOT = Path(__file__).resolve().parents[2]


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_a_shipped_bot_gains_one_line_and_keeps_its_comments() -> None:
    text = (ROOT / "strategies.d" / "gold_rsi_bb.yaml").read_text()
    out = set_allocation(text, "gold_rsi_bb.yaml", {"gold_rsi_bb": 0.2125})
    assert changed_lines(text, out) == ["+  allocation: 0.2125"]
    # the new key ends the risk block, before the blank line that separates it
    assert "  max_orders_per_minute: 10\n  allocation: 0.2125\n\ncapital: 100000\n" in out


def test_an_existing_allocation_is_replaced_with_its_comment() -> None:
    text = "name: a\nrisk:\n  allocation: 1.0   # all of it\n  max_position: 2\n"
    out = set_allocation(text, "a.yaml", {"a": 0.25})
    assert out == "name: a\nrisk:\n  allocation: 0.25  # all of it\n  max_position: 2\n"


def test_an_inline_comment_stays_on_its_line() -> None:
    text = "name: a\nrisk:\n  max_position: 1  # one\n\n# the money\ncapital: 5\n"
    out = set_allocation(text, "a.yaml", {"a": 0.5})
    assert out == (
        "name: a\nrisk:\n  max_position: 1  # one\n  allocation: 0.5\n\n# the money\ncapital: 5\n"
    )


def test_a_bot_without_risk_gets_a_risk_block_after_sizing() -> None:
    text = "name: a\nsizing: fixed\ncapital: 5\n"
    out = set_allocation(text, "a.yaml", {"a": 0.5})
    assert out == "name: a\nsizing: fixed\nrisk:\n  allocation: 0.5\ncapital: 5\n"


def test_each_bot_of_a_file_of_several_documents() -> None:
    text = "name: a\nrisk: {max_position: 1}\n---\nname: b\n"
    out = set_allocation(text, "ab.yaml", {"a": 0.5, "b": 0.5})
    assert out == (
        "name: a\nrisk: {max_position: 1, allocation: 0.5}\n---\n"
        "name: b\nrisk:\n  allocation: 0.5\n"
    )


def test_a_bot_not_in_the_file_is_named() -> None:
    with pytest.raises(WriteError, match="a.yaml: no bot named zz in the file"):
        set_allocation("name: a\n", "a.yaml", {"zz": 0.5})


def test_a_layout_ruamel_cannot_keep_is_left_alone() -> None:
    text = "name: a\nrisk:   {max_position: 1}\n"  # spacing a round trip does not keep
    with pytest.raises(WriteError) as err:
        set_allocation(text, "a.yaml", {"a": 0.5})
    assert "a.yaml: its layout would not survive a rewrite" in str(err.value)
    assert "a: 0.5" in str(err.value)


def test_written_files_validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # as the command runs: in the project folder
    shutil.copytree(ROOT / "strategies.d", tmp_path / "strategies.d")
    shutil.copytree(ROOT / "schedules", tmp_path / "schedules")
    files = sorted((tmp_path / "strategies.d").glob("*.yaml"))
    plan = {f: {f.stem: 0.125} for f in files}
    assert write_allocations(plan) == files
    project = load_project([tmp_path / "strategies.d", tmp_path / "schedules"])
    assert not project.errors
    assert {b.name: b.config.risk.allocation for b in project.bots} == {
        f.stem: 0.125 for f in files
    }
    assert write_allocations(plan) == []  # nothing left to change


def test_a_file_that_no_longer_validates_is_restored(tmp_path: Path) -> None:
    bot = tmp_path / "a.yaml"
    text = (
        "schema_version: 1\nname: a\ninstruments: {gc: {root: GC}}\n"
        "signals: [{use: rule, long: 'close > 0'}]\n"
    )
    bot.write_text(text)
    with pytest.raises(WriteError, match="did not validate and were restored") as err:
        write_allocations({bot: {"a": 1.5}})  # more than the whole capital
    assert "risk.allocation" in str(err.value)
    assert bot.read_text() == text
