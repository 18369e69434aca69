"""Connection profiles come from the venues through a hook: the core names none of them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

import cfgtest_plugins
import pytest
from pydantic import Field

from runner.api import Feed, Params, hookimpl
from runner.api.connection import ConnectionProfile, Secret, profile_kind
from runner.config.connections import connections_model
from runner.config.project import load_project
from runner.plugins import PluginError, PluginRegistry, make_manager, registry


class VenueXProfile(ConnectionProfile):
    """A venue the core has never heard of."""

    kind: Literal["venuex"]
    endpoint: str = Field(pattern=r"^tcp://")
    token: Secret


class VenueXFeed(Feed):
    """Market data of venue X (test)."""

    name = "venuex"
    connection_kind = "venuex"

    class Params(Params):
        connection: str


class _VenueX:
    """A third-party venue package: its feed and its profile, each through its hook."""

    @hookimpl
    def register_feeds(self) -> list:
        return [VenueXFeed]

    @hookimpl
    def register_connection_profiles(self) -> list:
        return [VenueXProfile]


def _registry(*extra: object) -> PluginRegistry:
    return cfgtest_plugins.make_registry(*extra)


def _project(project_dir: Path, connections: str, feed: str, reg: PluginRegistry):
    """The sample project with another feed line in its bot and this connections file."""
    (project_dir / "connections.yaml").write_text(connections)
    bot = project_dir / "strategies.d" / "gold.yaml"
    sample = bot.read_text()
    assert "feed: {use: replay, connection: hist}" in sample
    bot.write_text(sample.replace("feed: {use: replay, connection: hist}", f"feed: {feed}"))
    return load_project(registry=reg)


def test_the_installed_venues_register_their_profiles() -> None:
    kinds = [profile_kind(p) for p in registry().connection_profiles()]
    assert kinds == ["ib", "replay", "rithmic"]
    modules = {p.__module__ for p in registry().connection_profiles()}
    assert modules == {
        "runner_plugins.feeds.config",
        "runner_plugins.ib.config",
        "runner_plugins.rithmic.config",
    }


def test_a_new_venue_profile_validates_without_a_core_edit(project_dir: Path) -> None:
    reg = _registry(_VenueX())
    text = (
        "connections:\n  vx:\n    kind: venuex\n    endpoint: tcp://10.0.0.1:9\n"
        "    token: {env: VX_TOKEN}\n"
    )
    project = _project(project_dir, text, "{use: venuex, connection: vx}", reg)
    assert project.errors == []
    assert isinstance(project.connections["vx"], VenueXProfile)
    assert project.files[0].summary == "1 connection profile: vx (venuex)"


def test_errors_in_a_registered_profile_name_file_line_and_field(project_dir: Path) -> None:
    reg = _registry(_VenueX())
    text = "connections:\n  vx:\n    kind: venuex\n    endpont: tcp://x\n    token: {env: T}\n"
    project = _project(project_dir, text, "{use: venuex, connection: vx}", reg)
    assert [str(e) for e in project.errors] == [
        "connections.yaml:2:3: connections.vx.endpoint: missing required field",
        "connections.yaml:4:5: connections.vx.endpont: unknown field 'endpont'; "
        "did you mean 'endpoint'?",
    ]


def test_an_unregistered_kind_is_unknown(project_dir: Path) -> None:
    text = "connections:\n  vx:\n    kind: venuex\n    endpoint: tcp://x\n"
    project = _project(project_dir, text, "{use: replay, connection: vx}", _registry())
    assert [str(e) for e in project.errors][0].startswith(
        "connections.yaml:3:11: connections.vx.kind: unknown kind 'venuex'"
    )


def test_a_plugin_refuses_a_profile_of_another_kind(project_dir: Path) -> None:
    reg = _registry(_VenueX())
    text = "connections:\n  hist: {kind: replay}\n"
    project = _project(project_dir, text, "{use: venuex, connection: hist}", reg)
    assert [str(e) for e in project.errors] == [
        "strategies.d/gold.yaml:14:33: feed.connection: feed 'venuex' needs a venuex connection profile; "
        "'hist' is a replay profile"
    ]


def test_the_connections_schema_lists_every_registered_profile() -> None:
    model = connections_model(_registry(_VenueX()))
    mapping = model.model_json_schema()["properties"]["connections"]["additionalProperties"]
    assert sorted(mapping["discriminator"]["mapping"]) == ["ib", "replay", "rithmic", "venuex"]


class _Clash:
    class Other(ConnectionProfile):
        kind: Literal["replay"]

    @hookimpl
    def register_connection_profiles(self) -> list:
        return [self.Other]


class _NoLiteral:
    class Loose(ConnectionProfile):
        pass

    @hookimpl
    def register_connection_profiles(self) -> list:
        return [self.Loose]


class _NotAProfile:
    @hookimpl
    def register_connection_profiles(self) -> list:
        return [dict]


@pytest.mark.parametrize(
    ("package", "message"),
    [
        (_Clash(), "two connection profiles are of kind 'replay'"),
        (_NoLiteral(), "must declare kind: Literal['name']"),
        (_NotAProfile(), "does not subclass runner.api.connection.ConnectionProfile"),
    ],
)
def test_a_bad_profile_registration_is_refused(package: object, message: str) -> None:
    with pytest.raises(PluginError, match=message.replace("[", r"\[")):
        PluginRegistry(
            make_manager(sys.modules[cfgtest_plugins.__name__], package, entry_points=False)
        )
