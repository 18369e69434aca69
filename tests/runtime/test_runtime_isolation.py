"""A bot whose plugin raises on every bar beside a healthy one, in one runner."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import runtime_boom
from runtime_support import events, fills_of, run_in_process, write_bot

from runner.plugins import PluginRegistry, make_manager
from runner.runtime.supervision import RestartPolicy


def registry() -> PluginRegistry:
    return PluginRegistry(make_manager(runtime_boom, entry_points=True))


def test_broken_bot_restarts_with_backoff_then_stays_down_healthy_one_undisturbed(
    project_dir: Path,
) -> None:
    reg = registry()
    healthy = write_bot(project_dir, "healthy")
    broken = write_bot(
        project_dir,
        "broken",
        fast=5,
        slow=13,
        extra_indicators={"bug": "{use: boom}"},
        long_extra=" and bug > 0",
    )
    policy = RestartPolicy(max_failures=3, window=600.0, backoff=0.2, max_backoff=5.0)
    both = project_dir / "both"
    rt = run_in_process(project_dir, [healthy, broken], both, reg, policy=policy)

    slots = rt.supervisor.slots
    assert slots["broken"].state == "down"
    assert slots["broken"].restarts == 0  # each rebuilt bot failed again in its warm-up
    assert "boom" in slots["broken"].last_error
    assert slots["healthy"].state == "stopped"
    assert slots["healthy"].restarts == 0

    system = events(both, "system")
    broken_ev = [e for e in system if e["bot"] == "broken"]
    kinds = [e["event"] for e in broken_ev]
    assert kinds.count("bot_error") == 3
    assert [e["in_seconds"] for e in broken_ev if e["event"] == "bot_restarting"] == [0.2, 0.4]
    assert [k for k in kinds if k.startswith("bot_")] == [
        "bot_error",
        "bot_restarting",
        "bot_error",
        "bot_restarting",
        "bot_error",
        "bot_down",
    ]
    down = [e for e in broken_ev if e["event"] == "bot_down"]
    assert len(down) == 1 and down[0]["failures"] == 3
    assert "staying down" in down[0]["reason"]
    assert all(e["bot"] != "healthy" for e in system if e["event"].startswith("bot_"))

    alone = project_dir / "alone"
    run_in_process(project_dir, [healthy], alone, reg, policy=policy)
    together = fills_of(both, "healthy")
    solo = fills_of(alone, "healthy")
    assert len(solo) > 50
    assert together == solo


def test_a_restart_that_cures_the_fault_keeps_the_bots_orders_and_position(
    project_dir: Path,
) -> None:
    reg = registry()
    flaky = write_bot(
        project_dir,
        "flaky",
        extra_indicators={"bug": "{use: boom, after: 200, failures: 1, tag: flaky}"},
        long_extra=" and bug > 0",
    )
    policy = RestartPolicy(max_failures=3, window=600.0, backoff=0.2)
    logs = project_dir / "logs"
    # paced (the week in about 4 s) so the restart, 0.2 s after the failure, comes mid-run
    rt = run_in_process(project_dir, [flaky], logs, reg, policy=policy, speed=100_000)

    slot = rt.supervisor.slots["flaky"]
    assert slot.state == "stopped" and slot.restarts == 1
    system = events(logs, "system")
    kinds = [e["event"] for e in system if e["event"].startswith("bot_")]
    assert kinds == ["bot_error", "bot_restarting", "bot_restarted"]
    failed_at = next(e["time"] for e in system if e["event"] == "bot_error")
    restarted_at = next(e["time"] for e in system if e["event"] == "bot_restarted")
    fills = fills_of(logs, "flaky")
    assert [f for f in fills if f[6] == "bot_error"], "no flatten when the bot failed"
    later = [f for f in fills if f[6] == "entry" and f[5] > to_ns(restarted_at)]
    assert len(later) > 5, "the restarted bot did not trade"
    assert to_ns(restarted_at) > to_ns(failed_at)
    # one book across the restart: ids continue, and the runner's position is the journal's
    runner = slot.runner
    ids = [int(cid.rsplit("-", 1)[1]) for cid in runner.orders]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert runner.fill_count == len(fills)
    assert sum(side * qty for _c, _s, side, qty, *_ in fills) == 0
    assert all(i.position == 0 for i in runner.ctx.instruments.values())


def to_ns(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp() * 1e9)
