"""Crash isolation for many bots in one runner: restart with backoff, then stay down.

A plugin that raises takes down only its own bot. The supervisor logs the error with the
bot's name, cancels the bot's working orders and handles its position by the bot's
policy, then rebuilds the bot from its file after an exponentially growing pause. A bot
that fails ``max_failures`` times within ``window`` seconds stays down and says so.
"""

from __future__ import annotations

import asyncio
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from runner.api.backoff import Backoff
from runner.events import BotDown, BotError, BotRestarted, BotRestarting, Listener

if TYPE_CHECKING:
    from runner.api.broker import Broker
    from runner.config.project import LoadedBot
    from runner.engine.bot import BotRunner
    from runner.engine.engine import Engine
    from runner.runtime.market import MarketLoop


@dataclass
class RestartPolicy:
    max_failures: int = 3
    window: float = 600.0  # seconds
    backoff: float = 1.0  # first pause, doubled after each failure
    max_backoff: float = 60.0

    def __post_init__(self) -> None:
        self.pauses()  # a policy whose pauses make no sense is refused before any bot runs

    def pauses(self) -> Backoff:
        """Failure n (1, 2, ...) waits ``pauses().delay(n - 1)``:
        min(max_backoff, backoff * 2 ** (n - 1))."""
        return Backoff(min(self.backoff, self.max_backoff), self.max_backoff)


def recent_failures(failures: deque[float], now: float, window: float) -> int:
    """Records a failure at ``now``; the count of those within the last ``window`` seconds."""
    failures.append(now)
    while failures and failures[0] < now - window:
        failures.popleft()
    return len(failures)


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
    down_since: float | None = None  # the supervisor's clock when it last went out
    down_for: float = 0.0  # seconds out before that, restarts included

    def downtime(self, now: float) -> float:
        """Seconds on the supervisor's clock (market time in a replay) the bot was out."""
        return self.down_for + (now - self.down_since if self.down_since is not None else 0.0)

    @property
    def name(self) -> str:
        return self.runner.name


class Supervisor:
    """The bots' supervision records: who failed, when each may come back, who stays down."""

    def __init__(
        self,
        policy: RestartPolicy,
        emit: Listener,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy
        self.emit = emit
        self.now = now
        self.market_time = False  # ``now`` is the market's clock (a replay), in seconds
        self.slots: dict[str, BotSlot] = {}

    def add(self, slot: BotSlot) -> None:
        self.slots[slot.name] = slot

    def failed(self, runner: BotRunner, exc: BaseException, ts: int) -> BotSlot:
        """Records a failure; the caller detaches the bot and schedules ``restart_at``."""
        slot = self.slots[runner.name]
        runner.failed = True
        now = self.now()
        if slot.down_since is None:
            slot.down_since = now
        failures = recent_failures(slot.failures, now, self.policy.window)
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        origin = f" at {where.filename}:{where.lineno}" if where else ""
        slot.last_error = f"{type(exc).__name__}: {exc}{origin}"
        self.emit(
            BotError(
                bot=runner.name,
                ts=ts,
                error=slot.last_error,
                traceback="".join(traceback.format_exception(exc)),
                failures=failures,
            )
        )
        if failures >= self.policy.max_failures:
            slot.state = "down"
            self.emit(
                BotDown(
                    bot=runner.name,
                    ts=ts,
                    failures=failures,
                    window_s=self.policy.window,
                    reason=f"failed {failures} times within {self.policy.window:.0f}s; "
                    "staying down",
                )
            )
        else:
            slot.state = "restarting"
            pause = self.policy.pauses().delay(failures - 1)
            slot.restart_at = now + pause
            self.emit(BotRestarting(bot=runner.name, ts=ts, in_seconds=pause, failures=failures))
        return slot

    def due(self) -> list[BotSlot]:
        now = self.now()
        return [s for s in self.slots.values() if s.state == "restarting" and s.restart_at <= now]

    def replaced(self, slot: BotSlot, runner: BotRunner, ts: int) -> None:
        slot.runner = runner
        slot.state = "running"
        slot.restarts += 1
        slot.down_for = slot.downtime(self.now())
        slot.down_since = None
        self.emit(BotRestarted(bot=runner.name, ts=ts, restarts=slot.restarts))

    def outages(self) -> dict[str, dict[str, Any]]:
        """Every bot that was out at some point: restarts, seconds out, state at the end."""
        now = self.now()
        return {
            name: {
                "restarts": slot.restarts,
                "down_s": round(slot.downtime(now), 3),
                "state": slot.state,
            }
            for name, slot in self.slots.items()
            if slot.downtime(now) or slot.restarts
        }

    def status(self) -> list[dict[str, Any]]:
        out = []
        for slot in self.slots.values():
            st = slot.runner.status()
            st.update(state=slot.state, restarts=slot.restarts, error=slot.last_error)
            down = slot.downtime(self.now())
            if down:
                st["down_s"] = round(down, 3)
            out.append(st)
        return out


Rebuild = Callable[["LoadedBot", "Broker"], "BotRunner"]
"""Builds a bot anew from its file around the broker it already had."""


class CrashIsolation:
    """What happens to a bot that raised: out of the market loop, orders cancelled or the
    position flattened by its policy, and back in after its pause, warmed on recent bars.

    Live, the pause is wall time. In a replay it is market time (``on_market_time``): a
    replay played 3000 times faster than real time, or as fast as it goes, would end before
    a wall-clock pause did, and the bot would never come back. There the bot comes back at
    the first bar after its pause, before that bar is routed.
    """

    def __init__(
        self,
        supervisor: Supervisor,
        engine: Engine,
        market: MarketLoop,
        rebuild: Rebuild,
        emit: Listener,
        now: Callable[[], int],
    ) -> None:
        self.supervisor = supervisor
        self.engine = engine
        self.market = market
        self.rebuild = rebuild
        self.emit = emit
        self.now = now
        self.market_time = False

    def on_market_time(self) -> None:
        """Pauses and failure windows are measured on the market's clock, and restarts
        happen at a bar (a replay's time is its data's)."""
        from runner.model import NS

        market = self.market
        self.market_time = True
        self.supervisor.now = lambda: market.now() / NS
        self.supervisor.market_time = True
        market.on_new_slice = self.restart_due

    def restart_due(self) -> None:
        for slot in self.supervisor.due():
            self.restart(slot)

    def bot_error(self, runner: BotRunner, exc: BaseException) -> None:
        if runner.failed:
            return
        self.supervisor.failed(runner, exc, self.now())
        self.engine.detach(runner)
        for symbol in runner.by_symbol:
            self.market.orphans.setdefault(symbol, []).append(runner.broker)
        try:
            if runner.on_stop == "flatten":
                runner.flatten("bot_error")
            else:
                for cid, rec in list(runner.orders.items()):
                    if not rec.status.is_done:
                        runner.cancel(cid)
        except Exception as inner:  # the bot's own state may be what broke
            self.emit(
                BotError(
                    bot=runner.name,
                    ts=self.now(),
                    error=f"while flattening: {type(inner).__name__}: {inner}",
                )
            )

    def restart(self, slot: BotSlot) -> None:
        old = slot.runner
        try:
            new = self.rebuild(slot.loaded, old.broker)
        except Exception as exc:
            self.supervisor.failed(old, exc, self.now())
            return
        new.adopt(old)
        warm = sorted(
            (b for s in new.by_symbol for b in self.market.recent.get(s, ())),
            key=lambda b: (b.end, b.symbol),
        )
        try:
            new.warm(warm)
        except Exception as exc:  # still broken: one more failure, and the restarter lives on
            self.supervisor.failed(old, exc, self.now())
            return
        for symbol in new.by_symbol:
            brokers = self.market.orphans.get(symbol, [])
            if old.broker in brokers:
                brokers.remove(old.broker)
        self.engine.attach(new)
        self.supervisor.replaced(slot, new, self.now())

    async def restarter(self, stopping: asyncio.Event) -> None:
        """Restarts on wall time; on market time the market loop restarts at each bar."""
        while not stopping.is_set():
            await asyncio.sleep(0.2)
            if not self.market_time:
                self.restart_due()
