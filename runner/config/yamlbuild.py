"""Python values from the composed node graph: positions kept, duplicates and foreign tags
refused, YAML 1.2 scalars (a clock time stays text)."""

from __future__ import annotations

import math
from typing import Any

from runner.config.yamldoc import (
    ALLOWED_TAGS,
    ALLOWED_TEXT,
    CLOCK,
    CORE_TAG,
    MAX_NODES,
    SCALAR_KINDS,
    Document,
    Node,
    PathT,
    Pos,
    YamlFail,
    format_path,
    node_pos,
)
from runner.errors import ConfigError


class Builder:
    def __init__(self, doc: Document, tags: dict[Pos, tuple[str, str]] | None = None) -> None:
        self.doc = doc
        self.tags = tags or {}
        self.count = 0
        self.stack: set[int] = set()

    def build(self, node: Node, path: PathT) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlFail(
                ConfigError(
                    self.doc.file,
                    *node_pos(node),
                    format_path(path),
                    "document too large after alias expansion",
                )
            )
        self.doc.values.setdefault(path, node_pos(node))
        self._check_tag(node, path)
        if node.id == "scalar":
            return self._scalar(node, path)
        if id(node) in self.stack:
            raise YamlFail(
                ConfigError(self.doc.file, *node_pos(node), format_path(path), "recursive alias")
            )
        self.stack.add(id(node))
        try:
            if node.id == "sequence":
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            if node.id == "mapping":
                return self._mapping(node, path)
        finally:
            self.stack.discard(id(node))
        raise YamlFail(
            ConfigError(
                self.doc.file,
                *node_pos(node),
                format_path(path),
                f"unsupported YAML node {node.tag!r}",
            )
        )

    def _check_tag(self, node: Node, path: PathT) -> None:
        """Refuse a tag this reader would drop or misread, at the node that carries it."""
        written, full = self.tags.get(node_pos(node), ("", ""))
        if node.id == "mapping":
            expected = f"{CORE_TAG}map"
        elif node.id == "sequence":
            expected = f"{CORE_TAG}seq"
        else:
            expected = ""
        if written:
            if written == "!":
                return
            if full not in ALLOWED_TAGS:
                message = f"unsupported YAML tag {written!r}; only {ALLOWED_TEXT} are allowed"
            elif expected and full != expected:
                what = "a mapping" if node.id == "mapping" else "a list"
                message = f"YAML tag {written!r} cannot be put on {what}"
            elif not expected and full in (f"{CORE_TAG}map", f"{CORE_TAG}seq"):
                message = f"YAML tag {written!r} cannot be put on a single value"
            else:
                return
            raise YamlFail(ConfigError(self.doc.file, *node_pos(node), format_path(path), message))
        tag = node.tag or ""
        implicit_ok = (
            tag == expected
            if expected
            else tag in ("", "!") or tag[len(CORE_TAG) :] in (*SCALAR_KINDS, "timestamp", "merge")
        )
        if not implicit_ok:
            raise YamlFail(
                ConfigError(
                    self.doc.file,
                    *node_pos(node),
                    format_path(path),
                    f"unsupported YAML tag {tag!r}",
                )
            )

    def _mapping(self, node: Node, path: PathT) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        seen: dict[Any, Node] = {}
        merged: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == f"{CORE_TAG}merge":
                merged.update(self._merge(value_node, path))
                continue
            if key_node.id != "scalar":
                raise YamlFail(
                    ConfigError(
                        self.doc.file,
                        *node_pos(key_node),
                        format_path(path),
                        "a key must be a plain name, not a list or mapping",
                    )
                )
            self._check_tag(key_node, path)
            key = self._scalar(key_node, path)
            if key is None:
                raise YamlFail(
                    ConfigError(self.doc.file, *node_pos(key_node), format_path(path), "empty key")
                )
            try:
                hash(key)
            except TypeError:  # pragma: no cover - scalars are hashable
                key = str(key)
            if key in seen:
                first = seen[key].start_mark.line + 1
                raise YamlFail(
                    ConfigError(
                        self.doc.file,
                        *node_pos(key_node),
                        format_path((*path, key)),
                        f"duplicate key {key!r} (first defined at line {first})",
                    )
                )
            seen[key] = key_node
            self.doc.keys[(*path, key)] = node_pos(key_node)
            out[key] = self.build(value_node, (*path, key))
        for key, value in merged.items():
            out.setdefault(key, value)
        return out

    def _merge(self, node: Node, path: PathT) -> dict[Any, Any]:
        sources = node.value if node.id == "sequence" else [node]
        merged: dict[Any, Any] = {}
        for src in sources:
            if src.id != "mapping":
                raise YamlFail(
                    ConfigError(
                        self.doc.file,
                        *node_pos(src),
                        format_path(path),
                        "'<<' merges mappings only",
                    )
                )
            value = self.build(src, path)
            for k, v in value.items():
                merged.setdefault(k, v)
        return merged

    def _scalar(self, node: Node, path: PathT) -> Any:
        text: str = node.value
        style: str | None = node.style or None  # libyaml says "" for plain, ruamel None
        if style == ">":
            # ruamel's round-trip scanner marks each fold of a folded scalar with a BEL
            # character (for re-dumping) that its own constructor strips; we build values
            # ourselves, so strip it here, or "a >" text and expressions would carry it
            text = text.replace("\a", "")
        tag: str = node.tag or ""
        if style in (None, "'", '"') and node.start_mark.line == node.end_mark.line:
            self.doc.styles[path] = style or ""
        written = self.tags.get(node_pos(node), ("", ""))[0]
        if written and written != "!":
            return self._explicit(node, path, written, tag[len(CORE_TAG) :])
        if style is not None or not tag.startswith(CORE_TAG):
            if tag.startswith(CORE_TAG) or tag in ("", "!"):
                return text
            raise YamlFail(
                ConfigError(
                    self.doc.file,
                    *node_pos(node),
                    format_path(path),
                    f"unsupported YAML tag {tag!r}",
                )
            )
        kind = tag[len(CORE_TAG) :]
        if CLOCK.match(text):
            return text
        try:
            return _convert(kind, text)
        except ValueError:
            return text

    def _explicit(self, node: Node, path: PathT, written: str, kind: str) -> Any:
        """A value with a tag the file wrote: it must be what the tag says."""
        try:
            return _convert(kind, node.value, strict=True)
        except ValueError:
            raise YamlFail(
                ConfigError(
                    self.doc.file,
                    *node_pos(node),
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
