"""Who may start and reach the web API: addresses, tokens, certificates, and the errors
of the operator commands when no runner answers. Each start here is refused before any
bot is loaded, or stopped at once: no runner of these tests trades."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
from pathlib import Path

import pytest

from runner.commands.web_options import with_web_default
from runner.web.access import (
    DEFAULT_PORT,
    Listen,
    WebError,
    parse_listen,
    read_token_file,
    resolve_token,
)
from tests.web.live import REPO, clean_env, project_copy, runner_command, wait_for


def start(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        runner_command("start", *args),
        cwd=root,
        capture_output=True,
        text=True,
        timeout=180,
        env=env or clean_env(),
    )


def test_listen_addresses() -> None:
    assert parse_listen("127.0.0.1:8787") == Listen("127.0.0.1", 8787)
    assert parse_listen(":9000") == Listen("127.0.0.1", 9000)
    assert parse_listen("0.0.0.0") == Listen("0.0.0.0", DEFAULT_PORT)
    assert parse_listen("[::1]:8000") == Listen("::1", 8000)
    assert parse_listen("localhost:0").loopback
    assert parse_listen("[::1]:1").loopback and not parse_listen("0.0.0.0:1").loopback
    assert not parse_listen("192.168.1.5:80").loopback
    with pytest.raises(WebError, match="port must be a number"):
        parse_listen("127.0.0.1:http")
    with pytest.raises(WebError, match="is not HOST:PORT"):
        parse_listen("strategies.d/gold_rsi_bb.yaml")


def test_web_alone_takes_the_default_address(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bots").mkdir()
    default = "127.0.0.1:8787"
    assert with_web_default(["--web"]) == ["--web", default]
    assert with_web_default(["--web", "--speed", "0"]) == ["--web", default, "--speed", "0"]
    assert with_web_default(["--web", "bots"]) == ["--web", default, "bots"]  # a folder
    assert with_web_default(["--web", "0.0.0.0:80"]) == ["--web", "0.0.0.0:80"]
    assert with_web_default(["--web", "[::1]:80"]) == ["--web", "[::1]:80"]
    assert with_web_default(["--web=:80", "bots"]) == ["--web=:80", "bots"]
    assert with_web_default(["--", "--web"]) == ["--", "--web"]


def test_the_token_is_made_once_with_mode_0600(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("RUNNER_WEB_TOKEN", raising=False)
    var = tmp_path / "var"
    first = resolve_token(Listen("127.0.0.1", 0), False, var)
    assert first.source == "new" and first.value and len(first.value) >= 16
    assert stat.S_IMODE((var / "web-token").stat().st_mode) == 0o600
    again = resolve_token(Listen("0.0.0.0", 0), False, var)
    assert (again.source, again.value) == ("file", first.value)
    (var / "web-token").chmod(0o644)
    with pytest.raises(WebError, match="others may read this token file"):
        read_token_file(var / "web-token")
    monkeypatch.setenv("RUNNER_WEB_TOKEN", "short")
    with pytest.raises(WebError, match="RUNNER_WEB_TOKEN is too short"):
        resolve_token(Listen("127.0.0.1", 0), False, var)
    monkeypatch.setenv("RUNNER_WEB_TOKEN", "t" * 20)
    assert resolve_token(Listen("127.0.0.1", 0), False, var).source == "env"


def test_no_token_beyond_loopback_is_refused(tmp_path: Path) -> None:
    root = project_copy(tmp_path / "p")
    done = start(root, "--web", "0.0.0.0:0", "--web-no-token")
    assert done.returncode == 1
    assert "refusing to listen beyond this machine without a token" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (root / "var").exists()  # refused before anything was made or started
    assert not (root / "logs").exists()


def test_bad_web_options_are_clear_errors(tmp_path: Path) -> None:
    root = project_copy(tmp_path / "p")
    cert = start(root, "--web", "--web-cert", str(REPO / "README.md"))
    assert cert.returncode == 1 and "--web-cert and --web-key go together" in cert.stderr
    lone = start(root, "--web-no-token")
    assert lone.returncode == 1 and "--web-no-token goes with --web" in lone.stderr
    env = clean_env()
    env["RUNNER_WEB_TOKEN"] = ""
    empty = start(root, "--web", env=env)
    assert empty.returncode == 1 and "RUNNER_WEB_TOKEN is empty" in empty.stderr


def test_an_address_in_use_is_a_clear_error(tmp_path: Path) -> None:
    root = project_copy(tmp_path / "p")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        done = start(root, "--web", f"127.0.0.1:{port}", "--speed", "0")
    assert done.returncode == 1
    assert f"--web 127.0.0.1:{port}: cannot listen there" in done.stderr
    assert "Traceback" not in done.stderr


def test_operator_commands_without_a_runner(tmp_path: Path) -> None:
    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            runner_command(*args), cwd=tmp_path, capture_output=True, text=True, env=clean_env()
        )

    missing = cli("status")
    assert missing.returncode == 1
    assert "no runner is running here" in missing.stderr and "var/web.json" in missing.stderr
    # a file left by a runner that ended: its port no longer answers
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "web.json").write_text(
        json.dumps({"url": f"http://127.0.0.1:{port}", "pid": 2**22 + 7, "cert": None})
    )
    token = tmp_path / "var" / "web-token"
    token.write_text("k" * 24)
    os.chmod(token, 0o600)
    for args in (("status",), ("pause", "gold_rsi_bb"), ("flatten", "--all", "--yes")):
        gone = cli(*args)
        assert gone.returncode == 1, args
        assert f"no runner answers at http://127.0.0.1:{port}" in gone.stderr
        assert "left from a runner that ended" in gone.stderr
        assert "Traceback" not in gone.stderr


def test_tls_with_a_given_certificate(tmp_path: Path) -> None:
    from runner_sims.rithmic.certs import make_certificates

    certs = make_certificates(tmp_path / "certs")
    root = project_copy(tmp_path / "p")
    bot = "strategies.d/gold_rsi_bb.yaml"
    args = ["start", bot, "--web", "127.0.0.1:0", "--speed", "1000"]
    args += ["--web-cert", str(certs.cert_file), "--web-key", str(certs.key_file)]
    out = root / "output.txt"
    with out.open("wb") as f:
        proc = subprocess.Popen(
            runner_command(*args), cwd=root, stdout=f, stderr=subprocess.STDOUT, env=clean_env()
        )
    try:
        discovery = root / "var" / "web.json"
        wait_for(lambda: discovery.exists() or proc.poll() is not None, 180, "var/web.json")
        assert proc.poll() is None, out.read_text()
        url = json.loads(discovery.read_text())["url"]
        assert url.startswith("https://127.0.0.1:")

        def cli(*more: str) -> subprocess.CompletedProcess:
            return subprocess.run(
                runner_command(*more), cwd=root, capture_output=True, text=True, env=clean_env()
            )

        status = wait_for(
            lambda: (r := cli("status")).returncode == 0 and r, 60, "runner status over TLS"
        )
        assert "gold_rsi_bb" in status.stdout
        # from elsewhere, without the runner's certificate: refused, and said why
        elsewhere = subprocess.run(
            runner_command("status", "--url", url, "--var", str(root / "var")),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=clean_env(),
        )
        assert elsewhere.returncode == 1
        assert "TLS certificate is not trusted" in elsewhere.stderr
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=120)
    assert "web token" in out.read_text()  # printed once, at its making
    assert not (root / "var" / "web.json").exists()  # removed when the runner stopped
