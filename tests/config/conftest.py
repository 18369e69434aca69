from __future__ import annotations

import shutil
from pathlib import Path

import cfgtest_plugins
import pytest

from runner.plugins import PluginRegistry

DATA = Path(__file__).parent / "data"


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> PluginRegistry:
    """The test plugins only, installed as the process-wide registry."""
    reg = cfgtest_plugins.make_registry()
    monkeypatch.setattr("runner.plugins.registry", lambda: reg)
    return reg


@pytest.fixture
def project_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: PluginRegistry) -> Path:
    """A copy of the sample project (one bot, two schedules, connections) as the cwd."""
    shutil.copytree(DATA, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RUNNER_CREDENTIALS", raising=False)
    return tmp_path
