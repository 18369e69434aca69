"""Every number a file may give has an upper bound, feeds, brokers and profiles included.

Walks the JSON Schema of every built-in plugin's parameters, of the connection profiles and
of the bot and schedule models: each integer or number field must state a maximum. The few
that need none say why below. Then a bot with absurd broker and feed numbers is refused at
each one's line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from runner import plugins
from runner.config.bot import BotConfig
from runner.config.connections import connections_model
from runner.config.project import load_project
from runner.config.schedule import ScheduleFile

UNBOUNDED_BY_DESIGN = {
    "indicator:talib.params{}": "any TA-Lib function's own arguments, checked by TA-Lib",
    "signal:event_window.at{}": "cron fields: APScheduler refuses values out of range",
    "signal:rule.confidence": "a validator keeps it in [0, 1] (it may also be an expression)",
    "feed:replay.speed": "pacing, not a quantity: a huge speed is as fast as possible",
    "BotConfig.schema_version": "the literal 1",
    "ConnectionsFile.schema_version": "the literal 1",
    "ScheduleFile.schema_version": "the literal 1",
}
CRON = ("year", "month", "week", "day", "day_of_week", "hour", "minute", "second")
"""APScheduler cron fields (schedules, blackout events) refuse out-of-range values."""


def _unbounded(schema: dict[str, Any], defs: dict[str, Any], path: str, out: list[str]) -> None:
    if "$ref" in schema:
        _unbounded(defs[schema["$ref"].split("/")[-1]], defs, path, out)
        return
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            _unbounded(sub, defs, path, out)
    if schema.get("type") in ("number", "integer") and not (
        "maximum" in schema or "exclusiveMaximum" in schema
    ):
        out.append(path)
    for name, sub in schema.get("properties", {}).items():
        _unbounded(sub, defs, f"{path}.{name}", out)
    for key, suffix in (("items", "[]"), ("additionalProperties", "{}")):
        if isinstance(schema.get(key), dict):
            _unbounded(schema[key], defs, path + suffix, out)


def test_every_number_has_an_upper_bound() -> None:
    registry = plugins.registry()
    found: list[str] = []
    models: list[tuple[str, Any]] = [
        (f"{info.kind}:{info.name}", info.cls.Params) for info in registry.all()
    ]
    models += [
        ("ConnectionsFile", connections_model(registry)),
        ("BotConfig", BotConfig),
        ("ScheduleFile", ScheduleFile),
    ]
    for name, model in models:
        schema = model.model_json_schema()
        _unbounded(schema, schema.get("$defs", {}), name, found)
    left = sorted(
        {p for p in found if p not in UNBOUNDED_BY_DESIGN and p.rsplit(".", 1)[-1] not in CRON}
    )
    assert left == []


BOT = """\
name: b
instruments:
  gc: {root: GC}
signals:
  - {use: rule, long: "close > open"}
"""


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        (
            "feed: {use: ib, host: h, port: 7497, connect_timeout: 1e9}",
            "feed.connect_timeout",
            "Input should be less than or equal to 3600",
        ),
        (
            "feed: {use: ib, host: h, port: 7497, client_id: 4294967296}",
            "feed.client_id",
            "Input should be less than or equal to 2147483647",
        ),
        (
            "feed: {use: ib, host: h, port: true}",
            "feed.port",
            "expected a number, not the boolean true",
        ),
        (
            "feed: {use: replay, bar_seconds: 100000000000000000000}",
            "feed.bar_seconds",
            "Input should be less than or equal to 86400",
        ),
        (
            "broker: {use: paper, slippage_ticks: .inf}",
            "broker.slippage_ticks",
            "expected a finite number, not infinity or NaN",
        ),
        (
            "broker: {use: paper, commission_per_contract: 1e12}",
            "broker.commission_per_contract",
            "Input should be less than or equal to 1000",
        ),
        (
            "broker: {use: paper, commission_per_share: true}",
            "broker.commission_per_share",
            "expected a number, not the boolean true",
        ),
        (
            "feed: {use: rithmic, uri: 'wss://h:1', stale_after: 1e300}",
            "feed.stale_after",
            "Input should be less than or equal to 3600",
        ),
        (
            "feed: {use: rithmic, uri: 'wss://h:1', reconnect_max: .nan}",
            "feed.reconnect_max",
            "expected a finite number, not infinity or NaN",
        ),
    ],
)
def test_feed_and_broker_numbers_are_refused_at_their_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, field: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("b.yaml").write_text(BOT + line + "\n")
    errors = [str(e) for e in load_project([Path("b.yaml")], base=tmp_path).errors]
    assert len(errors) == 1, errors
    assert errors[0].startswith("b.yaml:6:"), errors
    assert errors[0].endswith(f": {field}: {message}"), errors


@pytest.mark.parametrize(
    ("profile", "field", "message"),
    [
        ("{kind: ib, port: 7497, timeout: .inf}", "timeout", "expected a finite number"),
        ("{kind: ib, port: 7497, client_id: true}", "client_id", "not the boolean true"),
        ("{kind: ib, port: 1e40}", "port", "number too large"),
    ],
)
def test_connection_profile_numbers_are_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, profile: str, field: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("connections.yaml").write_text(f"connections:\n  gw: {profile}\n")
    errors = [str(e) for e in load_project([Path("connections.yaml")], base=tmp_path).errors]
    assert len(errors) == 1, errors
    assert (
        errors[0].startswith("connections.yaml:2:") and f"connections.gw.{field}: " in (errors[0])
    ), errors
    assert message in errors[0], errors


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("b.yaml", "schema_version: true\n" + BOT),
        ("schedules.yaml", "schema_version: true\nschedules: {}\n"),
        ("connections.yaml", "schema_version: true\nconnections: {}\n"),
    ],
)
def test_schema_version_true_is_not_version_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str
) -> None:
    """True == 1 in Python, so Literal[1] took ``true``: found by the fuzz campaign."""
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(text)
    errors = [str(e) for e in load_project([Path(name)], base=tmp_path).errors]
    assert f"{name}:1:17: schema_version: expected a number, not the boolean true" in errors
