"""Reading YAML into plain Python values while remembering where every value came from.

A parser composes the node graph (which carries line and column marks) and we build the
Python values ourselves, so that:

* every mapping key and value keeps its position, for ``file:line:col`` messages;
* duplicate keys are errors naming both lines (YAML says keys are unique; silently keeping
  one of two ``period:`` lines hides a mistake);
* YAML 1.2 scalar rules apply, and a clock time written ``09:30`` is always the string
  ``"09:30"``, never the sexagesimal integer 570 that YAML 1.1 would make of it;
* dates and timestamps stay strings; pydantic parses them where a field wants a date.

libyaml composes (:mod:`runner.config.yamlfast`); a file it refuses or is not trusted
with goes to ruamel.yaml (:mod:`runner.config.yamlruamel`), whose refusals runner words.
"""

from __future__ import annotations

from pathlib import Path

from runner.config.yamlbuild import Builder
from runner.config.yamldoc import (
    ALLOWED_TAGS,
    CLOCK,
    MAX_NODES,
    SCALAR_KINDS,
    Document,
    PathT,
    Pos,
    YamlFail,
    format_path,
    node_pos,
    pos_after,
)
from runner.errors import ConfigError, display_path

__all__ = [
    "ALLOWED_TAGS",
    "CLOCK",
    "MAX_NODES",
    "SCALAR_KINDS",
    "Document",
    "PathT",
    "Pos",
    "format_path",
    "load_bytes",
    "load_file",
    "load_text",
]


def load_file(
    path: Path, *, display: str | None = None
) -> tuple[list[Document], list[ConfigError]]:
    """All documents of a YAML file, or the errors that prevent reading it."""
    name = display or display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [], [ConfigError(name, None, None, "", f"cannot read file: {exc.strerror or exc}")]
    return load_bytes(raw, name)


def load_bytes(raw: bytes, name: str) -> tuple[list[Document], list[ConfigError]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = pos_after(raw[: exc.start].decode("utf-8", "replace"))
        return [], [
            ConfigError(
                name,
                line,
                col,
                "",
                f"not a UTF-8 text file (byte 0x{raw[exc.start]:02x} cannot be decoded)",
            )
        ]
    return load_text(text, name)


def load_text(text: str, name: str) -> tuple[list[Document], list[ConfigError]]:
    from runner.config import yamlfast

    composed = yamlfast.compose_all(text)
    if composed is None:
        from runner.config import yamlruamel  # ruamel.yaml: only for what libyaml refuses

        slow = yamlruamel.compose_all(text, name)
        if isinstance(slow, ConfigError):
            return [], [slow]
        composed = slow
    nodes, tags = composed
    docs: list[Document] = []
    errors: list[ConfigError] = []
    for i, node in enumerate(n for n in nodes if n is not None):
        doc = Document(name, None, index=i)
        try:
            doc.data = Builder(doc, tags).build(node, ())
        except YamlFail as fail:
            errors.append(fail.error)
            continue
        except RecursionError:
            errors.append(ConfigError(name, *node_pos(node), "", "nesting too deep"))
            continue
        docs.append(doc)
    return docs, errors
