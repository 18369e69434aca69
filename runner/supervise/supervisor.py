"""Crash isolation for many bots in one runner: restart with backoff, then stay down.

A plugin that raises takes down only its own bot. The supervisor logs the error with the
bot's name, cancels the bot's working orders and handles its position by the bot's
policy, then rebuilds the bot from its file after an exponentially growing pause. A bot
that fails ``max_failures`` times within ``window`` seconds stays down and says so.
"""

from __future__ import annotations

import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runner.config.project import LoadedBot
    from runner.engine.bot import BotRunner


@dataclass
class RestartPolicy:
    max_failures: int = 3
    window: float = 600.0  # seconds
    backoff: float = 1.0  # first pause, doubled after each failure
    max_backoff: float = 60.0


@dataclass
class BotSlot:
    """The supervision record of one bot."""

    loaded: LoadedBot
    runner: BotRunner
    state: str = "running"  # running, restarting, down, stopped
    restarts: int = 0
    failures: deque[float] = field(default_factory=deque)
    last_error: str = ""
    restart_at: float = 0.0

    @property
    def name(self) -> str:
        return self.runner.name


class Supervisor:
    def __init__(
        self,
        policy: RestartPolicy,
        emit: Callable[..., None],
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy
        self.emit = emit
        self.now = now
        self.slots: dict[str, BotSlot] = {}

    def add(self, slot: BotSlot) -> None:
        self.slots[slot.name] = slot

    def failed(self, runner: BotRunner, exc: BaseException, ts: int) -> BotSlot:
        """Records a failure; the caller detaches the bot and schedules ``restart_at``."""
        slot = self.slots[runner.name]
        runner.failed = True
        now = self.now()
        slot.failures.append(now)
        while slot.failures and slot.failures[0] < now - self.policy.window:
            slot.failures.popleft()
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        origin = f" at {where.filename}:{where.lineno}" if where else ""
        slot.last_error = f"{type(exc).__name__}: {exc}{origin}"
        self.emit(
            "bot_error",
            runner.name,
            ts,
            error=slot.last_error,
            traceback="".join(traceback.format_exception(exc)),
            failures=len(slot.failures),
        )
        if len(slot.failures) >= self.policy.max_failures:
            slot.state = "down"
            self.emit(
                "bot_down",
                runner.name,
                ts,
                failures=len(slot.failures),
                window_s=self.policy.window,
                reason=f"failed {len(slot.failures)} times within "
                f"{self.policy.window:.0f}s; staying down",
            )
        else:
            slot.state = "restarting"
            pause = min(
                self.policy.max_backoff, self.policy.backoff * 2 ** (len(slot.failures) - 1)
            )
            slot.restart_at = now + pause
            self.emit(
                "bot_restarting", runner.name, ts, in_seconds=pause, failures=len(slot.failures)
            )
        return slot

    def due(self) -> list[BotSlot]:
        now = self.now()
        return [s for s in self.slots.values() if s.state == "restarting" and s.restart_at <= now]

    def replaced(self, slot: BotSlot, runner: BotRunner, ts: int) -> None:
        slot.runner = runner
        slot.state = "running"
        slot.restarts += 1
        self.emit("bot_restarted", runner.name, ts, restarts=slot.restarts)

    def status(self) -> list[dict[str, Any]]:
        out = []
        for slot in self.slots.values():
            st = slot.runner.status()
            st.update(state=slot.state, restarts=slot.restarts, error=slot.last_error)
            out.append(st)
        return out
