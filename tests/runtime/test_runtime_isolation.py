"""A bot whose plugin raises on every bar beside a healthy one, in one runner."""

from __future__ import annotations

from pathlib import Path

import runtime_boom
from runtime_support import events, fills_of, run_in_process, write_bot

from runner.plugins import PluginRegistry, make_manager
from runner.supervise.supervisor import RestartPolicy


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
