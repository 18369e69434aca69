"""The log files, the console and the dashboard, driven by the routing table."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

from rich.console import Console

from runner.console import EventPrinter
from runner.dashboard import Dashboard
from runner.events import (
    BotError,
    Connected,
    Disconnected,
    EventSink,
    Filled,
    Heartbeat,
    PluginLog,
    Reconcile,
    Subscribed,
    as_event,
)
from runner.journal.logs import EventFiles, Redactor, category

TS = 1381153380 * 10**9
FILL = Filled(
    bot="gold", ts=TS, client_id="gold-1", symbol="GCZ3", side="BUY", qty=2, price=1324.4,
    position=2, role="entry", commission=4.2,
)  # fmt: skip


def test_a_line_is_byte_for_byte_what_the_runner_always_wrote(tmp_path: Path):
    files = EventFiles(tmp_path)
    files(FILL)
    files(Reconcile(bot="gold", ts=TS, symbol="GCZ3", difference="d", position=1))
    files(as_event("my_note", "gold", TS, {"x": 1}))
    files(as_event("flatten", "gold", TS, {"why": "x"}))  # a plugin's slip: a notice
    files.close()
    assert (tmp_path / "orders.jsonl").read_text().splitlines() == [
        '{"time": "2013-10-07T13:43:00+00:00", "event": "fill", "bot": "gold", "client_id": '
        '"gold-1", "symbol": "GCZ3", "side": "BUY", "qty": 2, "price": 1324.4, "position": 2, '
        '"role": "entry", "commission": 4.2}',
        '{"time": "2013-10-07T13:43:00+00:00", "event": "reconcile", "bot": "gold", '
        '"symbol": "GCZ3", "difference": "d", "position": 1}',
    ]
    assert (tmp_path / "system.jsonl").read_text().splitlines() == [
        '{"time": "2013-10-07T13:43:00+00:00", "event": "my_note", "bot": "gold", "x": 1}',
        '{"time": "2013-10-07T13:43:00+00:00", "event": "flatten", "bot": "gold", "why": "x", '
        '"problem": "fields do not fit Flatten: got an unexpected keyword argument \'why\'"}',
    ]
    assert category("fill") == "orders" and category("anything else") == "system"


def test_the_console_prints_what_the_table_shows_and_redacts():
    out = io.StringIO()
    redact = Redactor()
    redact.add("hunter2")
    printer = EventPrinter(Console(file=out, width=200), redact=redact)
    printer(FILL)
    printer(Connected(bot="", ts=TS, feed="rithmic"))
    printer(Disconnected(bot="", ts=TS, feed="rithmic", reason="login hunter2 refused"))
    printer(Subscribed(bot="", ts=TS, feed="rithmic", symbols=["GCZ3"]))  # the header's only
    printer(PluginLog(bot="", ts=TS, logger="x", level="INFO", message="chatty"))
    printer(PluginLog(bot="", ts=TS, logger="x", level="WARNING", message="careful"))
    lines = out.getvalue().splitlines()
    assert len(lines) == 4, lines
    assert "FILL" in lines[0] and "BUY 2 @ 1324.4  position +2  (entry)" in lines[0]
    assert "CONNECTED" in lines[1] and "feed=rithmic" in lines[1]
    assert "DISCONNECTED" in lines[2] and "login ********** refused" in lines[2]
    assert "hunter2" not in out.getvalue()
    assert "PLUGIN_LOG" in lines[3] and "careful" in lines[3]


def test_the_dashboard_puts_each_kind_where_the_table_says():
    runtime = SimpleNamespace(
        emit=EventSink(),
        redactor=Redactor(),
        now=lambda: TS,
        opts=SimpleNamespace(live=False),
        started=0.0,
        stop_reason="",
        supervisor=SimpleNamespace(slots={}),
    )
    dash = Dashboard(runtime, Console(file=io.StringIO(), width=150))  # type: ignore[arg-type]
    assert runtime.emit.sinks == [dash.on_event]
    runtime.emit(FILL)
    runtime.emit(Connected(bot="", ts=TS, feed="replay"))
    runtime.emit(Disconnected(bot="", ts=TS, broker="ib", channel="7", reason="gone"))
    runtime.emit(BotError(bot="gold", ts=TS, error="boom", traceback="Traceback", failures=1))
    runtime.emit(Heartbeat(bot="", ts=TS, bots=[], delay_ms=0.1))  # nowhere on screen
    runtime.emit(as_event("my_note", "gold", TS, {"x": 1}))  # the log file's only
    assert len(dash.fills) == 1 and "BUY 2 @ 1324.4" in dash.fills[0].plain
    assert dash.connections == {"replay": "connected", "ib/7": "disconnected"}
    assert len(dash.events) == 1
    assert "error=boom" in dash.events[0].plain and "Traceback" not in dash.events[0].plain
    dash.on_event(FILL)  # as the run's sink calls it
    assert len(dash.fills) == 2
