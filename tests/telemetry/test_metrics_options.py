"""``--metrics [HOST:PORT]``: the address forms, the value-less option, and a port that is
already taken (a clear refusal before any bot runs)."""

from __future__ import annotations

import asyncio
import shutil
import socket
from pathlib import Path

import pytest

from runner.commands.start import METRICS_DEFAULT, complete_optional_values
from runner.config.project import load_project
from runner.plugins import registry
from runner.runtime.runtime import Runtime, StartError, StartOptions
from runner.telemetry.prometheus import parse_address

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("0.0.0.0:9100", ("0.0.0.0", 9100)),
        (":9100", ("127.0.0.1", 9100)),
        ("9100", ("127.0.0.1", 9100)),
        ("localhost", ("localhost", 9464)),
        ("[::1]:9100", ("::1", 9100)),
        ("127.0.0.1:0", ("127.0.0.1", 0)),
    ],
)
def test_address_forms(text: str, want: tuple[str, int]) -> None:
    assert parse_address(text) == want


@pytest.mark.parametrize("text", ["h:99999", "h:port", "[::1]:x"])
def test_a_bad_port_is_refused_by_name(text: str) -> None:
    with pytest.raises(ValueError, match="the port must be a number from 0 to 65535"):
        parse_address(text)


@pytest.mark.parametrize(
    ("argv", "want"),
    [
        (["start", "--metrics"], ["start", "--metrics", METRICS_DEFAULT]),
        (["start", "--metrics", "--live"], ["start", "--metrics", METRICS_DEFAULT, "--live"]),
        (
            ["start", "--metrics", "strategies.d"],
            ["start", "--metrics", METRICS_DEFAULT, "strategies.d"],
        ),
        (["start", "--metrics", ":9100"], ["start", "--metrics", ":9100"]),
        (["start", "--metrics", "0.0.0.0:9100"], ["start", "--metrics", "0.0.0.0:9100"]),
        (["start", "--metrics", "9100"], ["start", "--metrics", "9100"]),
        (["validate", "--metrics"], ["validate", "--metrics"]),
    ],
)
def test_the_option_alone_takes_its_default(argv: list[str], want: list[str]) -> None:
    assert complete_optional_values(argv) == want


def test_a_port_already_taken_refuses_the_start(tmp_path: Path) -> None:
    shutil.copytree(REPO / "schedules", tmp_path / "schedules")
    (tmp_path / "strategies.d").mkdir()
    shutil.copy(REPO / "strategies.d" / "gold_rsi_bb.yaml", tmp_path / "strategies.d")
    project = load_project([tmp_path / "strategies.d"], base=tmp_path)
    assert not project.errors
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        opts = StartOptions(log_dir=tmp_path / "logs", speed=0, metrics=("127.0.0.1", port))
        runtime = Runtime(project, opts, registry())
        with pytest.raises(StartError, match=rf"--metrics 127.0.0.1:{port}: cannot listen"):
            asyncio.run(runtime.run())
    assert not runtime.supervisor.slots  # refused before any bot was built


def test_the_asgi_app_serves_the_same_families(tmp_path: Path) -> None:
    """``metrics_asgi_app`` is what a web app mounts at /metrics: driven here through the
    ASGI interface itself, on a runtime whose bots are built."""
    from prometheus_client.parser import text_string_to_metric_families

    from runner.telemetry.prometheus import metrics_asgi_app

    shutil.copytree(REPO / "schedules", tmp_path / "schedules")
    (tmp_path / "strategies.d").mkdir()
    shutil.copy(REPO / "strategies.d" / "gold_rsi_bb.yaml", tmp_path / "strategies.d")
    project = load_project([tmp_path / "strategies.d"], base=tmp_path)
    runtime = Runtime(project, StartOptions(log_dir=tmp_path / "logs", speed=0), registry())
    runtime.build()
    app = metrics_asgi_app(runtime)
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/metrics",
        "query_string": b"",
        "headers": [],
    }
    asyncio.run(app(scope, receive, send))
    runtime.journal.close()
    assert sent[0]["status"] == 200
    text = b"".join(m.get("body", b"") for m in sent[1:]).decode()
    fams = {f.name: f for f in text_string_to_metric_families(text)}
    (sample,) = fams["runner_equity_dollars"].samples
    assert sample.labels == {"bot": "gold_rsi_bb"} and sample.value == 100_000.0
    symbols = {s.labels["symbol"] for s in fams["runner_position_contracts"].samples}
    assert symbols == {"GCZ3"}
