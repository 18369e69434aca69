"""Hot reload with the real watcher: a paper replay runs in-process while the test edits,
adds and deletes files in its strategies.d/, and waits for what each change must do."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from runtime_support import bot_yaml, write_bot

from runner.config.project import load_project
from runner.events import (
    BotAdded,
    BotReloaded,
    BotReloadPending,
    BotReloadRejected,
    BotRemoved,
    Event,
    OrderSent,
)
from runner.plugins import registry as plugin_registry
from runner.runtime.options import ReloadOptions
from runner.runtime.runtime import Runtime, StartOptions
from tests.waiting import until

pytestmark = pytest.mark.timeout(300)

DATA_START = 1_381_104_000 * 10**9  # 2013-10-07, the bundled replay's week: the run's clock
SPEED = 600.0  # ten one-minute bars a second: the run lasts while the test acts


def holder_yaml(name: str, when: str, contracts: int = 1) -> str:
    """Goes long at the first crossover and stays long: its stop is far away and it has no
    short or exit condition, so only the test (or a shutdown) makes it flat."""
    text = bot_yaml(name, fast=3, slow=8, stop_ticks=2000, target_ticks=None)
    text = text.replace('    short: "cross_below(fast, slow)"\n', "")
    text = text.replace("contracts: 1}", f"contracts: {contracts}}}")
    return text + f"reload: {{when: {when}}}\n"


class Run:
    """A runtime under the test's event loop, and every event it emitted."""

    def __init__(
        self, base: Path, since: float | None = None, files: list[Path] | None = None
    ) -> None:
        bots = base / "strategies.d"
        watch = files or [bots]
        paths = [*watch, base / "schedules"]
        reg = plugin_registry()
        project = load_project(paths, registry=reg, base=base)
        assert not project.errors, [str(e) for e in project.errors]
        opts = StartOptions(
            log_dir=base / "logs",
            speed=SPEED,
            check_interval=0.2,
            quiet=True,
            clock=lambda: DATA_START,
            reload=ReloadOptions(paths, watch, debounce_ms=50, since=since),
        )
        self.events: list[Event] = []
        self.runtime = Runtime(project, opts, reg, self.events.append)

    def of(self, kind: type[Event], bot: str | None = None) -> list:
        return [e for e in self.events if isinstance(e, kind) and (bot is None or e.bot == bot)]

    def runner(self, bot: str):
        return self.runtime.supervisor.slots[bot].runner

    def position(self, bot: str) -> int:
        return sum(self.runner(bot).status()["position"].values())


def play(
    base: Path,
    body: Callable[[Run], Awaitable[None]],
    before: Callable[[], None] | None = None,
    files: list[Path] | None = None,
) -> Run:
    """``before`` runs once the project is read, before the runtime (and its watcher) starts;
    ``files`` are bot files named to the start (default: the strategies.d folder)."""
    run = Run(base, since=_mtime(base) + 1 if before is not None else None, files=files)
    if before is not None:
        before()

    async def main() -> None:
        task = asyncio.create_task(run.runtime.run())
        try:
            await until(lambda: run.runtime.market.data_now > 0, 60, "the replay's first bar")
            await body(run)
        finally:
            run.runtime.request_stop("test done")
            await task

    asyncio.run(main())
    run.runtime.journal.close()
    return run


def test_invalid_edit_is_rejected_with_file_and_line_and_the_bot_trades_on(
    project_dir: Path,
) -> None:
    path = write_bot(project_dir, "cross")
    bad = bot_yaml("cross").replace("{use: sma, period: 8}", "{use: sma, period: -8}")
    bad_line = 1 + bad.splitlines().index("  slow: {use: sma, period: -8}")

    async def body(run: Run) -> None:
        before = run.runner("cross")
        path.write_text(bad)
        await until(lambda: run.of(BotReloadRejected, "cross"), 60, "the rejection")
        sent = len(run.of(OrderSent, "cross"))
        await until(lambda: len(run.of(OrderSent, "cross")) > sent + 2, 120, "more orders")
        assert run.runner("cross") is before  # not swapped: the same bot trades on
        assert not run.of(BotReloaded)

    run = play(project_dir, body)
    rejected = run.of(BotReloadRejected, "cross")[0]
    assert rejected.line == bad_line
    assert f"{path}:{bad_line}" in rejected.error
    assert "period" in rejected.error
    assert not rejected.restart_needed


def _mtime(base: Path) -> float:
    return max(p.stat().st_mtime for p in (base / "strategies.d").iterdir())


def test_a_file_saved_before_the_watcher_began_is_caught_up_with(project_dir: Path) -> None:
    """The start reads the files, then connects, recovers and warms up before the watcher
    runs: a save in between must not be lost."""
    path = write_bot(project_dir, "cross")

    def save_while_starting() -> None:
        path.write_text(bot_yaml("cross", slow=12))
        later = _mtime(project_dir) + 5  # after the reading, whatever the file system's clock
        os.utime(path, (later, later))

    async def body(run: Run) -> None:
        await until(lambda: run.of(BotReloaded, "cross"), 60, "the missed edit applied")

    run = play(project_dir, body, save_while_starting)
    assert run.of(BotReloaded, "cross")[0].changed == ["indicators"]
    slow = run.runtime.supervisor.slots["cross"].loaded.config.indicators["slow"]
    assert slow.params == {"period": 12}


def test_change_of_instrument_needs_a_restart(project_dir: Path) -> None:
    path = write_bot(project_dir, "cross")

    async def body(run: Run) -> None:
        path.write_text(bot_yaml("cross", root="ES"))
        await until(lambda: run.of(BotReloadRejected, "cross"), 60, "the refusal")

    run = play(project_dir, body)
    rejected = run.of(BotReloadRejected, "cross")[0]
    assert rejected.restart_needed
    assert "instruments" in rejected.error and "restart" in rejected.error
    assert run.runtime.supervisor.slots["cross"].loaded.config.instruments["main"].root == "GC"


def test_flat_edit_waits_for_flat_with_entries_held_then_runs_the_new_parameters(
    project_dir: Path,
) -> None:
    path = project_dir / "strategies.d" / "hold.yaml"
    path.write_text(holder_yaml("hold", "flat"))

    async def body(run: Run) -> None:
        await until(lambda: run.position("hold") == 1, 120, "the first long")
        path.write_text(holder_yaml("hold", "flat", contracts=2))
        await until(lambda: run.of(BotReloadPending, "hold"), 60, "the edit to wait")
        old = run.runner("hold")
        assert old.entries_held  # no new trade while it waits
        bars = old.ctx.bar_index
        await until(lambda: run.runner("hold").ctx.bar_index > bars + 5, 60, "more bars")
        assert not run.of(BotReloaded)  # still long: still waiting
        old.flatten("operator")  # as the dashboard's flatten does
        await until(lambda: run.of(BotReloaded, "hold"), 60, "the reload once flat")
        await until(
            lambda: any(e.qty == 2 for e in run.of(OrderSent, "hold")), 120, "a 2-lot entry"
        )

    run = play(project_dir, body)
    pending = run.of(BotReloadPending, "hold")[0]
    assert pending.position == {next(iter(pending.position)): 1}
    reloaded = run.of(BotReloaded, "hold")[0]
    assert reloaded.when == "flat" and set(reloaded.position.values()) == {0}
    assert reloaded.working_orders == 0
    assert reloaded.changed == ["sizing"]
    i_pending, i_reloaded = run.events.index(pending), run.events.index(reloaded)
    entries = [
        e for e in run.events[i_pending:i_reloaded] if isinstance(e, OrderSent) and e.bot == "hold"
    ]
    assert all(e.reason != "entry" for e in entries), entries  # only the flatten went out


def test_keep_edit_swaps_at_once_keeping_position_and_stop(project_dir: Path) -> None:
    path = project_dir / "strategies.d" / "hold.yaml"
    path.write_text(holder_yaml("hold", "keep"))
    seen: dict[str, object] = {}

    async def body(run: Run) -> None:
        await until(lambda: run.position("hold") == 1, 120, "the first long")
        old = run.runner("hold")
        await until(lambda: any(not r.status.is_done for r in old.live.values()), 60, "its stop")
        seen["working"] = {c for c, r in old.live.items() if not r.status.is_done}
        seen["sent"] = len(run.of(OrderSent, "hold"))
        path.write_text(holder_yaml("hold", "keep", contracts=2))
        await until(lambda: run.of(BotReloaded, "hold"), 60, "the swap")
        new = run.runner("hold")
        seen["new_working"] = {c for c, r in new.live.items() if not r.status.is_done}
        seen["sent_after"] = len(run.of(OrderSent, "hold"))
        assert new is not old and run.position("hold") == 1
        assert run.runtime.supervisor.slots["hold"].loaded.config.sizing.params == {"contracts": 2}
        bars = new.ctx.bar_index
        await until(lambda: run.runner("hold").ctx.bar_index > bars + 5, 60, "bars after it")
        assert run.position("hold") == 1

    run = play(project_dir, body)
    reloaded = run.of(BotReloaded, "hold")[0]
    assert reloaded.when == "keep" and set(reloaded.position.values()) == {1}
    assert reloaded.working_orders == len(seen["working"])  # type: ignore[arg-type]
    assert seen["new_working"] == seen["working"]  # the same stop protects the position
    assert seen["sent_after"] == seen["sent"]  # nothing was sent again


def test_deleted_file_stops_and_flattens_its_bot_and_a_new_file_starts_one(
    project_dir: Path,
) -> None:
    hold = project_dir / "strategies.d" / "hold.yaml"
    hold.write_text(holder_yaml("hold", "flat"))
    write_bot(project_dir, "cross")

    async def body(run: Run) -> None:
        await until(lambda: run.position("hold") == 1, 120, "the first long")
        hold.unlink()
        await until(lambda: run.of(BotRemoved, "hold"), 60, "the removal")
        assert run.position("hold") == 0
        bars = run.runner("cross").ctx.bar_index
        await until(lambda: run.runner("cross").ctx.bar_index > bars + 5, 60, "cross runs on")
        write_bot(project_dir, "added", fast=2, slow=5)
        await until(lambda: run.of(BotAdded, "added"), 60, "the new bot")
        await until(lambda: run.of(OrderSent, "added"), 120, "the new bot's first order")

    run = play(project_dir, body)
    removed = run.of(BotRemoved, "hold")[0]
    assert removed.positions == {} and removed.on_stop == "flatten"
    slots = run.runtime.supervisor.slots
    assert slots["hold"].state == "removed"
    assert "added" in slots and slots["added"].state == "stopped"
    assert not run.runtime.not_flat


def test_a_file_named_to_the_start_is_watched_alone(project_dir: Path) -> None:
    """``runner start strategies.d/one.yaml`` runs that bot only: the other files of its
    folder, new or edited, are none of its business."""
    one = write_bot(project_dir, "one")
    other = write_bot(project_dir, "other")

    async def body(run: Run) -> None:
        write_bot(project_dir, "newcomer")
        other.write_text(bot_yaml("other", slow=12))
        one.write_text(bot_yaml("one", slow=12))  # after the others: its reload comes last
        await until(lambda: run.of(BotReloaded, "one"), 60, "the named file's reload")

    run = play(project_dir, body, files=[one])
    assert set(run.runtime.supervisor.slots) == {"one"}
    assert [e.bot for e in run.events if e.kind.startswith("bot_")] == ["one"]
