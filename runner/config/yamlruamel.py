"""Composing YAML with ruamel.yaml: for the files libyaml refuses or is not trusted with.

Its refusals are the ones runner words for the user (:mod:`runner.config.yamlerrors`), and
it reads a ``%YAML`` directive the way runner always has (``%YAML 1.1`` brings back YAML
1.1's booleans and sexagesimal numbers for that file).
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.tokens import DirectiveToken

from runner.config.yamldoc import VERSIONS, Node, Pos, pos_after
from runner.config.yamlerrors import marked_error
from runner.config.yamltags import token_pos, written_tags
from runner.errors import ConfigError


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.version = (1, 2)
    return y


def compose_all(
    text: str, name: str
) -> tuple[list[Node], dict[Pos, tuple[str, str]]] | ConfigError:
    """The documents' root nodes and the tags written in the file, or why it cannot be read."""
    tags, refused = _properties(text, name)
    if refused is not None:
        return refused
    try:
        return list(_yaml().compose_all(io.StringIO(text))), tags
    except MarkedYAMLError as exc:
        return marked_error(exc, name, text)
    except ReaderError as exc:
        line, col = pos_after(text[: max(exc.position, 0)])
        char = exc.character
        what = f"#x{char:04x}" if isinstance(char, int) else repr(char)
        return ConfigError(name, line, col, "", f"unacceptable character {what}: {exc.reason}")
    except YAMLError as exc:
        return ConfigError(name, 1, 1, "", f"not valid YAML: {exc}")
    except RecursionError:
        return ConfigError(name, 1, 1, "", "not valid YAML: nesting too deep")


def _properties(text: str, name: str) -> tuple[dict[Pos, tuple[str, str]], ConfigError | None]:
    """Explicit tags by the position of the node they belong to, as (written, full tag);
    or the error for a directive we do not accept.

    The composer keeps neither the directives nor whether a node's tag was written, so
    the token stream is read once before composing. A syntax error stops this early; the
    composer then reports it.
    """
    if "!" not in text and "%" not in text:
        return {}, None  # no tag or directive can be written without them: skip the scan
    tokens: list[Any] = []
    try:
        for tok in _yaml().scan(io.StringIO(text)):
            if isinstance(tok, DirectiveToken):
                if tok.name == "YAML" and tok.value in VERSIONS:
                    continue
                if tok.name == "YAML":
                    written = "%YAML " + ".".join(map(str, tok.value))
                else:
                    written = " ".join([f"%{tok.name}", *map(str, tok.value or ())])
                return written_tags(tokens), ConfigError(
                    name,
                    *token_pos(tok),
                    "",
                    f"unsupported YAML directive {written!r}; "
                    "only %YAML 1.1 and %YAML 1.2 are allowed",
                )
            tokens.append(tok)
    except (YAMLError, ReaderError, RecursionError):
        pass
    return written_tags(tokens), None
