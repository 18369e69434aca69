"""Fixtures of the runtime tests; the helpers live in runtime_support.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from runtime_support import REPO


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: installs packages or starts subprocesses")


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A trader's folder: schedules/ from the repository and an empty strategies.d/."""
    shutil.copytree(REPO / "schedules", tmp_path / "schedules")
    (tmp_path / "strategies.d").mkdir()
    return tmp_path
