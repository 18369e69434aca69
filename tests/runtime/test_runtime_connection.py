"""Connection reports of feeds and brokers through the real runtime: events, and no entries
while a bot's broker is away."""

from __future__ import annotations

import asyncio
import io
import re
from pathlib import Path
from typing import Any

import runtime_drops
from rich.console import Console
from runtime_support import bot_yaml, events, query

from runner.api.status import ConnectionEvent, ConnectionState
from runner.config.project import load_project
from runner.console import EventPrinter
from runner.dashboard import Dashboard
from runner.events import Heartbeat as Beat
from runner.model import NS, Bar
from runner.plugins import PluginRegistry, make_manager
from runner.runtime.runtime import Runtime, StartOptions

DROP, BACK = 1500, 3000  # in the broker's bars (GC minutes) and the feed's events


def registry() -> PluginRegistry:
    return PluginRegistry(make_manager(runtime_drops, entry_points=True))


def drops_bot(
    folder: Path, name: str, *, drop: int, back: int, repeat: bool = False, root: str = "GC"
) -> Path:
    """The runtime tests' crossover bot, on the dropping feed and broker (a live bot: a
    paper bot would get the plain paper broker)."""
    args = f"drop_after: {drop}, back_after: {back}" + (", repeat: true" if repeat else "")
    text = (
        bot_yaml(name, root=root)
        .replace("mode: paper", "mode: live")
        .replace("feed: replay", f"feed: {{use: dropping_replay, {args}}}")
        .replace("broker: paper", f"broker: {{use: dropping_paper, {args}}}")
    )
    path = folder / "strategies.d" / f"{name}.yaml"
    path.write_text(text)
    return path


def run(
    base: Path, bot: Path, logs: Path, reg: PluginRegistry, printer: EventPrinter | None = None
) -> Runtime:
    project = load_project([bot, base / "schedules"], registry=reg, base=base)
    assert not project.errors, [str(e) for e in project.errors]
    opts = StartOptions(live=True, log_dir=logs, speed=0, check_interval=0.2, quiet=True)
    runtime = Runtime(project, opts, reg, printer)
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


def test_a_plugin_repeating_a_state_gives_one_event_and_one_timestamped_line(
    project_dir: Path,
) -> None:
    """Both plugins say ``disconnected`` at every event while down (a retrying plugin):
    the logs and the console get each change once, and every console line has a time."""
    reg = registry()
    bot = drops_bot(project_dir, "chatty", drop=DROP, back=BACK, repeat=True)
    logs = project_dir / "chatty"
    out = io.StringIO()
    printer = EventPrinter(Console(file=out, width=200, highlight=False))
    run(project_dir, bot, logs, reg, printer)

    connection = events(logs, "connection")
    broker = [e["event"] for e in connection if e.get("broker") == "dropping_paper"]
    feed = [e["event"] for e in connection if e.get("feed") == "dropping_replay"]
    assert broker == ["connecting", "connected", "disconnected", "reconnected"]
    assert feed == ["connected", "disconnected", "reconnected", "resubscribed"]

    kind = re.compile(r" (CONNECTING|CONNECTED|DISCONNECTED|RECONNECTED|RESUBSCRIBED) ")
    lines = [line for line in out.getvalue().splitlines() if kind.search(line)]
    down = [line for line in lines if " DISCONNECTED " in line]
    assert len(down) == 2, lines  # one for the broker, one for the feed
    assert len(lines) == 8, lines
    stamp = re.compile(r"^\d\d-\d\d \d\d:\d\d:\d\d ")
    assert all(stamp.match(line) for line in lines), lines


class Clock:
    """The runtime's injected clock, moved by the test."""

    def __init__(self, now: int) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += int(seconds * NS)


def beat(runtime: Runtime) -> dict[str, dict[str, Any]]:
    """One real heartbeat: the ``heartbeat`` event's entry of each bot, by name."""
    beats: list[Beat] = []

    def keep(event: Any) -> None:
        if isinstance(event, Beat):
            beats.append(event)

    async def once() -> None:
        stopping = asyncio.Event()
        runtime.heartbeat.listeners.append(lambda _: stopping.set())
        runtime.emit.sinks.append(keep)
        try:
            await runtime.heartbeat.run(stopping)
        finally:
            runtime.heartbeat.listeners.pop()
            runtime.emit.sinks.remove(keep)

    asyncio.run(once())
    assert len(beats) == 1
    return {st["bot"]: st for st in beats[0].bots}


def links(entry: dict[str, Any]) -> tuple[str, str, str]:
    return entry["state"], entry["feed"], entry["broker"]


def test_the_heartbeat_shows_each_bots_feed_and_broker_and_seconds_down(
    project_dir: Path,
) -> None:
    reg = registry()
    bots = [
        drops_bot(project_dir, "gold", drop=0, back=0),
        drops_bot(project_dir, "crude", drop=0, back=0, root="CL"),
    ]
    project = load_project([*bots, project_dir / "schedules"], registry=reg, base=project_dir)
    assert not project.errors, [str(e) for e in project.errors]
    clock = Clock(1_800_000_000 * NS)
    opts = StartOptions(
        live=True, log_dir=project_dir / "logs", speed=0, check_interval=0.01, quiet=True
    )
    opts.clock = clock
    runtime = Runtime(project, opts, reg)
    runtime.journal.start_run(clock())
    runtime.build()
    [(feed, readers)] = runtime.feeds
    assert len(readers) == 2  # one feed shared by both bots
    gold = runtime.supervisor.slots["gold"].runner
    crude = runtime.supervisor.slots["crude"].runner
    broker = gold.broker
    ok = ("running", "connected", "connected")
    assert {b: links(e) for b, e in beat(runtime).items()} == {"gold": ok, "crude": ok}

    def say(plugin: Any, state: ConnectionState, channel: str, reason: str = "") -> None:
        plugin.status(ConnectionEvent(state, clock(), channel=channel, reason=reason))

    say(broker, ConnectionState.DISCONNECTED, "order", "order plant closed the socket")
    clock.advance(42)
    now = beat(runtime)
    assert links(now["gold"]) == ("disconnected", "connected", "disconnected 42s")
    assert not gold.pipeline.connected  # the gate of new entries
    say(broker, ConnectionState.DISCONNECTED, "order", "again")  # a retry: not a new drop
    clock.advance(3)
    assert links(beat(runtime)["gold"]) == ("disconnected", "connected", "disconnected 45s")
    say(broker, ConnectionState.RECONNECTED, "order")
    assert links(beat(runtime)["gold"]) == ok
    assert gold.pipeline.connected

    say(feed, ConnectionState.DISCONNECTED, "ticker", "feed cut")  # every reader is cut off
    clock.advance(7.9)
    now = beat(runtime)
    assert (
        links(now["gold"])
        == links(now["crude"])
        == ("disconnected", "disconnected 7s", "connected")
    )
    say(feed, ConnectionState.RECONNECTED, "ticker")
    assert links(beat(runtime)["crude"]) == ok

    # one contract lost (it could not be subscribed again): only the bot reading it is down
    [cl] = crude.by_symbol
    say(feed, ConnectionState.DISCONNECTED, cl, "no security definition")
    clock.advance(5)
    now = beat(runtime)
    assert links(now["crude"]) == ("disconnected", "disconnected 5s", "connected")
    assert links(now["gold"]) == ok
    assert not crude.pipeline.connected and gold.pipeline.connected
    say(feed, ConnectionState.RESUBSCRIBED, cl)
    assert links(beat(runtime)["crude"]) == ok

    # the feed's stale-market notice: stale until a newer bar of the symbol comes
    [gc] = gold.by_symbol
    for notice in feed.on_stale:
        notice(gc, 30.0)
    now = beat(runtime)
    assert links(now["gold"]) == ("running", "stale", "connected")
    assert links(now["crude"]) == ok
    last = gold.by_symbol[gc].bar
    start = last.end if last is not None else clock()
    bar = Bar(gc, start, start + 60 * NS, 1300.0, 1301.0, 1299.0, 1300.5, 10.0)

    async def deliver() -> None:
        runtime.market.bar(bar)
        await asyncio.sleep(0)

    asyncio.run(deliver())
    assert links(beat(runtime)["gold"]) == ok
    runtime.journal.close()


def test_the_dashboard_shows_each_bots_feed_and_broker(project_dir: Path) -> None:
    reg = registry()
    bot = drops_bot(project_dir, "shown", drop=0, back=0)
    project = load_project([bot, project_dir / "schedules"], registry=reg, base=project_dir)
    clock = Clock(1_800_000_000 * NS)
    opts = StartOptions(live=True, log_dir=project_dir / "logs", speed=0, quiet=True)
    opts.clock = clock
    runtime = Runtime(project, opts, reg)
    runtime.build()
    broker = runtime.supervisor.slots["shown"].runner.broker
    broker.status(ConnectionEvent(ConnectionState.DISCONNECTED, clock(), channel="order"))
    clock.advance(12)
    out = io.StringIO()
    console = Console(file=out, width=220, highlight=False)
    console.print(Dashboard(runtime, console)._bots())
    [row] = [line for line in out.getvalue().splitlines() if "shown" in line]
    assert re.search(r"shown\W+disconnected\W.*\bconnected\W+disconnected 12s", row), row
    runtime.journal.close()
