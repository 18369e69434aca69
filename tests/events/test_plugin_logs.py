"""Plugins' stdlib logging reaches the JSON logs and the console through the redactor."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import leaky_plugin
import pytest
from leaky_plugin import SECRET
from rich.console import Console

from runner.console import EventPrinter
from runner.events import EventSink
from runner.journal.logs import EventFiles, Redactor
from runner.journal.plugin_logs import PluginLogHandler, capture_plugin_logs, plugin_packages

TS = 1381153380 * 10**9


def _redactor() -> Redactor:
    r = Redactor()
    r.add(SECRET)
    return r


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines()] if path.is_file() else []


def test_plugin_packages_are_the_plugins_top_level_packages_never_the_core():
    modules = ["runner_plugins.feeds.replay", "acme_feeds.data", "runner.api.base", "acme_feeds"]
    assert plugin_packages(modules) == ("acme_feeds", "runner_plugins")
    assert plugin_packages([]) == ("runner_plugins",)


def test_records_become_redacted_plugin_events_and_the_loggers_are_put_back(tmp_path: Path):
    redact = _redactor()
    files = EventFiles(tmp_path, redact)
    out = io.StringIO()
    sink = EventSink(files, EventPrinter(Console(file=out, width=200), redact=redact))
    handler = PluginLogHandler(sink, redact, clock=lambda: TS)
    third = logging.getLogger("acme_feeds.data")
    before = (third.level, third.propagate, list(third.handlers))
    with capture_plugin_logs(handler, ("acme_feeds", "runner_plugins")):
        logging.getLogger("runner_plugins.rithmic.data").info("plant up as %s", SECRET)
        third.warning("renew %s soon", SECRET)
        logging.getLogger("acme_feeds").debug("not kept: %s", SECRET)
    third.warning("after the run: %s", "not captured")
    files.close()
    assert (third.level, third.propagate, third.handlers) == before
    system = _lines(tmp_path / "system.jsonl")
    assert [(e["event"], e["logger"], e["level"]) for e in system] == [
        ("plugin_log", "runner_plugins.rithmic.data", "INFO"),
        ("plugin_log", "acme_feeds.data", "WARNING"),
    ]
    assert system[0]["message"] == "plant up as **********"
    assert system[0]["time"] == "2013-10-07T13:43:00+00:00"
    printed = out.getvalue()
    assert "renew ********** soon" in printed and "plant up" not in printed  # WARNING up only
    for f in tmp_path.iterdir():
        assert SECRET not in f.read_text()


def test_a_sink_that_logs_does_not_loop(tmp_path: Path):
    seen: list[str] = []

    def sink(event):  # a listener that itself logs into a captured logger
        seen.append(event.message)
        logging.getLogger("runner_plugins.x").warning("again")

    handler = PluginLogHandler(sink, str, clock=lambda: TS)
    with capture_plugin_logs(handler):
        logging.getLogger("runner_plugins.y").warning("once")
    assert seen == ["once"]


def test_a_secret_a_plugin_logs_during_runner_start_reaches_no_log_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The whole ``runner start`` path: the run's own redactor, sink and log files."""
    import runner.plugins
    import runner.runtime.runtime
    from runner.commands.start import run_runtime
    from runner.config.project import load_project
    from runner.plugins import PluginRegistry, make_manager
    from runner.runtime.options import StartOptions

    class Resolved(Redactor):  # the run resolved a credential holding the secret
        def __init__(self) -> None:
            super().__init__()
            self.add(SECRET)

    registry = PluginRegistry(make_manager(leaky_plugin, entry_points=True))
    monkeypatch.setattr(runner.plugins, "registry", lambda: registry)
    monkeypatch.setattr(runner.runtime.runtime, "Redactor", Resolved)
    bot = tmp_path / "leaky_bot.yaml"
    bot.write_text(
        "schema_version: 1\nname: leaky_bot\nmode: paper\ninstruments:\n  main: {root: GC}\n"
        "bar_size: 1m\ntimezone: America/New_York\nfeed: replay\nbroker: paper\n"
        "indicators:\n  fast: {use: sma, period: 3}\n  slow: {use: sma, period: 8}\n"
        "  leak: {use: leaky}\nsignals:\n  - use: rule\n"
        '    long: "cross_above(fast, slow)"\n    short: "cross_below(fast, slow)"\n'
        "sizing: {use: fixed, contracts: 1}\ncapital: 100000\n"
    )
    project = load_project([bot], registry=registry, base=tmp_path)
    assert not project.errors, [str(e) for e in project.errors]
    logs = tmp_path / "logs"
    out = io.StringIO()
    opts = StartOptions(log_dir=logs, speed=0, check_interval=60.0, quiet=True)
    assert run_runtime(project, opts, Console(file=out, width=200)) == 0

    said = [e for e in _lines(logs / "system.jsonl") if e["event"] == "plugin_log"]
    assert [(e["logger"], e["level"]) for e in said] == [
        ("leaky_plugin", "INFO"),
        ("leaky_plugin", "WARNING"),
        ("leaky_plugin", "ERROR"),
        ("runner_plugins.rithmic.client", "ERROR"),
    ]
    assert said[1]["message"] == "token ********** is about to expire"
    assert "ValueError: server refused **********" in said[2]["message"]
    assert said[1]["time"].startswith("2013-10-0")  # the run's (data) clock, not the wall's
    for path in logs.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    printed = out.getvalue()
    assert "token ********** is about to expire" in printed
    assert "logging in with token" not in printed and SECRET not in printed
    assert (
        logging.getLogger("leaky_plugin").propagate
        and not logging.getLogger("leaky_plugin").handlers
    )
