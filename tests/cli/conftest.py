from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import typer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "config"))

import cfgtest_plugins

from runner.commands import plugins, schema, validate
from runner.plugins import PluginRegistry

DATA = Path(__file__).resolve().parents[1] / "config" / "data"
REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "plugin-package"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: installs packages or starts subprocesses")


def make_app() -> typer.Typer:
    """The configuration commands on a fresh app (the real one registers them once)."""
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

    @app.callback()
    def _root() -> None:
        """runner (test)"""

    for module in (validate, schema, plugins):
        module.register(app)
    return app


@pytest.fixture
def app() -> typer.Typer:
    return make_app()


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> PluginRegistry:
    reg = cfgtest_plugins.make_registry()
    monkeypatch.setattr("runner.plugins.registry", lambda: reg)
    return reg


@pytest.fixture
def project_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: PluginRegistry) -> Path:
    shutil.copytree(DATA, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path
