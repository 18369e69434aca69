"""Plugins, simulators and examples import only ``runner.api``: the core's internals stay free
to change.

A built-in plugin is held to the rule a third-party package must follow; this is the check
CI runs (through the suite) so a stray ``from runner.engine import ...`` fails the build.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ("runner_plugins", "runner_sims", "examples")


def _sources() -> list[Path]:
    return sorted(p for d in CHECKED for p in (ROOT / d).rglob("*.py") if "_pb2" not in p.name)


def _allowed(module: str) -> bool:
    return module != "runner" and (
        not module.startswith("runner.")
        or module == "runner.api"
        or module.startswith("runner.api.")
    )


def _violations(path: Path, text: str | None = None) -> list[str]:
    tree = ast.parse(path.read_text() if text is None else text, filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            if (name == "runner" or name.startswith("runner.")) and not _allowed(name):
                found.append(f"{path.name}:{node.lineno}: imports {name}")
    return found


def test_the_checked_trees_exist() -> None:
    assert len(_sources()) > 50


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_only_the_plugin_api(path: Path) -> None:
    assert _violations(path) == []


def test_the_check_catches_a_core_import() -> None:
    text = "import runner.engine.bot\nfrom runner.api import Bar\nfrom runner import cli\n"
    assert _violations(ROOT / "examples" / "probe.py", text) == [
        "probe.py:1: imports runner.engine.bot",
        "probe.py:3: imports runner",
    ]
