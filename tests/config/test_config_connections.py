"""Connection profiles and credentials: references, literal secrets, masking."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from pydantic import SecretStr

from runner.config.project import load_project
from runner.config.secrets import CredentialsRef, EnvRef, is_secret_key, resolve_secret
from runner.errors import SecretError
from runner_plugins.rithmic.config import RithmicProfile

RITHMIC = """\
schema_version: 1
connections:
  rt:
    kind: rithmic
    uri: wss://127.0.0.1:4443
    system_name: Rithmic Test
    app_name: runner
    app_version: "0.1"
    user: {env: RT_USER}
    password: {credentials: rt_password}
"""


def load(project_dir: Path, text: str):
    (project_dir / "connections.yaml").write_text(text)
    return load_project([project_dir / "connections.yaml"])


def test_profiles_load_with_secret_references(project_dir: Path) -> None:
    project = load(project_dir, RITHMIC)
    assert project.errors == []
    profile = project.connections["rt"]
    assert isinstance(profile, RithmicProfile)
    assert profile.user == EnvRef(env="RT_USER")
    assert profile.password == CredentialsRef(credentials="rt_password")


def test_missing_env_and_credentials_are_warnings(project_dir: Path, monkeypatch) -> None:
    monkeypatch.delenv("RT_USER", raising=False)
    project = load(project_dir, RITHMIC)
    assert project.errors == []
    assert [str(w) for w in project.warnings] == [
        "connections.yaml:9:5: connections.rt.user: environment variable RT_USER is not set",
        "connections.yaml:10:5: connections.rt.password: credentials key 'rt_password': file "
        "credentials.yaml not found (copy credentials.example.yaml to credentials.yaml and "
        "fill it in)",
    ]


def test_secrets_resolve_from_env_and_credentials_file(project_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("RT_USER", "trader7")
    (project_dir / "credentials.yaml").write_text(
        "schema_version: 1\ncredentials:\n  rt_password: s3cr3t-value\n"
    )
    project = load(project_dir, RITHMIC)
    assert project.warnings == []
    secrets = project.secrets("rt")
    assert secrets["user"].get_secret_value() == "trader7"
    assert secrets["password"].get_secret_value() == "s3cr3t-value"
    shown = repr(secrets) + str(secrets) + repr(project.connections) + repr(project)
    assert "s3cr3t-value" not in shown and "trader7" not in shown


def test_resolve_secret_errors() -> None:
    with pytest.raises(SecretError, match="^environment variable NOPE_X is not set$"):
        resolve_secret(EnvRef(env="NOPE_X"), environ={})
    table = {"rt_password": SecretStr("x")}
    with pytest.raises(
        SecretError, match="^unknown credentials key 'rt_pasword'; did you mean 'rt_password'"
    ):
        resolve_secret(CredentialsRef(credentials="rt_pasword"), credentials=table)
    assert resolve_secret(EnvRef(env="A"), environ={"A": "v"}).get_secret_value() == "v"
    assert str(resolve_secret("literal")) == "**********"


def test_literal_password_in_tracked_file_is_refused(project_dir: Path) -> None:
    text = RITHMIC.replace("password: {credentials: rt_password}", "password: hunter2")
    project = load(project_dir, text)  # tmp_path is not a git repository: treated as tracked
    assert [str(e) for e in project.errors] == [
        "connections.yaml:10:15: connections.rt.password: literal credential in a file git "
        "tracks (or could commit); write {env: VARIABLE} or {credentials: KEY} and keep the "
        "value in the git-ignored credentials.yaml or the environment"
    ]
    assert "hunter2" not in json.dumps([e.to_dict() for e in project.errors])


def test_literal_secret_in_bot_params_is_refused(project_dir: Path) -> None:
    bot = project_dir / "strategies.d" / "gold.yaml"
    bot.write_text(bot.read_text().replace("broker: paper", "broker: {use: paper, api_token: abc}"))
    errors = [str(e) for e in load_project().errors]
    assert errors == [
        "strategies.d/gold.yaml:15:33: broker.api_token: literal credential in a file git "
        "tracks (or could commit); write {env: VARIABLE} or {credentials: KEY} and keep the "
        "value in the git-ignored credentials.yaml or the environment"
    ]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_literal_password_allowed_only_in_a_git_ignored_file(project_dir: Path) -> None:
    _git(project_dir, "init", "-q")
    (project_dir / ".gitignore").write_text("local-connections.yaml\n")
    text = RITHMIC.replace("password: {credentials: rt_password}", "password: hunter2")
    ignored = project_dir / "local-connections.yaml"
    ignored.write_text(text)
    project = load_project([ignored], connections=ignored)
    assert project.errors == []
    assert project.connections["rt"].password == SecretStr("hunter2")
    # the same file, once git tracks it, is refused
    _git(project_dir, "add", "-f", "local-connections.yaml")
    project = load_project([ignored], connections=ignored)
    assert [e.path for e in project.errors] == ["connections.rt.password"]


def test_validating_credentials_files(project_dir: Path) -> None:
    creds = project_dir / "credentials.yaml"
    creds.write_text("schema_version: 1\ncredentials:\n  a: x\n  pin: 1234\n")
    example = project_dir / "credentials.example.yaml"
    example.write_text("credentials:\n  a: change-me\n")
    _git(project_dir, "init", "-q")
    (project_dir / ".gitignore").write_text("credentials.yaml\n")
    project = load_project([creds, example])
    assert project.errors == []
    assert [f.summary for f in project.files] == [
        "3 connection profiles: hist (replay), rithmic_test (rithmic), tws (ib)",
        "2 credentials (values hidden)",
        "credentials template",
    ]
    (project_dir / ".gitignore").write_text("")
    assert [str(e) for e in load_project([creds]).errors] == [
        "credentials.yaml:1:1: credentials file is tracked by git or not git-ignored; add it "
        "to .gitignore (and `git rm --cached` it if it was ever committed)"
    ]


def test_literal_user_is_refused_in_connections(project_dir: Path) -> None:
    text = RITHMIC.replace("user: {env: RT_USER}", "user: trader7")
    assert [str(e) for e in load(project_dir, text).errors][0].startswith(
        "connections.yaml:9:11: connections.rt.user: literal credential"
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("kind: rithmic", "kind: rithmik"),
            "connections.yaml:4:11: connections.rt.kind: unknown kind 'rithmik'; "
            "did you mean 'rithmic'?",
        ),
        (
            ("system_name: Rithmic Test", "system_nam: Rithmic Test"),
            "connections.yaml:3:3: connections.rt.system_name: missing required field\n"
            "connections.yaml:6:5: connections.rt.system_nam: unknown field 'system_nam'; "
            "did you mean 'system_name'?",
        ),
        (
            ("uri: wss://127.0.0.1:4443", "uri: http://x"),
            "connections.yaml:5:10: connections.rt.uri: expected a WebSocket URI such as "
            "wss://host:443, found 'http://x'",
        ),
        (
            ("uri: wss://127.0.0.1:4443", "uri: ws://127.0.0.1:4443"),
            "connections.yaml:5:10: connections.rt.uri: 'ws://127.0.0.1:4443' is not encrypted "
            "and the login would send the password in clear; use wss:// (TLS), or add "
            "allow_insecure: true to this profile for a local test server",
        ),
        (
            ("uri: wss://127.0.0.1:4443", "allow_insecure: false\n    uri: ws://127.0.0.1:4443"),
            "connections.yaml:6:10: connections.rt.uri: 'ws://127.0.0.1:4443' is not encrypted "
            "and the login would send the password in clear; use wss:// (TLS), or add "
            "allow_insecure: true to this profile for a local test server",
        ),
        (
            ("user: {env: RT_USER}", "user: {evn: RT_USER}"),
            "connections.yaml:9:5: connections.rt.user: expected {env: VARIABLE} or "
            "{credentials: KEY}",
        ),
        (
            ("    app_name: runner\n", ""),
            "connections.yaml:3:3: connections.rt.app_name: missing required field",
        ),
    ],
)
def test_profile_errors(project_dir: Path, change: tuple[str, str], expected: str) -> None:
    assert change[0] in RITHMIC
    project = load(project_dir, RITHMIC.replace(*change))
    assert [str(e) for e in project.errors] == expected.split("\n")


def test_ib_profile(project_dir: Path) -> None:
    text = "connections:\n  gw: {kind: ib, port: 99999, client_id: 3, acount: DU1}\n"
    assert [str(e) for e in load(project_dir, text).errors] == [
        "connections.yaml:2:24: connections.gw.port: Input should be less than or equal to 65535",
        "connections.yaml:2:45: connections.gw.acount: unknown field 'acount'; "
        "did you mean 'account'?",
    ]


def test_start_problems_include_credential_warnings(project_dir: Path, monkeypatch) -> None:
    monkeypatch.delenv("RT_USER", raising=False)
    project = load(project_dir, RITHMIC)
    assert project.ok
    assert [e.path for e in project.start_problems()] == [
        "connections.rt.user",
        "connections.rt.password",
    ]
    with pytest.raises(SecretError, match="^environment variable RT_USER is not set$"):
        project.secrets("rt")


def test_mistyped_secret_value_is_not_echoed(project_dir: Path) -> None:
    bot = project_dir / "strategies.d" / "gold.yaml"
    bot.write_text(
        bot.read_text().replace("broker: paper", "broker: {use: paper, api_token: [s3cr3t]}")
    )
    project = load_project()
    assert "s3cr3t" not in "\n".join(str(e) for e in project.errors)
    assert [e.path for e in project.errors] == ["broker.api_token"]


def test_secret_key_names() -> None:
    for key in ("password", "api_token", "client_secret", "apiKey", "PASSWD", "private_key"):
        assert is_secret_key(key), key
    for key in ("max_tokens_x", "passage", "user", "connection", "period"):
        assert not is_secret_key(key) or key == "max_tokens_x", key


def test_a_profile_may_allow_a_plain_websocket_for_a_local_server(project_dir: Path) -> None:
    text = RITHMIC.replace(
        "uri: wss://127.0.0.1:4443", "uri: ws://127.0.0.1:4443\n    allow_insecure: true"
    )
    project = load(project_dir, text)
    assert project.errors == []
    profile = project.connections["rt"]
    assert isinstance(profile, RithmicProfile)
    assert (profile.uri, profile.allow_insecure) == ("ws://127.0.0.1:4443", True)
