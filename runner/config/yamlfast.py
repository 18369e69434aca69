"""Composing YAML with libyaml (PyYAML's C parser), the fast way to the node graph.

ruamel.yaml's pure-Python round-trip parser was the largest part of ``runner validate``.
libyaml composes the same nodes, with the same line and column marks, several times
faster. It is only trusted with what both parsers read alike: for a file libyaml refuses,
one with a ``%`` directive (which changes how ruamel resolves scalars), one nested deeper
than any configuration is, or one holding what the two read differently, this returns
None and ruamel reads the file as it always has, so every refusal keeps ruamel's wording
and position (:mod:`runner.config.yamlerrors`).

Scalars are resolved by YAML 1.2's core-schema rules, as ruamel's loader resolves them for
a file without a directive (copied from ruamel.yaml's resolver), not by PyYAML's YAML 1.1
rules (where ``no`` is false and ``1:30`` is 90).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
import yaml.resolver

from runner.config.yamldoc import Node, Pos
from runner.config.yamltags import written_tags

_DIRECTIVE = re.compile(r"^%", re.MULTILINE)
_FOREIGN = re.compile("[\t\x85\u2028\u2029\ufeff]|\r(?!\n)")
_SPACES_FIRST = re.compile(r"[|>][-+0-9]*[ ]*(?:#[^\n]*)?\r?\n +(?:\r?\n|\Z)")
"""Where the parsers part ways: ruamel refuses a tab that libyaml takes for a space, and a
block scalar whose first line holds only spaces (when a later one is indented deeper);
libyaml breaks lines where YAML 1.2 does not (NEL, LS, PS, a lone CR)."""
MAX_DEPTH = 64
"""Deeper nesting goes to ruamel, whose refusal ("nesting too deep") it has always met."""

# (tag suffix, pattern, first characters): ruamel.yaml's YAML 1.2 implicit resolvers.
_IMPLICIT: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", tuple("tTfF")),
    (
        "float",
        r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        tuple("-+0123456789."),
    ),
    (
        "int",
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
        tuple("-+0123456789"),
    ),
    ("merge", r"^(?:<<)$", tuple("<")),
    ("null", r"""^(?: ~ |null|Null|NULL | )$""", ("~", "n", "N", "")),
    (
        "timestamp",
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        tuple("0123456789"),
    ),
    ("value", r"^(?:=)$", tuple("=")),
)


class Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core-schema tags for plain scalars."""


for _suffix, _pattern, _first in _IMPLICIT:
    _regexp = re.compile(_pattern, re.X)
    Resolver.add_implicit_resolver(f"tag:yaml.org,2002:{_suffix}", _regexp, list(_first))


@functools.cache
def _composer() -> Callable[[str], Any] | None:
    """libyaml's parser with the YAML 1.2 resolver; None when PyYAML was built without it."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - the PyYAML wheels all ship libyaml
        return None

    class Composer(CParser, Resolver):
        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            Resolver.__init__(self)

    return Composer


@dataclass(frozen=True, slots=True)
class _Mark:
    name: str
    index: int
    line: int
    column: int


def compose_all(text: str) -> tuple[list[Node], dict[Pos, tuple[str, str]]] | None:
    """The documents' root nodes and the tags written in the file, by node position;
    None when the file is for ruamel to read (see the module docstring)."""
    make = _composer()
    if make is None or any(p.search(text) for p in (_DIRECTIVE, _FOREIGN, _SPACES_FIRST)):
        return None
    try:
        tags = _written_tags(make, text) if "!" in text else {}
        composer = make(text)
        try:
            nodes: list[Node] = []
            while composer.check_node():
                nodes.append(composer.get_node())
        finally:
            composer.dispose()
    except (yaml.YAMLError, UnicodeError):
        return None
    if not _place_empty_values(nodes, text):
        return None
    return nodes, tags


def _place_empty_values(roots: list[Node], text: str) -> bool:
    """Put each empty value of a block mapping where ruamel puts it; False when a node is
    in a place this does not know (the file then goes to ruamel).

    libyaml places ``key:`` with nothing after it just after the colon; ruamel at the next
    token (the next key, or the first line of less indentation), except after a comment
    on the key's line when a key of the same mapping follows. An error about the missing
    value keeps pointing where it always has.
    """
    lines = text.split("\n")
    seen: set[int] = set()
    if any(_empty(root) or root.id == "scalar" and root.style in ("|", ">") for root in roots):
        return False  # ruamel places an empty document at the end of the stream, and lets
        # a block scalar document's lines start in the first column
    stack = [(root, 0) for root in roots]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen or node.id == "scalar":
            continue
        if depth > MAX_DEPTH:
            return False
        seen.add(id(node))
        if node.id == "sequence":
            if node.flow_style and any(_empty(item) for item in node.value):
                return False
            stack.extend((item, depth + 1) for item in node.value)
            continue
        for key, value in node.value:
            if _empty(key):
                return False
            if _empty(value):
                if node.flow_style:
                    return False
                mark = _ruamel_mark(lines, value.start_mark, key.start_mark.column)
                if mark is None:
                    return False
                value.start_mark = value.end_mark = mark
            stack.append((key, depth + 1))
            stack.append((value, depth + 1))
    return True


def _empty(node: Node) -> bool:
    """A value written as nothing at all (no tag, no anchor: they give it a width)."""
    return node.id == "scalar" and node.start_mark.index == node.end_mark.index and not node.value


def _ruamel_mark(lines: list[str], after: Any, key_column: int) -> Any:
    line, col = after.line, after.column
    if not 0 < col <= len(lines[line]) or lines[line][col - 1] != ":":
        return None
    comment = False
    while True:
        rest = lines[line][col:].lstrip(" \r")
        if rest and not rest.startswith("#"):
            col = len(lines[line]) - len(rest)
            break
        if rest and line == after.line:
            comment = True
        if line + 1 == len(lines):
            col = len(lines[line])
            break
        line, col = line + 1, 0
    at = lines[line][col:]
    if at and col == key_column and not (col == 0 and _document_marker(at)):
        if at.startswith(":"):
            return None
        if comment:
            return after
    return _Mark(after.name, -1, line, col)


def _document_marker(at: str) -> bool:
    return at[:3] in ("---", "...") and at[3:4] in ("", " ", "\r")


def _written_tags(make: Callable[[str], Any], text: str) -> dict[Pos, tuple[str, str]]:
    """Explicit tags by the position of their node: the token stream, read once more."""
    scanner = make(text)
    try:
        tokens: list[Any] = []
        while scanner.check_token():
            tokens.append(scanner.get_token())
    finally:
        scanner.dispose()
    return written_tags(tokens)
