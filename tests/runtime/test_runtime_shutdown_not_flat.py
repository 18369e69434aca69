"""A shutdown that cannot flatten tells the truth: which positions remain at the broker,
and a non-zero exit code from ``runner start``.

The runs go through the real runtime and the start command's own reporting (run_runtime),
on the bundled replay: a flatten the broker rejects, a live broker still reporting a
position the bot's book does not have, and a live broker that does not answer at all.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
import runtime_refusing
from rich.console import Console
from runtime_support import events

from runner.commands.start import run_runtime
from runner.config.project import load_project
from runner.plugins import PluginRegistry, make_manager
from runner.runtime.runtime import StartOptions

LONG = """\
schema_version: 1
name: {name}
mode: {mode}
instruments:
  main: {{root: GC}}
bar_size: 1m
timezone: America/New_York
feed: replay
broker: {broker}
signals:
  - {{use: rule, long: "{long}"}}
exits:
  - {{use: time_exit, bars: 1000000}}
sizing: {{use: fixed, contracts: 1}}
risk: {{max_position: 1, max_daily_loss: 1000000}}
capital: 100000
on_stop: flatten
"""


def registry() -> PluginRegistry:
    return PluginRegistry(make_manager(runtime_refusing, entry_points=True))


def start(
    project_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    broker: str,
    mode: str = "paper",
    long: str = "close > 0",
    timeout: float = 10.0,
) -> tuple[int, str, Path, float]:
    """``runner start`` on one bot, in process: exit code, console text, logs, seconds."""
    reg = registry()
    monkeypatch.setattr("runner.plugins.registry", lambda: reg)
    bot = project_dir / "strategies.d" / "b.yaml"
    bot.write_text(LONG.format(name="b", mode=mode, broker=broker, long=long))
    project = load_project([bot, project_dir / "schedules"], registry=reg, base=project_dir)
    assert not project.errors, [str(e) for e in project.errors]
    logs = project_dir / "logs"
    opts = StartOptions(live=mode == "live", log_dir=logs, speed=0, check_interval=0.2, quiet=True)
    opts.shutdown_timeout = timeout
    out = io.StringIO()
    began = time.monotonic()
    code = run_runtime(project, opts, Console(file=out, width=300, color_system=None))
    return code, out.getvalue(), logs, time.monotonic() - began


def test_a_rejected_flatten_is_named_and_the_exit_code_is_1(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, text, logs, took = start(project_dir, monkeypatch, broker="refusing_paper", timeout=90)
    assert code == 1
    rejected = [e for e in events(logs, "orders", "order_rejected") if e["bot"] == "b"]
    assert rejected and rejected[-1]["reason"] == "market closed"
    (said,) = events(logs, "system", "not_flat")
    ((symbol, qty),) = said["positions"].items()
    assert symbol.startswith("GC") and qty == 1
    assert f"not flat: b still holds {symbol}:+1; close it by hand" in text
    assert "exit code 1" in text
    assert took < 60  # a refused flatten ends the wait at once: nothing is left to fill it


def test_a_position_the_broker_still_reports_is_named_though_the_book_is_flat(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, text, logs, _ = start(
        project_dir, monkeypatch, broker="ghost_broker", mode="live", long="close < 0"
    )
    assert code == 1
    assert not events(logs, "orders", "filled")  # the bot never traded
    (said,) = events(logs, "system", "not_flat")
    ((symbol, qty),) = said["positions"].items()
    assert qty == 2
    assert f"not flat: b still holds {symbol}:+2; close it by hand" in text


def test_a_broker_that_does_not_answer_at_shutdown_is_not_taken_for_flat(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, text, logs, _ = start(
        project_dir,
        monkeypatch,
        broker="{use: ghost_broker, silent: true}",
        mode="live",
        long="close < 0",
        timeout=1.0,
    )
    assert code == 1
    (said,) = events(logs, "system", "not_flat")
    assert said["positions"] == {}
    errors = [e for e in events(logs, "system", "bot_error") if e["bot"] == "b"]
    assert any("did not say what it holds" in e["error"] for e in errors)
    assert "not confirmed flat: b: the broker did not say what it holds (TimeoutError)" in text


def test_a_broker_that_confirms_flat_exits_0(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, text, logs, _ = start(
        project_dir,
        monkeypatch,
        broker="{use: ghost_broker, ghost: 0}",
        mode="live",
        long="close < 0",
    )
    assert code == 0
    assert not events(logs, "system", "not_flat")
    assert "not flat" not in text
