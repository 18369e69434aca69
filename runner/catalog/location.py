"""Where the catalog lives: ``catalog/`` in the project directory unless told otherwise."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

DIRNAME = "catalog"
BOTS_DIR = "strategies.d"


def project_dir(bot_files: Iterable[Path] = ()) -> Path:
    """The directory holding strategies.d/: the working directory when it does, else the
    one above the first bot folder named strategies.d."""
    cwd = Path.cwd()
    if (cwd / BOTS_DIR).is_dir():
        return cwd
    for f in bot_files:
        parent = Path(f).resolve().parent
        if parent.name == BOTS_DIR:
            return parent.parent
    return cwd


def default_root(bot_files: Iterable[Path] = ()) -> Path:
    return project_dir(bot_files) / DIRNAME
