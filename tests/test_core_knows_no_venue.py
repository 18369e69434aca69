"""The core names no venue: Rithmic and IB live in their own folders and reach the core only
through hooks and ``runner.api``, so a new broker needs no edit in ``runner/``.

Docstrings and comments may mention a venue as an example; code, identifiers and every
other string (messages, field names) may not.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENUE = re.compile(r"rithmic|\bib\b|ib_async|ib_insync|\btws\b|interactive brokers", re.I)


def _docstrings(tree: ast.AST) -> set[int]:
    """Line numbers where a docstring (or an attribute docstring) starts."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for stmt in body:
            if (
                isinstance(stmt, ast.Expr)
                and isinstance(stmt.value, ast.Constant)
                and isinstance(stmt.value.value, str)
            ):
                lines.add(stmt.lineno)
    return lines


def _venue_names(text: str) -> list[str]:
    docs = _docstrings(ast.parse(text))
    found = []
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.STRING and tok.start[0] in docs:
            continue
        if tok.type in (tokenize.NAME, tokenize.STRING) and VENUE.search(tok.string):
            found.append(f"{tok.start[0]}: {tok.string[:60]}")
    return found


@pytest.mark.parametrize(
    "path", sorted((ROOT / "runner").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_the_core_names_no_venue(path: Path) -> None:
    assert _venue_names(path.read_text()) == []


def test_the_check_sees_code_but_not_docstrings() -> None:
    text = (
        '"""Talks to Rithmic."""\n'
        "def f(ib):  # IB\n"
        '    """The IB way."""\n'
        '    return {"kind": "rithmic"}\n'
    )
    assert _venue_names(text) == ["2: ib", '4: "rithmic"']


def test_the_plugins_never_import_the_simulators() -> None:
    pattern = re.compile(r"^\s*(from|import)\s+runner_sims\b", re.M)
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "runner_plugins").rglob("*.py")
        if pattern.search(p.read_text())
    ]
    assert offenders == []
