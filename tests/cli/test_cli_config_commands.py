"""runner validate / schema / plugins, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import cfgtest_plugins
import pytest
from typer.testing import CliRunner

from runner.plugins import PluginError

runner = CliRunner()


def test_validate_ok(app, project_dir: Path) -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "ok    connections.yaml        3 connection profiles: hist (replay), rithmic_test "
        "(rithmic), tws (ib)",
        "ok    strategies.d/gold.yaml  bot gold_rsi_bb: 2 instruments, 3 indicators, 1 filter, "
        "1 signal, 2 exits; feed replay, broker paper, sizing fixed, schedule comex_day",
        "ok    schedules/comex.yaml    2 schedules: comex_day, eia",
    ]


def test_validate_lists_every_error_of_every_file(app, project_dir: Path) -> None:
    (project_dir / "strategies.d" / "b.yaml").write_text(
        "name: b\ninstruments: {gc: {root: GC}}\nsignals: [{use: rule, long: x > 1}]\n"
        "risk: {max_position: 0}\n"
    )
    (project_dir / "schedules" / "bad.yaml").write_text(
        "schedules:\n  x:\n    timezone: Mars/Olympus\n    calendar: CMES\n"
    )
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "ok    connections.yaml        3 connection profiles: hist (replay), rithmic_test "
        "(rithmic), tws (ib)",
        "FAIL  strategies.d/b.yaml     2 errors",
        "ok    strategies.d/gold.yaml  bot gold_rsi_bb: 2 instruments, 3 indicators, 1 filter, "
        "1 signal, 2 exits; feed replay, broker paper, sizing fixed, schedule comex_day",
        "FAIL  schedules/bad.yaml      1 error",
        "ok    schedules/comex.yaml    2 schedules: comex_day, eia",
        "",
        "schedules/bad.yaml:3:15: schedules.x.timezone: unknown time zone 'Mars/Olympus' "
        "(for example America/New_York)",
        "strategies.d/b.yaml:3:29: signals[0].long: unknown name 'x'",
        "strategies.d/b.yaml:4:22: risk.max_position: Input should be greater than 0",
        "",
        "3 errors in 2 of 5 files",
    ]


def test_validate_json(app, project_dir: Path) -> None:
    (project_dir / "strategies.d" / "gold.yaml").write_text("name: [\n")
    result = runner.invoke(app, ["validate", "--format", "json"])
    assert result.exit_code == 1
    out = json.loads(result.output)
    assert out["ok"] is False
    assert out["errors"] == [
        {
            "file": "strategies.d/gold.yaml",
            "line": 2,
            "column": 1,
            "path": "",
            "message": "unexpected end of file; is a bracket or a quote left open?",
        }
    ]
    assert {f["file"]: f["ok"] for f in out["files"]} == {
        "connections.yaml": True,
        "strategies.d/gold.yaml": False,
        "schedules/comex.yaml": True,
    }


def test_validate_warnings_and_strict(app, project_dir: Path, monkeypatch) -> None:
    monkeypatch.delenv("RT_USER", raising=False)
    bot = project_dir / "strategies.d" / "gold.yaml"
    bot.write_text(bot.read_text().replace("connection: hist", "connection: rithmic_test"))
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == [
        "warning: connections.yaml:12:5: connections.rithmic_test.user: environment variable "
        "RUNNER_TEST_RITHMIC_USER is not set",
        "warning: connections.yaml:13:5: connections.rithmic_test.password: credentials key "
        "'rithmic_test_password': file credentials.yaml not found (copy "
        "credentials.example.yaml to credentials.yaml and fill it in)",
    ]
    result = runner.invoke(app, ["validate", "--strict", "--format", "json"])
    assert result.exit_code == 1
    out = json.loads(result.output)
    assert out["ok"] is False and out["errors"] == [] and len(out["warnings"]) == 2


def test_validate_named_paths_and_missing_path(app, project_dir: Path) -> None:
    result = runner.invoke(app, ["validate", "strategies.d/gold.yaml"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["validate", "nowhere/"])
    assert result.exit_code == 1
    assert "nowhere: no such file or directory" in result.output


def test_validate_a_missing_file_is_the_one_that_fails(app, project_dir: Path) -> None:
    missing = project_dir.parent / "nonexist.yaml"
    result = runner.invoke(app, ["validate", str(missing)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("ok    connections.yaml")
    assert lines[1].split() == ["FAIL", str(missing), "1", "error"]
    assert f"{missing}: no such file or directory" in lines
    assert lines[-1] == "1 error in 1 of 2 files"


@pytest.mark.parametrize("layout", ["nothing", "empty strategies.d", "connections only"])
def test_validate_with_nothing_to_check_fails_in_one_line(
    app, registry, tmp_path: Path, monkeypatch, layout: str
) -> None:
    monkeypatch.chdir(tmp_path)
    if layout == "empty strategies.d":
        (tmp_path / "strategies.d").mkdir()
        (tmp_path / "strategies.d" / "notes.txt").write_text("not a bot")
    if layout == "connections only":
        (tmp_path / "connections.yaml").write_text("connections:\n  h: {kind: replay}\n")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    if layout == "empty strategies.d":
        assert result.output == "error: strategies.d: no *.yaml or *.yml files found\n"
    elif layout == "nothing":
        assert result.output == (
            "error: strategies.d: no such file or directory "
            "(run in a project folder or name the files to check)\n"
        )
    else:
        assert result.output.splitlines()[-3:] == [
            "strategies.d: no such file or directory "
            "(run in a project folder or name the files to check)",
            "",
            "1 error in 1 of 2 files",
        ]


def test_validate_plugin_clash_exits_2(app, project_dir: Path, monkeypatch) -> None:
    def clash():
        raise PluginError("two indicator plugins are named 'x': one from package 'a' ...")

    monkeypatch.setattr("runner.plugins.registry", clash)
    for args in (["validate"], ["plugins"], ["schema"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        assert "error: two indicator plugins are named 'x'" in result.output
        assert "Traceback" not in result.output


def test_plugins_table_and_json(app, registry) -> None:
    result = runner.invoke(app, ["plugins"])
    assert result.exit_code == 0
    assert "bands" in result.output and "Bands around a moving average (test)." in result.output
    result = runner.invoke(app, ["plugins", "--format", "json"])
    rows = json.loads(result.output)
    sma = next(r for r in rows if r["name"] == "sma")
    assert sma["kind"] == "indicator" and sma["package"] == "cfgtest_plugins"
    assert sma["summary"] == "Simple moving average (test)."
    assert [(r["kind"], r["name"]) for r in rows] == [
        (i.kind.value, i.name) for i in registry.all()
    ]
    assert all(set(r) >= {"kind", "name", "package", "version", "summary"} for r in rows)


def test_schema_has_each_plugin_params_discriminated_on_use(app, registry, tmp_path) -> None:
    out = tmp_path / "s.json"
    result = runner.invoke(app, ["schema", "--output", str(out)])
    assert result.exit_code == 0, result.output
    schema = json.loads(out.read_text())
    defs = schema["$defs"]
    assert defs["IndicatorSma"]["properties"]["period"]["exclusiveMinimum"] == 0
    assert defs["IndicatorSma"]["properties"]["use"]["const"] == "sma"
    assert defs["IndicatorSma"]["additionalProperties"] is False
    ind = schema["properties"]["indicators"]["additionalProperties"]["anyOf"]
    assert ind[0] == {"enum": ["bands", "sma"], "type": "string"}
    assert ind[1]["discriminator"]["propertyName"] == "use"
    assert set(ind[1]["discriminator"]["mapping"]) == {"bands", "sma"}
    assert "ExitStop" in defs and "StopSpec" in defs
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"name", "instruments", "signals"}


def test_schema_document_types(app, registry) -> None:
    for doc in ("schedules", "connections"):
        result = runner.invoke(app, ["schema", "--document", doc])
        assert result.exit_code == 0
        assert json.loads(result.output)["title"] == f"runner {doc}"
    result = runner.invoke(app, ["schema", "--document", "nope"])
    assert result.exit_code == 2


@pytest.mark.parametrize("command", ["validate", "schema", "plugins"])
def test_help(app, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_schema_validates_the_sample_bot(registry) -> None:
    """The sample bot satisfies the generated schema (checked with pydantic's own model)."""
    from runner.config.jsonschema import bot_schema

    schema = bot_schema(registry.all())
    assert "IndicatorBands" in schema["$defs"]
    assert cfgtest_plugins.Bands.Params.model_json_schema()["properties"]["width"]["default"] == 2


@pytest.mark.parametrize(
    ("doc", "shown"),
    [
        ("Mean of the last ``period`` bars.", "Mean of the last period bars."),
        ("Long when ``fast`` crosses ``slow``.", "Long when fast crosses slow."),
        ("Reads a :class:`Bar` and `links`_.", "Reads a Bar and links."),
        ("Nothing to strip (RSI > 70).", "Nothing to strip (RSI > 70)."),
    ],
)
def test_plugin_summaries_lose_rest_markup(doc: str, shown: str) -> None:
    from runner.commands.plugins import plain

    assert plain(doc) == shown


def test_plugins_listing_shows_plain_summaries(app, registry, monkeypatch) -> None:
    sma = next(i for i in registry.all() if i.name == "sma")
    monkeypatch.setattr(sma.cls, "__doc__", "Mean of the last ``period`` bars, in [0, 1e9].")
    result = runner.invoke(app, ["plugins"])
    assert "Mean of the last period bars, in [0, 1e9]." in " ".join(result.output.split())
    assert "``" not in result.output
    rows = json.loads(runner.invoke(app, ["plugins", "--format", "json"]).output)
    assert next(r for r in rows if r["name"] == "sma")["summary"] == (
        "Mean of the last period bars, in [0, 1e9]."
    )


def test_a_bot_without_a_schedule_gets_a_warning_not_an_error(app, project_dir: Path) -> None:
    bot = project_dir / "strategies.d" / "gold.yaml"
    bot.write_text(bot.read_text().replace("schedule: comex_day\n", ""))
    warning = (
        "warning: strategies.d/gold.yaml:2:1: schedule: not set; this bot will trade around "
        "the clock, whenever the feed has bars, and is never flattened before a close (add "
        "'schedule: NAME' with a schedule from schedules/)"
    )
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert warning in result.output.splitlines()
    result = runner.invoke(app, ["validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["ok"] is True
    assert [w["path"] for w in out["warnings"]] == ["schedule"]
    assert out["warnings"][0]["message"].startswith("not set; this bot will trade around the clock")
    assert runner.invoke(app, ["validate", "--strict"]).exit_code == 1
    # start is not stopped by it
    from runner.config.project import load_project

    assert all(p.path != "schedule" for p in load_project().start_problems())
