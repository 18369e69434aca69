"""``runner data fetch`` as a trader types it: a connection profile from a connections file,
the progress and the summary, a re-run that fetches nothing, and one-line errors."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import typer
from fetch_support import gc_bars, session_minutes, sim_clock
from typer.testing import CliRunner

from runner.catalog.store import Catalog
from runner.commands.data import fetch as fetch_cmd
from runner_sims.rithmic.server import RithmicServer

PINNED_NOW = 1_790_000_000 * 10**9  # 2026-09-21: every session of the tests has closed


@pytest.fixture
def served(tmp_path: Path) -> Iterator[RithmicServer]:
    """The R|Protocol server on a loop of its own thread: the command runs its own loop."""
    loop = asyncio.new_event_loop()
    srv = RithmicServer({"GC": gc_bars()}, clock=sim_clock(), cert_dir=tmp_path / "certs")
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(srv.start(), loop).result(60)
    try:
        yield srv
    finally:
        asyncio.run_coroutine_threadsafe(srv.stop(), loop).result(60)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setattr(fetch_cmd, "NOW", lambda: PINNED_NOW)
    monkeypatch.setenv("FETCH_SIM_USER", "trader")
    monkeypatch.setenv("FETCH_SIM_PASSWORD", "s3cret-pw")
    group = typer.Typer()
    fetch_cmd.register(group)

    @group.callback()
    def _data() -> None:
        """runner data"""

    return group


def _connections(tmp_path: Path, srv: RithmicServer) -> Path:
    path = tmp_path / "connections.yaml"
    path.write_text(
        "schema_version: 1\n"
        "connections:\n"
        "  sim:\n"
        "    kind: rithmic\n"
        f"    uri: {srv.uri}\n"
        "    system_name: Rithmic Test\n"
        "    app_name: runner\n"
        "    app_version: '0.1'\n"
        f"    ca_file: {srv.ca_file}\n"
        "    user: {env: FETCH_SIM_USER}\n"
        "    password: {env: FETCH_SIM_PASSWORD}\n"
    )
    return path


def test_fetch_then_a_re_run_that_fetches_nothing(
    app: typer.Typer, served: RithmicServer, tmp_path: Path
) -> None:
    config = _connections(tmp_path, served)
    args = ["fetch", "GC", "--from", "2026-05-26", "--to", "2026-05-28", "--bars", "1m"]
    args += ["--connection", "sim", "--config", str(config), "--catalog", str(tmp_path / "cat")]
    args += ["--roll", "first_notice:2"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    said = " ".join(first.output.split())
    assert "3 sessions (GCM6, GCQ6); 0 held, 0 not closed yet, 3 to fetch from rithmic" in said
    assert "fetched 3 session day(s), 4,320 bars" in said and "(GCM6: 1, GCQ6: 2)" in said
    catalog = Catalog(tmp_path / "cat")
    assert catalog.held_days("GCQ6", "1m") == {date(2026, 5, 27), date(2026, 5, 28)}
    rows = sum(session_minutes("COMEX", date(2026, 5, d)) for d in (26, 27, 28))
    held = catalog.read("GCM6", "1m").num_rows + catalog.read("GCQ6", "1m").num_rows
    assert held == rows
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0, again.output
    said = " ".join(again.output.split())
    assert "3 held, 0 not closed yet, 0 to fetch" in said and "nothing to fetch" in said


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"--from": "2026-13-01"}, "--from: '2026-13-01' is not a date (YYYY-MM-DD)"),
        ({"--connection": "nosuch"}, "--connection: 'nosuch' is not a profile in"),
        ({"--bars": "5m"}, "--bars 5m: rithmic offers 1m, 1s, tick (1m: minute bars"),
        ({"--source": "ib"}, "--source ib: connection 'sim' is a rithmic profile"),
        ({"--roll": "first:2"}, "--roll: 'first:2': the basis is first_notice or last_trade"),
        ({"target": "XX"}, "'XX' is neither a product root of the contract table nor a contract"),
        ({"--to": "2026-05-01"}, "--to 2026-05-01 is before --from 2026-05-26"),
        ({"target": "GCH6"}, "'GCH6': GC lists the months GJMQVZ, and H is not one of them"),
    ],
)
def test_bad_input_is_one_line(
    app: typer.Typer, tmp_path: Path, change: dict[str, str], message: str
) -> None:
    config = tmp_path / "connections.yaml"
    config.write_text(
        "schema_version: 1\nconnections:\n  sim:\n    kind: rithmic\n"
        "    uri: wss://127.0.0.1:1\n    system_name: Rithmic Test\n    app_name: runner\n"
        "    app_version: '0.1'\n    user: {env: FETCH_SIM_USER}\n"
        "    password: {env: FETCH_SIM_PASSWORD}\n"
    )
    opts = {"--from": "2026-05-26", "--to": "2026-05-28", "--connection": "sim"}
    target = change.pop("target", "GC")
    opts.update(change)
    args = ["fetch", target, "--config", str(config), "--catalog", str(tmp_path / "c")]
    for k, v in opts.items():
        args += [k, v]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_a_venue_that_is_not_there_is_one_line(app: typer.Typer, tmp_path: Path) -> None:
    config = tmp_path / "connections.yaml"
    config.write_text(
        "schema_version: 1\nconnections:\n  gone:\n    kind: ib\n    host: 127.0.0.1\n"
        "    port: 9\n    client_id: 5\n    timeout: 0.5\n"
    )
    args = ["fetch", "GCQ6", "--from", "2026-06-01", "--to", "2026-06-02", "--connection"]
    args += ["gone", "--config", str(config), "--catalog", str(tmp_path / "c")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert "2 to fetch from ib (gone)" in said
    assert "error: nothing accepts connections at 127.0.0.1:9" in said
    assert "Traceback" not in result.output


def test_trades_are_fetched_listed_and_checked(
    app: typer.Typer, served: RithmicServer, tmp_path: Path
) -> None:
    from runner.commands.data import check as check_cmd
    from runner.commands.data import list as list_cmd

    list_cmd.register(app)
    check_cmd.register(app)
    config = _connections(tmp_path, served)
    catalog = ["--catalog", str(tmp_path / "cat")]
    args = ["fetch", "GCQ6", "--from", "2026-06-01", "--to", "2026-06-02", "--bars", "tick"]
    args += ["--connection", "sim", "--config", str(config), *catalog]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    trades = 4 * sum(session_minutes("COMEX", date(2026, 6, d)) for d in (1, 2))
    assert f"fetched 2 session day(s), {trades:,} trades" in " ".join(first.output.split())
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0 and "nothing to fetch" in " ".join(again.output.split())
    listed = CliRunner().invoke(app, ["list", *catalog])
    assert listed.exit_code == 0, listed.output
    row = next(line for line in listed.output.splitlines() if "GCQ6" in line)
    assert "tick" in row and f"{trades:,}" in row and "rithmic" in row
    checked = CliRunner().invoke(app, ["check", "--bar", "tick", *catalog])
    assert checked.exit_code == 0, checked.output
    said = " ".join(checked.output.split())
    assert f"GCQ6 tick: 2 days, {trades:,} trades, 0 gap(s), 0 bad day(s) (COMEX)" in said


REPO = Path(__file__).resolve().parents[2]


def test_a_root_is_fetched_by_the_roll_rule_of_the_project_bots() -> None:
    """Fetching GC for the gold bot gets the months it trades, first notice minus two days."""
    rule, said = fetch_cmd._bots_roll("GC", REPO)
    assert rule == ("first_notice", 2)
    assert said.startswith("roll first_notice:2: the rule of gold_rsi_bb")


def test_bots_that_disagree_keep_the_default_and_say_so(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(REPO / "schedules", tmp_path / "schedules")
    bots = tmp_path / "strategies.d"
    bots.mkdir()
    gold = (REPO / "strategies.d" / "gold_rsi_bb.yaml").read_text()
    (bots / "a.yaml").write_text(gold)
    other = gold.replace("name: gold_rsi_bb", "name: gold_late").replace(
        "roll: {basis: first_notice, days_before: 2}   # gold",
        "roll: {basis: last_trade, days_before: 3}   # gold",
    )
    assert other.count("last_trade") == 1
    (bots / "b.yaml").write_text(other)
    rule, said = fetch_cmd._bots_roll("GC", tmp_path)
    assert rule is None
    assert "different rules" in said and "last_trade:3 (gold_late)" in said
    assert fetch_cmd._bots_roll("CL", tmp_path) == (None, "")  # no bot reads CL
    assert fetch_cmd._bots_roll("GC", tmp_path / "schedules") == (None, "")  # no bot folder
