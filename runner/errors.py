"""Errors a user can fix: each names the file, the line and column, and the field.

Configuration mistakes are collected, not raised one at a time, so ``runner validate`` can
list every problem in one pass; that is why :class:`ConfigError` is a value that *can* be
raised (the engine raises the first one when it refuses to start) rather than only an
exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


class RunnerError(Exception):
    """A problem the user can fix; the command line prints it without a traceback."""

    exit_code = 1


@dataclass(eq=True)
class ConfigError(RunnerError):
    """One mistake in one configuration file.

    ``line`` and ``col`` are 1-based; ``path`` is the dotted field path inside the
    document (``indicators.rsi.period``, ``signals[0].long``), empty for the document itself.
    """

    file: str
    line: int | None
    col: int | None
    path: str
    message: str

    def __post_init__(self) -> None:
        Exception.__init__(self, str(self))

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        if self.path:
            return f"{where}: {self.path}: {self.message}"
        return f"{where}: {self.message}"

    def __hash__(self) -> int:
        return hash((self.file, self.line, self.col, self.path, self.message))

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line or 0, self.col or 0, self.path)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.col,
            "path": self.path,
            "message": self.message,
        }


class ConfigInvalid(RunnerError):
    """Raised by callers that need a valid project and got one with errors."""

    def __init__(self, errors: list[ConfigError]) -> None:
        self.errors = errors
        lines = "\n".join(str(e) for e in errors)
        super().__init__(f"{len(errors)} configuration error(s):\n{lines}")


class SecretError(RunnerError):
    """A credential reference that cannot be resolved (unset variable, missing key)."""


def display_path(path: Path | str) -> str:
    """A path as the user should read it: relative to the working directory when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)
