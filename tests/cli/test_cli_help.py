"""``--help`` shows a value type only for options that take a value."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

RUNNER = Path(sys.executable).with_name("runner")


def help_of(*command: str) -> str:
    done = subprocess.run(
        [str(RUNNER), *command, "--help"],
        env={**os.environ, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(
    "command", [(), ("start",), ("validate",), ("schema",), ("report",), ("sim", "ib")]
)
def test_flags_show_no_type(command: tuple[str, ...]) -> None:
    text = help_of(*command)
    assert "<bool>" not in text
    assert re.search(r"--help\s+Show this message", text)


def test_options_that_take_a_value_keep_their_type() -> None:
    text = help_of("start")
    assert re.search(r"--capital\s+<float>", text)
    assert re.search(r"--live\s+Allow bots with mode: live", text)
