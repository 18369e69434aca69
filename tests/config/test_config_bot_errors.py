"""Every kind of mistake in a bot file, with the exact message validate prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.config.project import load_project

BOT = """\
name: t
instruments:
  gc: {root: GC}
signals:
  - use: rule
    long: close > open
"""


def errors(project_dir: Path, text: str | bytes, name: str = "t.yaml") -> list[str]:
    path = project_dir / "strategies.d" / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    project = load_project()
    return [str(e) for e in project.errors]


def test_sample_project_is_valid(project_dir: Path) -> None:
    project = load_project()
    assert project.errors == []
    assert [b.name for b in project.bots] == ["gold_rsi_bb"]


def test_minimal_bot_is_valid(project_dir: Path) -> None:
    assert errors(project_dir, BOT) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            BOT + "risk: {max_position: 0}\n",
            "strategies.d/t.yaml:7:22: risk.max_position: Input should be greater than 0",
        ),
        (
            BOT + "indicatorz: {}\n",
            "strategies.d/t.yaml:7:1: indicatorz: unknown field 'indicatorz'; "
            "did you mean 'indicators'?",
        ),
        (
            BOT + "risk:\n  max_postion: 2\n",
            "strategies.d/t.yaml:8:3: risk.max_postion: unknown field 'max_postion'; "
            "did you mean 'max_position'?",
        ),
        (
            BOT + "risk:\n  zzz: 2\n",
            "strategies.d/t.yaml:8:3: risk.zzz: unknown field 'zzz'; expected one of: "
            "max_position, max_daily_loss, max_orders_per_minute, allocation",
        ),
        (
            "name: t\ninstruments:\n  gc: {root: GC}\n",
            "strategies.d/t.yaml:1:1: signals: missing required field",
        ),
        (
            BOT + "max_position: 3\n",
            "strategies.d/t.yaml:7:1: max_position: unknown field 'max_position' here; "
            "it belongs under 'risk'",
        ),
        (
            BOT.replace("root: GC", "root: gc"),
            "strategies.d/t.yaml:3:14: instruments.gc.root: expected a contract root in "
            "capitals, such as GC, found 'gc'",
        ),
        (
            BOT + "mode: live2\n",
            "strategies.d/t.yaml:7:7: mode: Input should be 'paper' or 'live'",
        ),
        (
            BOT + "bar_size: 0m\n",
            "strategies.d/t.yaml:7:11: bar_size: bar size is a number and a unit s, m, h or d, "
            "for example 5m",
        ),
        (
            BOT + "timezone: America/New_Yrok\n",
            "strategies.d/t.yaml:7:11: timezone: unknown time zone 'America/New_Yrok'; "
            "did you mean 'America/New_York'?",
        ),
        (
            BOT + "timezone: America\n",
            "strategies.d/t.yaml:7:11: timezone: unknown time zone 'America' "
            "(a region; name a zone in it such as 'America/New_York')",
        ),
        (
            BOT + "timezone: " + "A" * 300 + "\n",
            "strategies.d/t.yaml:7:11: timezone: unknown time zone "
            f"'{'A' * 57}...' (for example America/New_York)",
        ),
        (
            BOT + "timezone: ../../../etc/passwd\n",
            "strategies.d/t.yaml:7:11: timezone: unknown time zone '../../../etc/passwd' "
            "(for example America/New_York)",
        ),
        (
            BOT + "risk: [1, 2]\n",
            "strategies.d/t.yaml:7:1: risk: expected a mapping (key: value), found a list",
        ),
        (
            "name: t\ninstruments:\n  gc: {root: GC, symbol: GCZ6}\n"
            "signals: [{use: rule, long: close > 1}]\n",
            "strategies.d/t.yaml:3:3: instruments.gc: give exactly one of 'symbol' (e.g. GCZ6) "
            "or 'root' (e.g. GC)",
        ),
        (
            "- name: t\n- signals: []\n",
            "strategies.d/t.yaml:1:1: expected a bot document (a mapping with name, instruments, "
            "signals, ...), found a list",
        ),
        ("", "strategies.d/t.yaml:1:1: file is empty; expected bot document"),
        (
            BOT + "---\n" + BOT,
            "strategies.d/t.yaml:8:1: a file holds one bot document; found 2 documents",
        ),
    ],
)
def test_model_errors(project_dir: Path, text: str, expected: str) -> None:
    assert errors(project_dir, text) == [expected]


def test_every_error_of_a_file_is_listed(project_dir: Path) -> None:
    text = (
        "name: Bad Name\n"
        "instruments:\n"
        "  gc: {root: GC}\n"
        "indicators:\n"
        "  rsi: {use: sma, period: 0}\n"
        "  bb: {use: bandz}\n"
        "signals:\n"
        "  - use: rule\n"
        "    long: close < bb.lower\n"
        "    shrot: close > 1\n"
        "risk: {max_position: -1}\n"
    )
    assert errors(project_dir, text) == [
        "strategies.d/t.yaml:1:7: name: expected a lower-case name (letters, digits and _, "
        "starting with a letter), found 'Bad Name'",
        "strategies.d/t.yaml:5:27: indicators.rsi.period: Input should be greater than 0",
        "strategies.d/t.yaml:6:13: indicators.bb.use: unknown indicator plugin 'bandz'; "
        "did you mean 'bands'?",
        "strategies.d/t.yaml:10:5: signals[0].shrot: unknown field 'shrot'; did you mean 'short'?",
        "strategies.d/t.yaml:11:22: risk.max_position: Input should be greater than 0",
    ]


def test_plugin_params_errors(project_dir: Path) -> None:
    text = BOT + (
        "exits:\n"
        "  - use: stop\n"
        "    stop: {ticks: 10}\n"
        "  - use: stop\n"
        "    stop:\n"
        "      atr: -2\n"
        "      atrr: 1\n"
        "  - use: stop\n"
        "filters:\n"
        "  - {use: session, start: 9.30, end: 16:00}\n"
        "sizing: fixd\n"
    )
    assert errors(project_dir, text) == [
        "strategies.d/t.yaml:12:12: exits[1].stop.atr: Input should be greater than 0",
        "strategies.d/t.yaml:13:7: exits[1].stop.atrr: unknown field 'atrr'; did you mean 'atr'?",
        "strategies.d/t.yaml:14:5: exits[2].stop: missing required field",
        "strategies.d/t.yaml:16:27: filters[0].start: Input should be a valid string",
        "strategies.d/t.yaml:17:9: sizing: unknown sizer plugin 'fixd'; did you mean 'fixed'?",
    ]


def test_clock_times_reach_plugin_params_as_strings(project_dir: Path) -> None:
    errors(project_dir, BOT + "filters:\n  - {use: session, start: 09:30, end: 16:00}\n")
    bot = load_project().bots[0]
    assert bot.filters[0].params.start == "09:30"
    assert bot.filters[0].params.end == "16:00"


def test_reference_errors(project_dir: Path) -> None:
    text = (
        "name: t\n"
        "instruments:\n"
        "  gc: {root: GC}\n"
        "  mgc: {root: MGC, trade: false}\n"
        "schedule: comex_dya\n"
        "feed: {use: replay, connection: histt}\n"
        "indicators:\n"
        "  rsi: {use: sma, period: 14, instrument: mcg}\n"
        "signals:\n"
        "  - use: rule\n"
        "    long: rsj < 30\n"
        "exits:\n"
        "  - {use: stop, stop: {ticks: 4}, indicator: rsii}\n"
    )
    assert errors(project_dir, text) == [
        "strategies.d/t.yaml:5:11: schedule: unknown schedule 'comex_dya'; "
        "did you mean 'comex_day'?",
        "strategies.d/t.yaml:6:33: feed.connection: unknown connection profile 'histt'; "
        "did you mean 'hist'? (in connections.yaml)",
        "strategies.d/t.yaml:8:43: indicators.rsi.instrument: unknown instrument 'mcg'; "
        "did you mean 'mgc'?",
        "strategies.d/t.yaml:11:11: signals[0].long: unknown name 'rsj'; did you mean 'rsi'?",
        "strategies.d/t.yaml:13:46: exits[0].indicator: unknown indicator 'rsii'; "
        "did you mean 'rsi'?",
    ]


def test_expression_columns_point_into_the_file(project_dir: Path) -> None:
    text = BOT.replace("long: close > open", "long: close > opn and rsi\n    short: 'close < lowr'")
    assert errors(project_dir, text) == [
        "strategies.d/t.yaml:6:19: signals[0].long: unknown name 'opn'; did you mean 'open'?",
        "strategies.d/t.yaml:6:27: signals[0].long: unknown name 'rsi'",
        "strategies.d/t.yaml:7:21: signals[0].short: unknown name 'lowr'; did you mean 'low'?",
    ]
    block = BOT.replace("long: close > open", "long: >-\n      close > opn")
    assert errors(project_dir, block) == [
        "strategies.d/t.yaml:6:11: signals[0].long: unknown name 'opn'; did you mean 'open'? "
        "(column 9)"
    ]


def test_connection_kind_must_match_the_plugin(project_dir: Path) -> None:
    text = BOT + "feed: {use: rithmic, connection: tws}\n"
    assert errors(project_dir, text) == [
        "strategies.d/t.yaml:7:34: feed.connection: feed 'rithmic' needs a rithmic connection "
        "profile; 'tws' is a ib profile",
    ]


def test_no_connections_file(project_dir: Path) -> None:
    (project_dir / "connections.yaml").unlink()
    assert errors(project_dir, BOT + "broker: {use: paper, connection: tws}\n") == [
        "strategies.d/gold.yaml:14:33: feed.connection: unknown connection profile 'hist': "
        "no connections file was loaded (create connections.yaml or pass --connections FILE)",
        "strategies.d/t.yaml:7:34: broker.connection: unknown connection profile 'tws': "
        "no connections file was loaded (create connections.yaml or pass --connections FILE)",
    ]


def test_signal_referring_to_a_failed_indicator_gets_no_second_error(project_dir: Path) -> None:
    text = (
        "name: t\ninstruments:\n  gc: {root: GC}\n"
        "indicators:\n  bb: {use: bands, period: -1}\n"
        "signals: [{use: rule, long: close < bb.lower}]\n"
    )
    assert errors(project_dir, text) == [
        "strategies.d/t.yaml:5:28: indicators.bb.period: Input should be greater than 0"
    ]


def test_duplicate_bot_names_across_files(project_dir: Path) -> None:
    assert errors(project_dir, BOT.replace("name: t", "name: gold_rsi_bb"), "z.yaml") == [
        "strategies.d/z.yaml:1:7: name: bot name 'gold_rsi_bb' is already used by "
        "strategies.d/gold.yaml"
    ]


def test_default_plugin_not_installed(project_dir: Path, registry, monkeypatch) -> None:
    monkeypatch.delitem(registry._by_kind[registry.get("sizer", "fixed").kind], "fixed")
    assert errors(project_dir, BOT) == [
        "strategies.d/gold.yaml:38:15: sizing.use: unknown sizer plugin 'fixed'; "
        "installed sizer plugins: none installed",
        "strategies.d/t.yaml:1:1: sizing: unknown sizer plugin 'fixed'; installed sizer "
        "plugins: none installed (the default sizing; name one explicitly)",
    ]


def test_unknown_schedule_without_schedule_files(project_dir: Path) -> None:
    for f in (project_dir / "schedules").iterdir():
        f.unlink()
    assert errors(project_dir, BOT + "schedule: rth\n")[-1] == (
        "strategies.d/t.yaml:7:11: schedule: unknown schedule 'rth': no schedule file was "
        "loaded (none in ./schedules/ or in schedules/ beside the bot's folder); name the "
        "folder with --schedules DIR, or list it after the bot files"
    )


def test_contract_table_checks(project_dir: Path) -> None:
    pytest.importorskip("runner.contracts.table")
    pytest.importorskip("runner.contracts.symbols")
    text = (
        "name: t\ninstruments:\n  gc: {root: GX}\n  es: {symbol: EZZ6}\n  uso: {symbol: USO}\n"
        "signals: [{use: rule, long: close > 1}]\n"
    )
    found = errors(project_dir, text)
    assert found[0].startswith(
        "strategies.d/t.yaml:3:14: instruments.gc.root: unknown contract root 'GX'; "
        "known: 6E, 6J, CL, ES, GC,"
    )
    assert found[1].startswith(
        "strategies.d/t.yaml:4:16: instruments.es.symbol: unknown contract root 'EZ'; known:"
    )
    assert len(found) == 2


_PAPER_FIX = (
    "broker 'rithmic' sends orders to a real account, but the bot is mode: paper; to "
    "paper-trade live data keep the live feed and set broker: paper, or set mode: live to "
    "trade through 'rithmic' (and start with --live)"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # mode: paper is the default
            BOT + "broker: {use: rithmic, connection: rithmic_test}\n",
            f"strategies.d/t.yaml:7:1: broker: {_PAPER_FIX}",
        ),
        (
            BOT + "mode: paper\nbroker:\n  use: rithmic\n  connection: rithmic_test\n",
            f"strategies.d/t.yaml:8:1: broker: {_PAPER_FIX}",
        ),
    ],
)
def test_a_paper_bot_naming_a_live_broker_is_told_the_fix(
    project_dir: Path, text: str, expected: str
) -> None:
    assert errors(project_dir, text) == [expected]


def test_a_live_feed_with_the_paper_broker_and_a_live_bot_with_a_live_broker_are_valid(
    project_dir: Path,
) -> None:
    live_data = BOT + "feed: {use: rithmic, connection: rithmic_test}\nbroker: paper\n"
    assert errors(project_dir, live_data) == []
    live = BOT + (
        "mode: live\nbroker: {use: rithmic, connection: rithmic_test}\n"
        "exits: [{use: stop, stop: {ticks: 20}}]\nrisk: {max_daily_loss: 1000}\n"
    )
    assert errors(project_dir, live) == []
