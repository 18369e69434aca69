"""Reading YAML into plain Python values while remembering where every value came from.

ruamel.yaml composes the node graph (which carries line and column marks) and we build
the Python values ourselves, so that:

* every mapping key and value keeps its position, for ``file:line:col`` messages;
* duplicate keys are errors naming both lines (YAML says keys are unique; silently keeping
  one of two ``period:`` lines hides a mistake);
* YAML 1.2 scalar rules apply, and a clock time written ``09:30`` is always the string
  ``"09:30"``, never the sexagesimal integer 570 that YAML 1.1 would make of it;
* dates and timestamps stay strings; pydantic parses them where a field wants a date.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.tokens import AnchorToken, DirectiveToken, TagToken

from runner.config.yamlbuild import Builder
from runner.config.yamldoc import (
    ALLOWED_TAGS,
    CLOCK,
    CORE_TAG,
    MAX_NODES,
    SCALAR_KINDS,
    VERSIONS,
    Document,
    PathT,
    Pos,
    YamlFail,
    format_path,
    node_pos,
    pos_after,
)
from runner.config.yamlerrors import marked_error
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


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.version = (1, 2)
    return y


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


def _properties(text: str, name: str) -> tuple[dict[Pos, tuple[str, str]], ConfigError | None]:
    """Explicit tags by the position of the node they belong to, as (written, full tag);
    or the error for a directive we do not accept.

    The composer keeps neither the directives nor whether a node's tag was written, so
    the token stream is read once before composing. A syntax error stops this early; the
    composer then reports it.
    """
    tags: dict[Pos, tuple[str, str]] = {}
    if "!" not in text and "%" not in text:
        return tags, None  # no tag or directive can be written without them: skip the scan
    prev: Any = None
    tokens = _yaml().scan(io.StringIO(text))
    try:
        for tok in tokens:
            pos = (tok.start_mark.line + 1, tok.start_mark.column + 1)
            if isinstance(tok, DirectiveToken):
                if tok.name == "YAML" and tok.value in VERSIONS:
                    continue
                if tok.name == "YAML":
                    written = "%YAML " + ".".join(map(str, tok.value))
                else:
                    written = " ".join([f"%{tok.name}", *map(str, tok.value or ())])
                return tags, ConfigError(
                    name,
                    *pos,
                    "",
                    f"unsupported YAML directive {written!r}; "
                    "only %YAML 1.1 and %YAML 1.2 are allowed",
                )
            if isinstance(tok, TagToken):
                handle, suffix = tok.value
                if handle is None:
                    written, full = f"!<{suffix}>" if suffix != "!" else "!", suffix
                elif handle == "!!":
                    written, full = f"!!{suffix}", CORE_TAG + suffix
                else:
                    written, full = f"{handle}{suffix}", f"{handle}{suffix}"
                key = pos
                if isinstance(prev, AnchorToken):  # the node starts at its anchor
                    key = (prev.start_mark.line + 1, prev.start_mark.column + 1)
                tags[key] = (written, full)
            elif isinstance(tok, AnchorToken) and isinstance(prev, TagToken):
                old = (prev.start_mark.line + 1, prev.start_mark.column + 1)
                if old in tags:
                    tags[pos] = tags.pop(old)
            prev = tok
    except (YAMLError, ReaderError, RecursionError):
        pass
    return tags, None


def load_text(text: str, name: str) -> tuple[list[Document], list[ConfigError]]:
    tags, refused = _properties(text, name)
    if refused is not None:
        return [], [refused]
    try:
        nodes = list(_yaml().compose_all(io.StringIO(text)))
    except MarkedYAMLError as exc:
        return [], [marked_error(exc, name, text)]
    except ReaderError as exc:
        line, col = pos_after(text[: max(exc.position, 0)])
        char = exc.character
        what = f"#x{char:04x}" if isinstance(char, int) else repr(char)
        return [], [
            ConfigError(name, line, col, "", f"unacceptable character {what}: {exc.reason}")
        ]
    except YAMLError as exc:
        return [], [ConfigError(name, 1, 1, "", f"not valid YAML: {exc}")]
    except RecursionError:
        return [], [ConfigError(name, 1, 1, "", "not valid YAML: nesting too deep")]
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
