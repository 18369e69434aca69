"""The web API of a real ``runner start --web``, and the operator commands that use it.

These run before the browser's tests on the same runner and leave every bot trading
(what they pause or flatten they resume).
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from tests.web.live import LiveRunner

BOT = "gold_rsi_bb"


def operator_rows(runner: LiveRunner) -> list[tuple[str, str, str, str, str, int]]:
    with closing(sqlite3.connect(runner.journal)) as db:
        rows = db.execute(
            "SELECT who, via, origin, action, bot, ok FROM operator_actions ORDER BY rowid"
        ).fetchall()
    return [tuple(r) for r in rows]


def bot_status(runner: LiveRunner, bot: str) -> dict:
    status, snap = runner.request("GET", "/api/snapshot")
    assert status == 200
    (st,) = [b for b in snap["bots"] if b["bot"] == bot]
    return st


def test_no_token_no_access(live_runner: LiveRunner) -> None:
    for path in ("/api/snapshot", "/api/stream", "/api/journal"):
        assert live_runner.request("GET", path, token=None)[0] == 401
        assert live_runner.request("GET", path, token="x" * 32)[0] == 401
    before = operator_rows(live_runner)
    act = {"x-runner-action": "test"}
    status, body = live_runner.request("POST", f"/api/bots/{BOT}/pause", {}, None, act)
    assert status == 401 and "token" in body["error"]
    # with the token but without the action header (what a form on another site would send)
    assert live_runner.request("POST", f"/api/bots/{BOT}/pause", {})[0] == 403
    assert live_runner.request("POST", "/api/login", {"token": "wrong" * 5}, None)[0] == 401
    assert operator_rows(live_runner) == before  # nothing happened, nothing journaled
    assert not bot_status(live_runner, BOT)["paused"]


def test_the_snapshot_shows_every_bot_and_the_portfolio(live_runner: LiveRunner) -> None:
    status, snap = live_runner.request("GET", "/api/snapshot")
    assert status == 200
    assert len(snap["bots"]) == 8
    for st in snap["bots"]:
        assert {"state", "position", "orders", "last_signal", "pnl", "feed", "broker"} <= set(st)
    total = sum(st["equity"] for st in snap["bots"])
    assert abs(snap["portfolio"]["equity"] - total) < 0.01
    assert snap["portfolio"]["drawdown"] >= 0


def test_runner_status_against_the_running_runner(live_runner: LiveRunner) -> None:
    done = live_runner.cli("status")
    assert done.returncode == 0, done.stderr
    for name in ("gold_rsi_bb", "mcl_uso_pairs", "es_vix_reversion"):
        assert name in done.stdout
    assert "equity" in done.stdout and live_runner.url in done.stdout
    as_json = live_runner.cli("status", "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    assert len(json.loads(as_json.stdout)["bots"]) == 8


def test_pause_resume_and_flatten_commands(live_runner: LiveRunner) -> None:
    paused = live_runner.cli("pause", BOT)
    assert paused.returncode == 0, paused.stderr
    assert f"pause {BOT}: paused" in paused.stdout
    assert bot_status(live_runner, BOT)["paused"]
    who, via, origin, action, bot, ok = operator_rows(live_runner)[-1]
    assert (via, origin, action, bot, ok) == ("cli", "127.0.0.1", "pause", BOT, 1)
    assert "@" in who  # user@host of the shell that asked

    resumed = live_runner.cli("resume", BOT)
    assert resumed.returncode == 0, resumed.stderr
    assert not bot_status(live_runner, BOT)["paused"]

    flat = live_runner.cli("flatten", "cl_session_scalp")
    assert flat.returncode == 0, flat.stderr
    assert "flatten cl_session_scalp: " in flat.stdout and "paused" in flat.stdout
    st = bot_status(live_runner, "cl_session_scalp")
    assert st["paused"]
    assert operator_rows(live_runner)[-1][3:] == ("flatten", "cl_session_scalp", 1)
    assert live_runner.cli("resume", "cl_session_scalp").returncode == 0

    unknown = live_runner.cli("flatten", "no_such_bot")
    assert unknown.returncode == 1
    assert "no bot named 'no_such_bot'" in unknown.stderr and "gold_rsi_bb" in unknown.stderr
    assert operator_rows(live_runner)[-1][3:] == ("flatten", "no_such_bot", 0)


def test_the_kill_switch_is_armed_before_it_acts(live_runner: LiveRunner) -> None:
    act = {"x-runner-action": "test", "x-operator": "api-test"}
    status, armed = live_runner.request("POST", "/api/flatten-all", {}, headers=act)
    assert status == 409 and len(armed["confirm"]) >= 8 and armed["expires_s"] > 0
    status, refused = live_runner.request(
        "POST", "/api/flatten-all", {"confirm": "not-the-code"}, headers=act
    )
    assert status == 409 and "unknown or expired" in refused["result"]
    assert operator_rows(live_runner)[-1] == (
        "api-test",
        "web",
        "127.0.0.1",
        "flatten_all",
        "*",
        0,
    )
    # from a shell without a terminal and without --yes: not confirmed, nothing done
    done = live_runner.cli("flatten", "--all")
    assert done.returncode == 1 and "not confirmed" in done.stderr
    assert all(not b["paused"] for b in live_runner.request("GET", "/api/snapshot")[1]["bots"])
    assert [r for r in operator_rows(live_runner) if r[3] == "flatten_all" and r[5]] == []


def test_metrics_behind_the_token(live_runner: LiveRunner) -> None:
    import urllib.error
    import urllib.request

    from prometheus_client.parser import text_string_to_metric_families

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(live_runner.url + "/metrics", timeout=30)
    assert refused.value.code == 401
    req = urllib.request.Request(
        live_runner.url + "/metrics", headers={"authorization": f"Bearer {live_runner.token}"}
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        text = r.read().decode()
    families = {f.name: f for f in text_string_to_metric_families(text)}
    assert {"runner_equity_dollars", "runner_position_contracts"} <= set(families)
    bots = {s.labels["bot"] for s in families["runner_equity_dollars"].samples}
    assert len(bots) == 8
