"""TWS restarts under a running bot and its contract can no longer be resolved: the real
runtime, the ``ib`` feed and the local TWS server. The bot is marked down (no entries,
``disconnected`` in the heartbeat), not left ``running`` on a feed that sends nothing."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from runner.config.project import load_project
from runner.events import Disconnected, Event, Subscribed
from runner.events import Heartbeat as Beat
from runner.plugins import registry
from runner.runtime.runtime import Runtime, StartOptions
from runner_sims.ib.server import TwsServer
from tests.ib.conftest import wait_until

BOT = """schema_version: 1
name: crude_ib
mode: paper
instruments:
  main: {{symbol: MCLZ3}}
bar_size: 1m
timezone: America/New_York
feed: {{use: ib, host: 127.0.0.1, port: {port}, client_id: {client_id}, reconnect_initial: 0.05}}
broker: paper
indicators:
  fast: {{use: sma, period: 3}}
  slow: {{use: sma, period: 8}}
signals:
  - use: rule
    long: "cross_above(fast, slow)"
    short: "cross_below(fast, slow)"
sizing: {{use: fixed, contracts: 1}}
risk: {{max_position: 1}}
capital: 100000
"""


async def test_a_contract_lost_in_a_tws_restart_marks_its_bot_down(
    tmp_path: Path, server: TwsServer, client_id: int
) -> None:
    path = tmp_path / "crude_ib.yaml"
    path.write_text(BOT.format(port=server.port, client_id=client_id))
    reg = registry()
    project = load_project([path], registry=reg, base=tmp_path)
    assert not project.errors, [str(e) for e in project.errors]
    opts = StartOptions(log_dir=tmp_path / "logs", speed=0, check_interval=0.05, quiet=True)
    runtime = Runtime(project, opts, reg)
    seen: list[Event] = []
    runtime.emit.sinks.append(seen.append)

    def beats() -> list[dict[str, Any]]:
        return [e.bots[0] for e in seen if isinstance(e, Beat) and e.bots]

    run = asyncio.create_task(runtime.run())
    try:
        await wait_until(lambda: any(isinstance(e, Subscribed) for e in seen) or run.done())
        assert not run.done(), run.result()
        await wait_until(lambda: beats() and beats()[-1]["state"] == "running")
        assert beats()[-1]["feed"] == "connected"

        server.unlist("MCL")
        await server.restart()

        def lost() -> list[Disconnected]:
            return [e for e in seen if isinstance(e, Disconnected) and e.channel == "MCLZ3"]

        await wait_until(lambda: lost() and beats()[-1]["state"] == "disconnected")
        [down] = lost()
        assert down.feed == "ib" and "MCLZ3" in down.reason
        entry = beats()[-1]
        assert re.fullmatch(r"disconnected \d+s", entry["feed"]), entry
        assert entry["broker"] == "connected"
        runner = runtime.supervisor.slots["crude_ib"].runner
        assert not runner.pipeline.connected  # the gate of new entries is shut
        assert runtime.supervisor.slots["crude_ib"].state == "running"  # not a crash
    finally:
        runtime.request_stop("test over")
        assert await asyncio.wait_for(run, 60) == 0
        runtime.journal.close()
