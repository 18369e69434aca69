"""libyaml and ruamel.yaml give the reader the same values at the same positions.

libyaml composes the files; ruamel reads those libyaml refuses or reads differently. Each
test runs both real parsers on the same text and compares what the reader builds from
their nodes: data, the position of every key and value, the scalar styles, the errors.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runner.config import yamlfast, yamlruamel
from runner.config.yamlbuild import Builder
from runner.config.yamldoc import Document, YamlFail
from runner.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]


def built(composed: Any) -> tuple[list[tuple[Any, ...]], list[str]]:
    if isinstance(composed, ConfigError):
        return [], [str(composed)]
    nodes, tags = composed
    docs: list[tuple[Any, ...]] = []
    errors: list[str] = []
    for i, node in enumerate(n for n in nodes if n is not None):
        doc = Document("f.yaml", None, index=i)
        try:
            doc.data = Builder(doc, tags).build(node, ())
        except YamlFail as fail:
            errors.append(str(fail.error))
            continue
        docs.append((repr(doc.data), doc.values, doc.keys, doc.styles))
    return docs, errors


def libyaml_reads_as_ruamel(text: str) -> bool:
    """True when libyaml took the file and built what ruamel builds; False when it left
    the file to ruamel. Fails when the two disagree."""
    fast = yamlfast.compose_all(text)
    if fast is None:
        return False
    assert built(fast) == built(yamlruamel.compose_all(text, "f.yaml")), text
    return True


SAME = [
    "a: 1\nb: x\nc: 'q'\nd: \"w\"\ne: 09:30\nf: yes\ng: 0o17\nh: .inf\ni: 2024-01-02\nj: ~\n",
    "a:\nb: 1\n",
    "a:   \n\n\nb: 1\n",
    "a: # why\nb: 1\n",
    "a: # why\n# more\n\nb: 1\n",
    "a: # why\n",
    "a:\n# a comment\n",
    "a:",
    "a:  ",
    "x:\n  a:\nb: 1\n",
    "x:\n  a: # why\nb: 1\n",
    "x:\n  a:\n  # a comment\nb:\n",
    "- a:\n  b:\n- c:\n",
    "a:\n  - b:\n  - c:\nd:\n",
    "a:\n...\n",
    "a:\n---\nb:\n",
    "a:\r\nb: 1\r\n  \r\n",
    "-\n- \n- # c\n- 1\n",
    "a: &x\n  b: 1\nc: *x\nd:\n  <<: *x\n  e:\n",
    "a: !!str 3\nb: !!int '4'\nc: ! 5\nd: &y !!float 1\ne: !!null\n",
    "a: |\n  text\n  more\nb: >-\n  folded\n  text\nc: |2\n    indented\n",
    "a: [1, {b: c}, 'd']\ne: {f: [g, h], i: 09:30}\n",
    "é: ü\nkey with space: v e r y\n'quoted key': 1\n",
    "a: {b: 1}\n---\n- x\n...\n---\nc:\n",
]


@pytest.mark.parametrize("text", SAME)
def test_libyaml_reads_these_as_ruamel_does(text: str) -> None:
    assert libyaml_reads_as_ruamel(text)


RUAMEL = [
    "a: 1\n\tb: 2\n",  # a tab: ruamel refuses what libyaml takes for a space
    "a: \t\nb: 1\n",
    "%YAML 1.1\n---\na: yes\n",  # a directive changes the scalar rules
    "a: x\x85b: y\n",  # NEL, LS, PS and a lone CR break lines only in YAML 1.1
    "a: x\u2028b: y\n",
    "a: 1\rb: 2\r",
    "k: |\n   \n      deeper\n",  # the first line of a block scalar holds only spaces
    "--- |\ntext\n",  # a block scalar document may start in the first column
    "---\n",  # an empty document
    "{a: , b: 1}\n",  # an empty value in brackets or braces
    "[a: ]\n",
    "a: 'open\n",  # refused: ruamel words the error
    "? k\n? l\n: v\n",  # an explicit key without a value: not placed here
    "[" * 80 + "]" * 80,  # nested deeper than any configuration
]


@pytest.mark.parametrize("text", RUAMEL)
def test_these_are_left_to_ruamel(text: str) -> None:
    assert yamlfast.compose_all(text) is None


def test_every_shipped_yaml_file_is_read_by_libyaml_as_by_ruamel() -> None:
    files = [
        p
        for folder in ("strategies.d", "schedules", "examples", "runner")
        for p in (REPO / folder).rglob("*.yaml")
    ]
    assert len(files) > 10
    for path in [*files, REPO / "connections.yaml"]:
        assert libyaml_reads_as_ruamel(path.read_text()), path


LINES = [
    "a:", "b: 1", "- ", "-", "- d", "- e:", "  ", "# c", "a: # c", "b:  # z", "? k", ": v",
    "---", "...", "f: [1, 2]", "g: {h: 1}", "i: 'q'", "k: |", "l: >", "  text", "m: &an",
    "n: *an", "o: !!str 3", "p: 09:30", "q: yes", "<<: *an", "v: !foo x", "w: ! 5", "x: =",
    "aa:", "- - 1", "{a: , b: 1}", "a: b: c", "  - x", "    y: 2", "a :", "- ? x", "  : z",
    "f: [a:1]", "--- |", "... x", "--- x", "x: [", "- |2", "a: |-", "   ", "x: a #b",
    "x: a#b", "    text2", "  # c2", "? |", "  blk", "x: [? a : b]", "&a x: 1",
]  # fmt: skip
"""Lines of a mapping, a list, a block scalar, a comment, broken or not."""


@settings(max_examples=300, deadline=None)
@given(rng=st.randoms(use_true_random=False))
def test_libyaml_and_ruamel_agree_on_pieces_of_yaml(rng: random.Random) -> None:
    lines = [
        " " * rng.choice([0, 0, 0, 2, 2, 4, 1, 3, 6]) + rng.choice(LINES)
        for _ in range(rng.randint(1, 8))
    ]
    text = "\n".join(lines) + ("\n" if rng.random() < 0.8 else "")
    libyaml_reads_as_ruamel(text)
