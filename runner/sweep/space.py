"""Parameters by their path in the bot file: checking them, and writing values into the bot.

A path is written as in error messages: ``indicators.rsi.period``, ``exits[0].stop.atr``.
Values are written with ruamel's round-trip mode, so the bot keeps its comments and layout.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML

from runner.config.yamlload import Document, PathT, load_file
from runner.errors import ConfigError

if TYPE_CHECKING:
    from runner.sweep.model import SweepFile

_PART = re.compile(r"([^.\[\]]+)|\[([0-9]+)\]")


def parse_path(text: str) -> PathT:
    """``exits[0].stop.atr`` -> ``("exits", 0, "stop", "atr")``; ValueError when malformed."""
    parts: list[Any] = []
    pos = 0
    for m in _PART.finditer(text):
        gap = text[pos : m.start()]
        if gap not in ("", ".") or (gap == "." and not parts):
            raise ValueError(f"{text!r} is not a path such as indicators.rsi.period")
        parts.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
        pos = m.end()
    if pos != len(text) or not parts or not isinstance(parts[0], str):
        raise ValueError(f"{text!r} is not a path such as indicators.rsi.period")
    return tuple(parts)


def check_paths(doc: Document, config: SweepFile, bot_path: Path) -> list[ConfigError]:
    """Each parameter must name a value (not a section) that the bot file writes."""
    bots, errs = load_file(bot_path)
    where = ("bot",)
    if errs:
        return [doc.error(where, f"the bot file cannot be read: {errs[0]}")]
    if len(bots) != 1:
        return [doc.error(where, "the bot file must hold exactly one bot document")]
    bot = bots[0]
    out = []
    for name in config.parameters:
        key = ("parameters", name)
        try:
            path = parse_path(name)
        except ValueError as exc:
            out.append(doc.error(key, str(exc), key=True))
            continue
        if not bot.has(path):
            out.append(doc.error(key, f"{bot.file} has no value at {name}", key=True))
        elif isinstance(bot.get(path), dict | list):
            out.append(doc.error(key, f"{bot.file}: {name} is a section, not a value", key=True))
    return out


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.version = (1, 2)
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)  # '  - item' under its key, as bots are written
    return y


def substitute(
    text: str, values: dict[str, Any], header: str = "", rename: str | None = None
) -> str:
    """The bot file's text with ``values`` written at their paths (comments kept)."""
    yaml = _yaml()
    data = yaml.load(text)
    for name, value in values.items():
        *parents, last = parse_path(name)
        node = data
        for part in parents:
            node = node[part]
        node[last] = value
    if rename is not None:
        data["name"] = rename
    out = io.StringIO()
    yaml.dump(data, out)
    body = out.getvalue()
    if body.startswith("%YAML"):
        body = body.split("---\n", 1)[1] if "---\n" in body else body
    return header + body
