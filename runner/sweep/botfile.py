"""The best parameters written into a copy of the bot file, ready to run."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from runner.errors import display_path
from runner.sweep.model import LoadedSweep
from runner.sweep.space import substitute

TUNED = "_tuned"
"""The suffix the best bot's name gets, so that it can run beside the original."""


def original_name(sweep: LoadedSweep) -> str:
    """The ``name`` of the bot the sweep tunes."""
    import io

    from ruamel.yaml import YAML

    return str(YAML(typ="safe").load(io.StringIO(sweep.bot_text)).get("name", "bot"))


def tuned_file(sweep: LoadedSweep) -> str:
    """The best bot file's name in the results folder."""
    return f"{sweep.bot_path.stem}.tuned.yaml"


def best_bot_text(
    sweep: LoadedSweep, trial: int, objective: float, params: dict[str, Any], when: datetime
) -> str:
    """The bot file with ``params`` in it, its comments kept, renamed ``<name>_tuned`` so it
    can run beside the original, and a header saying where it came from."""
    original = original_name(sweep)
    lines = [
        f"# Tuned by `runner sweep {display_path(sweep.path)}` on {when:%Y-%m-%d %H:%M} UTC:",
        f"# trial {trial} of study {sweep.name!r} ({sweep.config.method}, seed "
        f"{sweep.config.seed}), {sweep.config.objective.metric} {objective:.6g}.",
        f"# From {display_path(sweep.bot_path)} (bot {original}) with:",
        *(f"#   {k}: {v}" for k, v in params.items()),
        "",
    ]
    return substitute(sweep.bot_text, params, header="\n".join(lines), rename=original + TUNED)


def write_best(
    folder: Path, sweep: LoadedSweep, trial: int, objective: float, params: dict[str, Any]
) -> Path:
    path = folder / tuned_file(sweep)
    folder.mkdir(parents=True, exist_ok=True)
    text = best_bot_text(sweep, trial, objective, params, datetime.now(UTC))
    path.write_text(text, encoding="utf-8")
    return path
