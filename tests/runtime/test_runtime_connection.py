"""Connection reports of feeds and brokers through the real runtime: events, and no entries
while a bot's broker is away."""

from __future__ import annotations

import asyncio
from pathlib import Path

import runtime_drops
from runtime_support import bot_yaml, events, query

from runner.api.status import ConnectionEvent, ConnectionState
from runner.config.project import load_project
from runner.plugins import PluginRegistry, make_manager
from runner.runtime.runtime import Runtime, StartOptions

DROP, BACK = 1500, 3000  # in the broker's bars (GC minutes) and the feed's events


def registry() -> PluginRegistry:
    return PluginRegistry(make_manager(runtime_drops, entry_points=True))


def drops_bot(folder: Path, name: str, *, drop: int, back: int) -> Path:
    """The runtime tests' crossover bot, on the dropping feed and broker (a live bot: a
    paper bot would get the plain paper broker)."""
    text = (
        bot_yaml(name)
        .replace("mode: paper", "mode: live")
        .replace(
            "feed: replay",
            f"feed: {{use: dropping_replay, drop_after: {drop}, back_after: {back}}}",
        )
        .replace(
            "broker: paper",
            f"broker: {{use: dropping_paper, drop_after: {drop}, back_after: {back}}}",
        )
    )
    path = folder / "strategies.d" / f"{name}.yaml"
    path.write_text(text)
    return path


def run(base: Path, bot: Path, logs: Path, reg: PluginRegistry) -> Runtime:
    project = load_project([bot, base / "schedules"], registry=reg, base=base)
    assert not project.errors, [str(e) for e in project.errors]
    opts = StartOptions(live=True, log_dir=logs, speed=0, check_interval=0.2, quiet=True)
    runtime = Runtime(project, opts, reg)
    assert asyncio.run(runtime.run()) == 0
    runtime.journal.close()
    return runtime


def entries(logs: Path, bot: str) -> list[int]:
    rows = query(logs, "SELECT ts FROM orders WHERE bot = ? AND role = 'entry'", (bot,))
    return sorted(ts for (ts,) in rows)


def test_a_drop_and_a_return_are_events_and_no_entry_goes_out_in_between(
    project_dir: Path,
) -> None:
    reg = registry()
    bot = drops_bot(project_dir, "dropper", drop=DROP, back=BACK)
    logs = project_dir / "drops"
    run(project_dir, bot, logs, reg)

    connection = events(logs, "connection")
    mine = [e for e in connection if e.get("broker") == "dropping_paper"]
    assert [e["event"] for e in mine] == ["connecting", "connected", "disconnected", "reconnected"]
    connecting, mine = mine[0], mine[1:]
    assert all(e["bot"] == "dropper" and e["channel"] == "order" for e in mine)
    assert mine[1]["reason"] == "order plant closed the socket"
    assert connecting["bot"] == "dropper"

    feed = [e for e in connection if e.get("feed") == "dropping_replay"]
    assert [e["event"] for e in feed] == [
        "connected",
        "disconnected",
        "reconnected",
        "resubscribed",
    ]
    feed = feed[1:]  # the core says a quiet feed connected; the rest the feed reported
    assert all(e["bot"] == "" and e["channel"] == "ticker" for e in feed)
    assert feed[0]["reason"] == "feed cut"

    down, up = (to_ns(e["time"]) for e in mine[1:])
    assert down < up
    sent = entries(logs, "dropper")
    assert not [ts for ts in sent if down <= ts < up], "an entry went out while disconnected"
    assert [ts for ts in sent if ts >= up], "no entry after the broker came back"

    # the same bot on the same data with a connection that never drops enters in that span
    steady = drops_bot(project_dir, "steady", drop=0, back=0)
    calm = project_dir / "calm"
    run(project_dir, steady, calm, reg)
    assert [ts for ts in entries(calm, "steady") if down <= ts < up]
    assert [ts for ts in entries(calm, "steady") if ts < down] == [ts for ts in sent if ts < down]


def test_a_broker_is_up_only_when_every_channel_it_lost_is_back(project_dir: Path) -> None:
    reg = registry()
    bot = drops_bot(project_dir, "plants", drop=0, back=0)
    project = load_project([bot, project_dir / "schedules"], registry=reg, base=project_dir)
    opts = StartOptions(live=True, log_dir=project_dir / "logs", speed=0, quiet=True)
    runtime = Runtime(project, opts, reg)
    runtime.build()
    runner = runtime.supervisor.slots["plants"].runner
    broker = runner.broker
    allowed = []

    def report(state: ConnectionState, channel: str) -> None:
        broker.status(ConnectionEvent(state, 1, channel=channel))
        allowed.append(runtime.connections.broker_up(broker))

    report(ConnectionState.DISCONNECTED, "order")
    report(ConnectionState.DISCONNECTED, "pnl")
    report(ConnectionState.RECONNECTED, "order")
    # a bot rebuilt now (a restart after a crash) learns its broker is still down
    rebuilt = runtime.crashes.rebuild(runtime.supervisor.slots["plants"].loaded, broker)
    assert not rebuilt.entries_allowed()
    report(ConnectionState.RECONNECTED, "pnl")
    assert allowed == [False, False, False, True]
    report(ConnectionState.DISCONNECTED, "order")
    report(ConnectionState.CONNECTED, "")  # the whole connection, every channel with it
    assert allowed[-2:] == [False, True]
    assert runner.entries_allowed()
    runtime.journal.close()


def to_ns(iso: str) -> int:
    from datetime import datetime

    return int(datetime.fromisoformat(iso).timestamp() * 1e9)
