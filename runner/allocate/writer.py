"""Writing ``risk.allocation`` into bot files without disturbing anything else.

The file is read with ruamel.yaml's round-trip loader (comments, key order, quoting and
flow style kept) with the indentation it is written in. A file whose unchanged round trip
would not give back its own text (an indentation ruamel cannot reproduce) is left alone
and named, rather than rewritten in another layout. After writing, the files are
validated as ``runner validate`` does; a file that no longer validates is put back as it
was.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.tokens import CommentToken

from runner.errors import RunnerError


class WriteError(RunnerError):
    """A bot file that could not be updated; the message names it and says why."""


KEY = re.compile(r"^( *)[^\s#-][^:#]*:(\s|$)")
ITEM = re.compile(r"^( *)- ")


def guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) as ruamel's ``indent`` takes them: how far a nested
    key is indented, how far a block sequence item's content, and how far its dash."""
    mapping = sequence = offset = 0
    parent = 0  # indentation of the last key line
    for line in text.splitlines():
        key, item = KEY.match(line), ITEM.match(line)
        if item and not sequence:
            offset = len(item.group(1)) - parent
            sequence = offset + 2
        elif key:
            depth = len(key.group(1))
            if not mapping and depth > parent:
                mapping = depth - parent
            parent = depth
        if mapping and sequence:
            break
    return mapping or 2, sequence or 2, offset


def _yaml(text: str) -> YAML:
    mapping, sequence, offset = guess_indent(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the author wrote on one
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, docs: list[Any]) -> str:
    out = io.StringIO()
    yaml.dump_all(docs, out)
    return out.getvalue()


def _append(mapping: CommentedMap, key: str, value: float) -> None:
    """Add ``key`` last in a block mapping. What followed the old last value (blank lines,
    a comment on the lines below) moves below the new key; a comment on the old last
    value's own line stays there."""
    last = next(reversed(mapping), None) if len(mapping) else None
    mapping[key] = value
    if last is None or last not in mapping.ca.items:
        return
    slots = mapping.ca.items[last]
    token = slots[2] if len(slots) > 2 else None
    if not isinstance(token, CommentToken) or "\n" not in token.value:
        return
    head, _, tail = token.value.partition("\n")
    if not tail:
        return
    if head.strip():
        token.value = head + "\n"
    else:
        slots[2] = None
    mapping.ca.items[key] = [None, None, CommentToken("\n" + tail, token.start_mark, None), None]


def set_allocation(text: str, where: str, allocations: Mapping[str, float]) -> str:
    """``text`` (a bot file) with ``risk.allocation`` of each named bot set."""
    yaml = _yaml(text)
    try:
        docs = list(yaml.load_all(text))
    except YAMLError as exc:
        raise WriteError(f"{where}: not readable YAML: {exc}") from None
    if _dump(yaml, docs) != text:
        raise WriteError(
            f"{where}: its layout would not survive a rewrite; set risk.allocation by hand "
            f"({', '.join(f'{b}: {w}' for b, w in allocations.items())})"
        )
    missing = dict(allocations)
    for doc in docs:
        if not isinstance(doc, CommentedMap) or doc.get("name") not in missing:
            continue
        value = missing.pop(doc["name"])
        risk = doc.get("risk")
        if risk is None:
            risk = CommentedMap()
            risk["allocation"] = value
            keys = list(doc)
            after = keys.index("sizing") + 1 if "sizing" in keys else len(keys)
            doc.insert(after, "risk", risk)
        elif not isinstance(risk, CommentedMap):
            raise WriteError(f"{where}: bot {doc['name']}: risk is not a mapping")
        elif "allocation" in risk:
            risk["allocation"] = value
        else:
            _append(risk, "allocation", value)
    if missing:
        raise WriteError(f"{where}: no bot named {', '.join(missing)} in the file")
    return _dump(yaml, docs)


def _replace(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_allocations(plan: Mapping[Path, Mapping[str, float]]) -> list[Path]:
    """Set the allocations ``{file: {bot: allocation}}``; return the files changed.

    Every file is prepared before any is written, and the written files are validated;
    if one fails, every file written is restored and :class:`WriteError` says why.
    """
    from runner.config.project import load_project

    old: dict[Path, str] = {}
    new: dict[Path, str] = {}
    for path, allocations in plan.items():
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise WriteError(f"{path}: cannot read: {exc.strerror}") from None
        updated = set_allocation(text, str(path), allocations)
        if updated != text:
            old[path], new[path] = text, updated
    for path, text in new.items():
        _replace(path, text)
    if new:
        project = load_project(list(new))
        if project.errors:
            for path, text in old.items():
                _replace(path, text)
            first = project.errors[0]
            raise WriteError(f"the updated files did not validate and were restored: {first}")
    return list(new)
