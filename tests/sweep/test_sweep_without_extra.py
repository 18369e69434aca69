"""Without the sweep extra, ``runner sweep`` says what to install (no traceback)."""

from __future__ import annotations

import os
from pathlib import Path

from tests.sweep.helpers import SMALL, runner, write


def blocked(tmp_path: Path, *names: str) -> dict[str, str]:
    site = tmp_path / "blocked"
    for name in names:
        (site / name).mkdir(parents=True)
        (site / name / "__init__.py").write_text(
            f"raise ModuleNotFoundError(\"No module named '{name}'\", name={name!r})\n"
        )
    return {**os.environ, "PYTHONPATH": str(site)}


def test_without_optuna_the_command_names_the_extra(tmp_path):
    sweep = write(tmp_path, SMALL)
    run = runner("sweep", str(sweep), env=blocked(tmp_path, "optuna", "ray"))
    assert run.returncode == 1
    assert (
        "needs the optuna package, which is not installed: pip install 'futures-runner[sweep]'"
        in (run.stderr)
    )
    assert "Traceback" not in run.stderr
    assert runner("--help", env=blocked(tmp_path / "b", "optuna")).returncode == 0


def test_without_ray_only_the_cluster_option_needs_it(tmp_path):
    sweep = write(tmp_path, SMALL)
    run = runner("sweep", str(sweep), "--ray", "auto", env=blocked(tmp_path, "ray"))
    assert run.returncode == 1
    assert "runner sweep --ray needs the ray package" in run.stderr
    assert "pip install 'futures-runner[sweep]'" in run.stderr
