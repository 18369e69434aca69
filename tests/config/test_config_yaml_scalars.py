"""Block scalars read as YAML says, the same as any other YAML parser reads them.

The fuzz campaign of issue 12 found folded scalars (``description: >``) coming back with a
BEL character at every fold: ruamel's round-trip scanner marks folds that way and only its
own constructor removes the marks.
"""

from __future__ import annotations

import io

import pytest
from ruamel.yaml import YAML

from runner.config.yamlload import load_text

TEXTS = [
    "a: >\n  one two\n  three\n",
    "a: >-\n  one\n  two\n\n  three\n",
    "a: >+\n  one\n   indented\n  two\n\n",
    "a: |\n  x\n  y\n",
    "a: |-\n  x\n\n  y\n",
    "a: 'one\n  two'\n",
    'a: "one\\\n  two \\a"\n',
    "a: plain\n  over two lines\n",
    "a:\n  - >\n    in a\n    list\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_block_scalars_match_the_safe_loader(text: str) -> None:
    docs, errors = load_text(text, "t.yaml")
    assert errors == []
    assert docs[0].data == YAML(typ="safe", pure=True).load(io.StringIO(text))


def test_a_folded_rule_expression_is_one_line_of_text() -> None:
    docs, _ = load_text("long: >\n  rsi < 30 and\n  close < bb.lower\n", "t.yaml")
    assert docs[0].data == {"long": "rsi < 30 and close < bb.lower\n"}
