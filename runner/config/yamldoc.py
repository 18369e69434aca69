"""A YAML document as runner keeps it: plain values, and where each one was written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from runner.errors import ConfigError


class Node(Protocol):
    """A composed node, of ruamel.yaml or of PyYAML (both have these fields)."""

    id: str
    """"scalar", "sequence" or "mapping"."""
    tag: Any
    value: Any
    style: Any
    """Scalars: None or "" plain, "'", '"', "|" or ">"."""
    flow_style: Any
    """Collections: written in brackets or braces."""
    start_mark: Any
    end_mark: Any


PathT = tuple[Any, ...]
Pos = tuple[int, int]

CLOCK = re.compile(r"^[0-9]{1,2}:[0-5][0-9](:[0-5][0-9])?$")
MAX_NODES = 200_000
"""Alias expansion can make a small file huge ("billion laughs"); refuse beyond this."""

CORE_TAG = "tag:yaml.org,2002:"
SCALAR_KINDS = ("str", "int", "float", "bool", "null")
ALLOWED_TAGS = frozenset(f"{CORE_TAG}{kind}" for kind in (*SCALAR_KINDS, "map", "seq"))
"""Explicit tags a file may write: YAML's core schema. Any other (``!!python/name:``,
``!!js/function``, ``!env``) would be dropped or turned into text without a word."""
ALLOWED_TEXT = "!!str, !!int, !!float, !!bool, !!null, !!map and !!seq"
VERSIONS = ((1, 1), (1, 2))


@dataclass
class Document:
    """One YAML document: its plain data and the position of every key and value in it."""

    file: str
    data: Any
    values: dict[PathT, Pos] = field(default_factory=dict)
    keys: dict[PathT, Pos] = field(default_factory=dict)
    index: int = 0
    styles: dict[PathT, str] = field(default_factory=dict)
    """Scalar style of single-line string values: "" plain, "'" or '"' quoted."""

    def value_pos(self, path: PathT) -> Pos:
        """Position of the value at ``path``, or of the nearest enclosing value that exists."""
        for n in range(len(path), -1, -1):
            pos = self.values.get(tuple(path[:n]))
            if pos is not None:
                return pos
        return (1, 1)

    def key_pos(self, path: PathT) -> Pos:
        """Position of the key naming ``path`` (the value's for list items and the root)."""
        pos = self.keys.get(tuple(path))
        return pos if pos is not None else self.value_pos(path)

    def get(self, path: PathT, default: Any = None) -> Any:
        node = self.data
        for part in path:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                return default
        return node

    def has(self, path: PathT) -> bool:
        marker = object()
        return self.get(path, marker) is not marker

    def column_in(self, path: PathT, col: int) -> Pos | None:
        """File position of the 1-based character ``col`` of the string at ``path``.

        Only for values written on one line, where the mapping is exact (escapes in
        double-quoted strings aside); None otherwise.
        """
        style = self.styles.get(path)
        value = self.get(path)
        if style is None or not isinstance(value, str) or not 1 <= col <= len(value) + 1:
            return None
        line, start = self.values[path]
        return line, start + col - 1 + (1 if style else 0)

    def error(self, path: PathT, message: str, *, key: bool = False) -> ConfigError:
        line, col = self.key_pos(path) if key else self.value_pos(path)
        return ConfigError(self.file, line, col, format_path(path), message)


def format_path(path: PathT) -> str:
    """``("signals", 0, "long")`` -> ``signals[0].long``."""
    out = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class YamlFail(Exception):
    def __init__(self, error: ConfigError) -> None:
        self.error = error


def pos_after(prefix: str) -> Pos:
    """1-based line and column just after ``prefix``."""
    line = prefix.count("\n") + 1
    col = len(prefix) - (prefix.rfind("\n") + 1) + 1
    return line, col


def node_pos(node: Node) -> Pos:
    return node.start_mark.line + 1, node.start_mark.column + 1
