"""Which tags a file wrote, read from the token stream.

The composer resolves every node's tag and forgets whether it was written; a written
``!!str`` or ``!!int`` decides that the value must be what the tag says, and a written
foreign tag is refused. Tokens of ruamel.yaml and of PyYAML carry the same names and
fields, so one reading serves both parsers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from runner.config.yamldoc import CORE_TAG, Pos


def token_pos(tok: Any) -> Pos:
    return tok.start_mark.line + 1, tok.start_mark.column + 1


def written_tags(tokens: Iterable[Any]) -> dict[Pos, tuple[str, str]]:
    """Explicit tags by the position of the node they belong to, as (written, full tag)."""
    tags: dict[Pos, tuple[str, str]] = {}
    prev: Any = None
    for tok in tokens:
        kind = type(tok).__name__
        if kind == "TagToken":
            handle, suffix = tok.value
            if handle is None:
                written, full = f"!<{suffix}>" if suffix != "!" else "!", suffix
            elif handle == "!!":
                written, full = f"!!{suffix}", CORE_TAG + suffix
            else:
                written, full = f"{handle}{suffix}", f"{handle}{suffix}"
            key = token_pos(tok)
            if type(prev).__name__ == "AnchorToken":  # the node starts at its anchor
                key = token_pos(prev)
            tags[key] = (written, full)
        elif kind == "AnchorToken" and type(prev).__name__ == "TagToken":
            old = token_pos(prev)
            if old in tags:
                tags[token_pos(tok)] = tags.pop(old)
        prev = tok
    return tags
