"""A bot that crashes during a fast replay comes back on market time, and the final table
says it was down and for how long.

The replay runs as fast as it goes (speed 0): a whole week passes in seconds of wall time,
so a restart that waited on the wall clock would come after the end. The pause is market
time: the bot is back at the first bar after it.
"""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import pytest
import runtime_boom
from runtime_support import events, fills_of, run_in_process, runner_cmd, runner_env, write_bot
from test_runtime_plugin_crash import boom_site  # noqa: F401 - the fixture, used by name

from runner.model import NS
from runner.plugins import PluginRegistry, make_manager
from runner.reporting import metrics_table
from runner.runtime.supervision import RestartPolicy


def registry() -> PluginRegistry:
    return PluginRegistry(make_manager(runtime_boom, entry_points=True))


def to_ns(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp()) * NS


def test_a_bot_that_crashes_in_a_fast_replay_comes_back_at_a_later_bar(
    project_dir: Path,
) -> None:
    flaky = write_bot(
        project_dir,
        "flaky",
        extra_indicators={"bug": "{use: boom, after: 300, failures: 1, tag: market_restart}"},
        long_extra=" and bug > 0",
    )
    steady = write_bot(project_dir, "steady")
    # a pause of 5 market minutes: five bars of data, a few microseconds of wall time
    policy = RestartPolicy(max_failures=3, window=3600.0, backoff=300.0, max_backoff=600.0)
    logs = project_dir / "logs"
    rt = run_in_process(project_dir, [flaky, steady], logs, registry(), policy=policy, speed=0)

    slot = rt.supervisor.slots["flaky"]
    assert slot.state == "stopped" and slot.restarts == 1
    system = events(logs, "system")
    (error,) = [e for e in system if e["event"] == "bot_error"]
    (restarting,) = [e for e in system if e["event"] == "bot_restarting"]
    (restarted,) = [e for e in system if e["event"] == "bot_restarted"]
    assert restarting["in_seconds"] == 300.0
    failed_at, back_at = to_ns(error["time"]), to_ns(restarted["time"])
    # back at the first bar at or after the pause (one-minute bars: within a minute of it,
    # or at the next bar of the data after a gap such as the daily close)
    assert back_at >= failed_at + 300 * NS
    stream = sorted({f[5] for f in fills_of(logs, "steady")})
    assert back_at < stream[-1], "the bot came back only after the replay's end"
    later = [f for f in fills_of(logs, "flaky") if f[6] == "entry" and f[5] > back_at]
    assert len(later) > 5, "the restarted bot did not trade"

    outages = rt.supervisor.outages()
    assert set(outages) == {"flaky"}
    assert outages["flaky"]["restarts"] == 1
    assert outages["flaky"]["down_s"] == (back_at - failed_at) / NS
    assert rt.supervisor.market_time

    rows = [("flaky", {"trades": 3, **outages["flaky"]}), ("steady", {"trades": 4})]
    table = metrics_table(rows, "Session metrics")
    assert [c.header for c in table.columns][-2:] == ["Restarts", "Down"]
    minutes, seconds = divmod(int(outages["flaky"]["down_s"]), 60)
    assert list(table.columns[-1].cells) == [f"{minutes}m {seconds:02d}s", "-"]
    assert list(table.columns[-2].cells) == ["1", "-"]
    # a run where nobody was down keeps the table it always had
    plain = metrics_table([("steady", {"trades": 4})], "Session metrics")
    assert "Down" not in [c.header for c in plain.columns]


def test_a_bot_that_stays_down_is_counted_down_to_the_end(project_dir: Path) -> None:
    broken = write_bot(
        project_dir,
        "broken",
        extra_indicators={"bug": "{use: boom, after: 100}"},
        long_extra=" and bug > 0",
    )
    policy = RestartPolicy(max_failures=2, window=3600.0, backoff=60.0, max_backoff=60.0)
    logs = project_dir / "logs"
    rt = run_in_process(project_dir, [broken], logs, registry(), policy=policy, speed=0)
    slot = rt.supervisor.slots["broken"]
    assert slot.state == "down"
    system = events(logs, "system")
    first_failure = to_ns(next(e["time"] for e in system if e["event"] == "bot_error"))
    end = rt.market.data_now
    (outage,) = rt.supervisor.outages().values()
    assert outage["state"] == "down" and outage["restarts"] == 0
    assert outage["down_s"] == (end - first_failure) / NS
    assert outage["down_s"] > 86_400  # most of the week


@pytest.mark.slow
def test_the_final_table_of_runner_start_marks_the_bot_that_was_down(
    project_dir: Path,
    boom_site: Path,  # noqa: F811 - the fixture imported above
) -> None:
    flaky = write_bot(
        project_dir,
        "flaky",
        extra_indicators={"bug": "{use: boom, after: 300, failures: 1, tag: cli}"},
        long_extra=" and bug > 0",
    )
    logs = project_dir / "logs"
    done = subprocess.run(
        runner_cmd("start", str(flaky), "--log-dir", str(logs), "--speed", "0"),
        cwd=project_dir,
        env=runner_env([boom_site]),
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    system = events(logs, "system")
    failed_at = to_ns(next(e["time"] for e in system if e["event"] == "bot_error"))
    back_at = to_ns(next(e["time"] for e in system if e["event"] == "bot_restarted"))
    down = (back_at - failed_at) // NS
    assert 1 <= down < 3600  # the default pause, 1 s of market time: the next bar
    header = next(line for line in out.splitlines() if "Trades" in line)
    assert "Restarts" in header and "Down" in header
    row = next(line for line in out.splitlines() if line.startswith("│ flaky "))
    minutes, seconds = divmod(down, 60)
    shown = f"{minutes}m {seconds:02d}s" if minutes else f"{seconds}s"
    assert row.rstrip("│ ").endswith(f"1 │ {shown}"), row
    assert (
        f"was down: flaky for {shown} of market time, restarted 1 time(s); "
        "its PnL covers only the time it ran" in out
    )
