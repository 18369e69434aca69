"""Which files a project is: folders expanded, each file told apart by what it holds."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from runner.config.yamlload import Document
from runner.errors import ConfigError, display_path

if TYPE_CHECKING:
    from runner.config.project import Project

BOTS_DIR = "strategies.d"
SCHEDULES_DIR = "schedules"
CONNECTIONS_FILE = "connections.yaml"
SUFFIXES = (".yaml", ".yml")


def expand(paths: list[Path], explicit: bool, project: Project) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += dir_files(p)
        elif p.is_file():
            out.append(p)
        elif explicit:
            project.errors.append(
                ConfigError(display_path(p), None, None, "", "no such file or directory")
            )
    if explicit and not out and not project.errors:
        project.errors.append(
            ConfigError(
                ", ".join(display_path(p) for p in paths),
                None,
                None,
                "",
                "no *.yaml or *.yml files found",
            )
        )
    elif not explicit and not out:
        # Nothing to check is a mistake (the wrong folder, most likely), not a success.
        bots = paths[0]
        message = (
            "no *.yaml or *.yml files found"
            if bots.is_dir()
            else "no such file or directory (run in a project folder or name the files to check)"
        )
        project.errors.append(ConfigError(display_path(bots), None, None, "", message))
    return out


def dir_files(d: Path) -> list[Path]:
    if not d.is_dir():
        return []
    return sorted(
        f
        for f in d.iterdir()
        if f.is_file() and f.suffix in SUFFIXES and not f.name.startswith(".")
    )


def classify(path: Path, docs: list[Document]) -> str:
    data = docs[0].data if docs else None
    if isinstance(data, dict):
        if "connections" in data and "signals" not in data:
            return "connections"
        if "schedules" in data and "signals" not in data:
            return "schedules"
        if "credentials" in data and "signals" not in data:
            return "credentials"
        if "contracts" in data and "signals" not in data:
            return "contracts"
        if "notifications" in data and "signals" not in data:
            return "notifications"
    if path.name == CONNECTIONS_FILE:
        return "connections"
    if path.parent.name == SCHEDULES_DIR:
        return "schedules"
    return "bot"
