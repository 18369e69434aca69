"""The YAML parser's complaints, said in the words of the text the user wrote."""

from __future__ import annotations

import re

from ruamel.yaml.error import MarkedYAMLError

from runner.errors import ConfigError

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


def marked_error(exc: MarkedYAMLError, name: str, text: str = "") -> ConfigError:
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
