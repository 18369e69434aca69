"""The loading API the engine uses: load_project, LoadedBot, PluginSpec, ConfigError."""

from __future__ import annotations

import shutil
from pathlib import Path

import cfgtest_plugins

from runner.config.project import load_project
from runner.errors import ConfigError, ConfigInvalid


def test_loaded_bot_has_validated_specs(project_dir: Path) -> None:
    project = load_project()
    bot = project.bots[0]
    assert bot.path == project_dir / "strategies.d" / "gold.yaml"
    assert list(bot.indicators) == ["rsi", "bb", "mgc_sma"]
    assert bot.indicators["bb"].params.width == 2.0
    assert bot.indicators["mgc_sma"].params.instrument == "mgc"
    assert [s.name for s in bot.exits] == ["stop", "stop"]
    assert bot.exits[1].params.stop.atr == 2.0
    assert bot.exits[1].path == "exits[1]"
    assert bot.sizing.params.contracts == 2
    assert bot.feed.params.connection == "hist"
    assert bot.broker.name == "paper"
    built = bot.signals[0].build()
    assert isinstance(built, cfgtest_plugins.Rule)
    assert built.params.long == "close < bb.lower and rsi < 30"
    feed = bot.feed.build(connection=project.connections["hist"])
    assert feed.connection.kind == "replay"
    assert bot.config.schedule == "comex_day"
    assert project.schedules["comex_day"].flatten_before_close_minutes == 5


def test_registry_can_be_injected(project_dir: Path, monkeypatch) -> None:
    def boom():  # the process-wide registry must not be consulted
        raise AssertionError("registry() called")

    monkeypatch.setattr("runner.plugins.registry", boom)
    project = load_project(registry=cfgtest_plugins.make_registry())
    assert project.ok


def test_file_reports(project_dir: Path) -> None:
    project = load_project()
    assert [(f.file, f.kind, f.ok) for f in project.files] == [
        ("connections.yaml", "connections", True),
        ("strategies.d/gold.yaml", "bot", True),
        ("schedules/comex.yaml", "schedules", True),
    ]
    assert project.files[1].summary == (
        "bot gold_rsi_bb: 2 instruments, 3 indicators, 1 filter, 1 signal, 2 exits; "
        "feed replay, broker paper, sizing fixed, schedule comex_day"
    )


def test_a_single_bot_file_finds_schedules_and_connections(project_dir: Path) -> None:
    project = load_project([Path("strategies.d/gold.yaml")])
    assert project.errors == []
    assert "comex_day" in project.schedules and "hist" in project.connections


def test_connections_option_and_missing_paths(project_dir: Path, tmp_path_factory) -> None:
    other = tmp_path_factory.mktemp("elsewhere") / "conns.yaml"
    shutil.copy(project_dir / "connections.yaml", other)
    (project_dir / "connections.yaml").unlink()
    assert load_project(connections=other).ok
    project = load_project([Path("nope.yaml")], connections=Path("missing.yaml"))
    assert [str(e) for e in project.errors] == [
        "missing.yaml: connections file not found",
        "nope.yaml: no such file or directory",
    ]


def test_directories_are_read_one_level_deep(project_dir: Path) -> None:
    sub = project_dir / "strategies.d" / "drafts"
    sub.mkdir()
    (sub / "broken.yaml").write_text("not: [valid\n")
    (project_dir / "strategies.d" / "notes.txt").write_text("ignored")
    shutil.copy(project_dir / "strategies.d" / "gold.yaml", project_dir / "strategies.d" / "g2.yml")
    project = load_project()
    assert [f.file for f in project.files if f.kind == "bot"] == [
        "strategies.d/g2.yml",
        "strategies.d/gold.yaml",
    ]
    assert [str(e) for e in project.errors] == [
        "strategies.d/gold.yaml:3:7: name: bot name 'gold_rsi_bb' is already used by "
        "strategies.d/g2.yml"
    ]


def test_config_error_forms() -> None:
    e = ConfigError("a.yaml", 3, 7, "signals[0].long", "bad")
    assert str(e) == "a.yaml:3:7: signals[0].long: bad"
    assert e.to_dict() == {
        "file": "a.yaml",
        "line": 3,
        "column": 7,
        "path": "signals[0].long",
        "message": "bad",
    }
    assert str(ConfigError("a.yaml", None, None, "", "unreadable")) == "a.yaml: unreadable"
    assert str(ConfigError("a.yaml", 1, 1, "", "empty")) == "a.yaml:1:1: empty"
    invalid = ConfigInvalid([e])
    assert "a.yaml:3:7: signals[0].long: bad" in str(invalid)


def test_raise_for_errors(project_dir: Path) -> None:
    (project_dir / "strategies.d" / "gold.yaml").write_text("name: x\n")
    project = load_project()
    try:
        project.raise_for_errors()
    except ConfigInvalid as exc:
        assert exc.errors == project.errors
    else:  # pragma: no cover
        raise AssertionError("no ConfigInvalid")
