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
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.tokens import AnchorToken, DirectiveToken, TagToken

from runner.errors import ConfigError, display_path

PathT = tuple[Any, ...]
Pos = tuple[int, int]

CLOCK = re.compile(r"^[0-9]{1,2}:[0-5][0-9](:[0-5][0-9])?$")
MAX_NODES = 200_000
"""Alias expansion can make a small file huge ("billion laughs"); refuse beyond this."""

_TAG = "tag:yaml.org,2002:"
SCALAR_KINDS = ("str", "int", "float", "bool", "null")
ALLOWED_TAGS = frozenset(f"{_TAG}{kind}" for kind in (*SCALAR_KINDS, "map", "seq"))
"""Explicit tags a file may write: YAML's core schema. Any other (``!!python/name:``,
``!!js/function``, ``!env``) would be dropped or turned into text without a word."""
_ALLOWED_TEXT = "!!str, !!int, !!float, !!bool, !!null, !!map and !!seq"
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


class _Fail(Exception):
    def __init__(self, error: ConfigError) -> None:
        self.error = error


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
        line, col = _pos_of(raw[: exc.start].decode("utf-8", "replace"))
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
                    written, full = f"!!{suffix}", _TAG + suffix
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
        return [], [_marked(exc, name, text)]
    except ReaderError as exc:
        line, col = _pos_of(text[: max(exc.position, 0)])
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
            doc.data = _Builder(doc, tags).build(node, ())
        except _Fail as fail:
            errors.append(fail.error)
            continue
        except RecursionError:
            errors.append(ConfigError(name, *_mark(node), "", "nesting too deep"))
            continue
        docs.append(doc)
    return docs, errors


def _pos_of(prefix: str) -> Pos:
    """1-based line and column just after ``prefix``."""
    line = prefix.count("\n") + 1
    col = len(prefix) - (prefix.rfind("\n") + 1) + 1
    return line, col


def _mark(node: Node) -> Pos:
    return node.start_mark.line + 1, node.start_mark.column + 1


_TOKEN = re.compile(r"found character '(.+)' that cannot start any token")
_FOUND = re.compile(r"expected the node content, but found (.+)$")
_GOT = re.compile(r"^expected (.+), but (?:got|found) (.+)$")


# The parser names what it found by token ids ('<scalar>', '?'); the user wrote text.
_TOKEN_WORDS = {
    "?": "a 'key:'",
    "-": "a '- ' list item",
    "<block mapping start>": "a block of 'key: value' lines",
    "<block sequence start>": "a '- ' list",
    "<block end>": "the end of an indented block",
    "<document start>": "'---'",
    "<document end>": "'...'",
    "<stream end>": "the end of the file",
    "<directive>": "a '%' directive",
}
_TEXT_TOKENS = {"<scalar>": "text", "<anchor>": "anchor", "<alias>": "alias", "<tag>": "tag"}


def _text_at(text: str, mark: object) -> str:
    """The word the parser stopped at, read from the source (empty when not available)."""
    line, col = getattr(mark, "line", None), getattr(mark, "column", None)
    lines = text.split("\n")
    if not isinstance(line, int) or not isinstance(col, int) or line >= len(lines):
        return ""
    word = lines[line][col:].split(" #", 1)[0].strip()
    return word if len(word) <= 30 else word[:27] + "..."


def _token_words(token: str, found: str) -> str:
    bare = token.strip("'")
    if bare in _TEXT_TOKENS:
        return f"{_TEXT_TOKENS[bare]} {found!r}" if found else _TEXT_TOKENS[bare]
    if bare in _TOKEN_WORDS:
        return _TOKEN_WORDS[bare]
    return token if token.startswith("'") else f"'{bare}'"


def _unexpected(token: str, found: str) -> str:
    """Something the block structure cannot take at this point: almost always indentation,
    or a value that was only partly quoted."""
    if token == "?":
        return (
            f"a 'key: value' line ({found!r}) cannot continue the '- ' list above; "
            "check this line's indentation"
        )
    if token == "-":
        return (
            "a '- ' list item cannot follow 'key: value' lines at this indentation; "
            "check this line's indentation"
        )
    what = _token_words(token, found)
    if token == "<scalar>":
        return (
            f"unexpected {what} (quote a value that holds quotes as a whole, "
            "or fix this line's indentation)"
        )
    return f"unexpected {what}"


def _marked(exc: MarkedYAMLError, name: str, text: str = "") -> ConfigError:
    """A parser error in words a YAML novice can act on, at the line where it was noticed."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    token = _TOKEN.search(problem)
    found = _FOUND.search(problem)
    found_text = _text_at(text, exc.problem_mark)
    if "'\\t'" in problem or "\t" in problem:
        message = "tab character; YAML indentation must use spaces"
    elif "<stream end>" in problem or "end of stream" in problem:
        message = "unexpected end of file; is a bracket or a quote left open?"
    elif "expected <block end>" in problem and "'<block" not in problem:
        message = _unexpected(problem.rsplit("but found ", 1)[-1].strip("'"), found_text)
    elif "expected <block end>" in problem:
        message = "indentation does not line up with the lines above"
    elif "mapping values are not allowed" in problem:
        message = "unexpected ':' here (wrong indentation, or a value containing ': ' needs quotes)"
    elif "while scanning a directive" in context:
        message = "a line starting with '%' is a YAML directive; quote the value or remove the '%'"
    elif "expected '<document start>'" in problem:
        message = "unexpected content after the document (a stray '%', '---' or '...' line?)"
    elif "could not find expected ':'" in problem:
        message = "a key without ':' (a broken line, or a quote left open?)"
    elif token:
        message = f"{token.group(1)!r} cannot start a value; put the value in quotes"
    elif found:
        message = f"unexpected {_token_words(found.group(1), found_text)}"
    elif _GOT.match(problem):
        m = _GOT.match(problem)
        assert m
        message = f"expected {m.group(1)} but found {_token_words(m.group(2), found_text)}"
    elif problem and context:
        message = f"{problem} ({context})"
    else:
        message = problem or context or "not valid YAML"
    if exc.context_mark is not None and exc.problem_mark is not None and context:
        if exc.context_mark.line != exc.problem_mark.line:
            message += f" (started at line {exc.context_mark.line + 1})"
    return ConfigError(name, line, col, "", message)


class _Builder:
    def __init__(self, doc: Document, tags: dict[Pos, tuple[str, str]] | None = None) -> None:
        self.doc = doc
        self.tags = tags or {}
        self.count = 0
        self.stack: set[int] = set()

    def build(self, node: Node, path: PathT) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Fail(
                ConfigError(
                    self.doc.file,
                    *_mark(node),
                    format_path(path),
                    "document too large after alias expansion",
                )
            )
        self.doc.values.setdefault(path, _mark(node))
        self._check_tag(node, path)
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if id(node) in self.stack:
            raise _Fail(
                ConfigError(self.doc.file, *_mark(node), format_path(path), "recursive alias")
            )
        self.stack.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            if isinstance(node, MappingNode):
                return self._mapping(node, path)
        finally:
            self.stack.discard(id(node))
        raise _Fail(
            ConfigError(
                self.doc.file,
                *_mark(node),
                format_path(path),
                f"unsupported YAML node {node.tag!r}",
            )
        )

    def _check_tag(self, node: Node, path: PathT) -> None:
        """Refuse a tag this reader would drop or misread, at the node that carries it."""
        written, full = self.tags.get(_mark(node), ("", ""))
        if isinstance(node, MappingNode):
            expected = f"{_TAG}map"
        elif isinstance(node, SequenceNode):
            expected = f"{_TAG}seq"
        else:
            expected = ""
        if written:
            if written == "!":
                return
            if full not in ALLOWED_TAGS:
                message = f"unsupported YAML tag {written!r}; only {_ALLOWED_TEXT} are allowed"
            elif expected and full != expected:
                what = "a mapping" if isinstance(node, MappingNode) else "a list"
                message = f"YAML tag {written!r} cannot be put on {what}"
            elif not expected and full in (f"{_TAG}map", f"{_TAG}seq"):
                message = f"YAML tag {written!r} cannot be put on a single value"
            else:
                return
            raise _Fail(ConfigError(self.doc.file, *_mark(node), format_path(path), message))
        tag = node.tag or ""
        implicit_ok = (
            tag == expected
            if expected
            else tag in ("", "!") or tag[len(_TAG) :] in (*SCALAR_KINDS, "timestamp", "merge")
        )
        if not implicit_ok:
            raise _Fail(
                ConfigError(
                    self.doc.file, *_mark(node), format_path(path), f"unsupported YAML tag {tag!r}"
                )
            )

    def _mapping(self, node: MappingNode, path: PathT) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        seen: dict[Any, Node] = {}
        merged: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG}merge":
                merged.update(self._merge(value_node, path))
                continue
            if not isinstance(key_node, ScalarNode):
                raise _Fail(
                    ConfigError(
                        self.doc.file,
                        *_mark(key_node),
                        format_path(path),
                        "a key must be a plain name, not a list or mapping",
                    )
                )
            self._check_tag(key_node, path)
            key = self._scalar(key_node, path)
            if key is None:
                raise _Fail(
                    ConfigError(self.doc.file, *_mark(key_node), format_path(path), "empty key")
                )
            try:
                hash(key)
            except TypeError:  # pragma: no cover - scalars are hashable
                key = str(key)
            if key in seen:
                first = seen[key].start_mark.line + 1
                raise _Fail(
                    ConfigError(
                        self.doc.file,
                        *_mark(key_node),
                        format_path((*path, key)),
                        f"duplicate key {key!r} (first defined at line {first})",
                    )
                )
            seen[key] = key_node
            self.doc.keys[(*path, key)] = _mark(key_node)
            out[key] = self.build(value_node, (*path, key))
        for key, value in merged.items():
            out.setdefault(key, value)
        return out

    def _merge(self, node: Node, path: PathT) -> dict[Any, Any]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        merged: dict[Any, Any] = {}
        for src in sources:
            if not isinstance(src, MappingNode):
                raise _Fail(
                    ConfigError(
                        self.doc.file, *_mark(src), format_path(path), "'<<' merges mappings only"
                    )
                )
            value = self.build(src, path)
            for k, v in value.items():
                merged.setdefault(k, v)
        return merged

    def _scalar(self, node: ScalarNode, path: PathT) -> Any:
        text: str = node.value
        tag: str = node.tag or ""
        if node.style in (None, "'", '"') and node.start_mark.line == node.end_mark.line:
            self.doc.styles[path] = node.style or ""
        written = self.tags.get(_mark(node), ("", ""))[0]
        if written and written != "!":
            return self._explicit(node, path, written, tag[len(_TAG) :])
        if node.style is not None or not tag.startswith(_TAG):
            if tag.startswith(_TAG) or tag in ("", "!"):
                return text
            raise _Fail(
                ConfigError(
                    self.doc.file, *_mark(node), format_path(path), f"unsupported YAML tag {tag!r}"
                )
            )
        kind = tag[len(_TAG) :]
        if CLOCK.match(text):
            return text
        try:
            return _convert(kind, text)
        except ValueError:
            return text

    def _explicit(self, node: ScalarNode, path: PathT, written: str, kind: str) -> Any:
        """A value with a tag the file wrote: it must be what the tag says."""
        try:
            return _convert(kind, node.value, strict=True)
        except ValueError:
            raise _Fail(
                ConfigError(
                    self.doc.file,
                    *_mark(node),
                    format_path(path),
                    f"{node.value!r} is not a valid {written} value",
                )
            ) from None


_TRUE = ("true", "yes", "on", "y")
_FALSE = ("false", "no", "off", "n")


def _convert(kind: str, text: str, *, strict: bool = False) -> Any:
    """The value of a scalar of core-schema ``kind``; ValueError when ``strict`` and the text
    is not one (an implicit tag was resolved from the text, so it always fits)."""
    if kind == "null":
        if strict and text not in ("", "~", "null", "Null", "NULL"):
            raise ValueError(text)
        return None
    if kind == "bool":
        low = text.lower()
        if strict and low not in _TRUE + _FALSE:
            raise ValueError(text)
        return low in _TRUE
    if kind == "int":
        return _int(text)
    if kind == "float":
        return _float(text)
    return text


def _int(text: str) -> int:
    s = text.replace("_", "")
    sign = -1 if s.startswith("-") else 1
    s = s.lstrip("+-")
    low = s.lower()
    if low.startswith("0x"):
        return sign * int(s[2:], 16)
    if low.startswith("0o"):
        return sign * int(s[2:], 8)
    if low.startswith("0b"):
        return sign * int(s[2:], 2)
    return sign * int(s, 10)


def _float(text: str) -> float:
    s = text.replace("_", "").lower()
    if s in (".inf", "+.inf"):
        return math.inf
    if s == "-.inf":
        return -math.inf
    if s == ".nan":
        return math.nan
    return float(s)
