"""The operator's handle on a running runner: what it looks like, what happens in it, and
the few things a person may do to it from outside.

The web page, the ``runner status/pause/resume/flatten`` commands (through the web API)
and whatever else watches a runner (metrics, notifications) go through this one object:

* :meth:`Operator.snapshot`: every bot and the portfolio, as plain data;
* :meth:`Operator.subscribe`: the run's typed events, encoded as the JSON logs encode them;
* :meth:`Operator.pause`, :meth:`~Operator.resume`, :meth:`~Operator.flatten` a bot, and
  :meth:`~Operator.flatten_all` (the kill switch, armed first by :meth:`~Operator.arm`).

Every action is written to the journal (who, when, through what, from where, what came of
it) before it is answered, and announced as an ``operator_action`` event. A paused bot
sends no entry (its exits, stops and flattens still go out): the pause is a gate among the
bot's filters, put back on a bot rebuilt after a crash, and read back from the journal when
the runner starts again. A flatten also pauses: a bot flattened by hand must not enter
again on its next signal; resume it to let it trade.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from runner.events import OperatorAction
from runner.journal import operator_log
from runner.journal.operator_log import ALL, OperatorEntry
from runner.runtime.event_hub import EventHub, Subscription
from runner.runtime.operator_view import OperatorView

if TYPE_CHECKING:
    from runner.api.context import BotContext
    from runner.engine.bot import BotRunner
    from runner.runtime.runtime import Runtime

CONFIRM_SECONDS = 30.0
"""How long an armed kill switch waits for its confirmation."""


@dataclass(frozen=True, slots=True)
class Caller:
    """Who asks: a name the client gives (``user@host`` from the command line), the way
    in (``web``, ``cli``) and the address the request came from."""

    who: str
    via: str
    origin: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an action came to. ``code``: ``done``, ``unknown_bot``, ``confirm`` (the kill
    switch's confirmation is missing, wrong or late)."""

    ok: bool
    code: str
    action: str
    bot: str
    result: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "code": self.code,
            "action": self.action,
            "bot": self.bot,
            "result": self.result,
        }


class _PauseGate:
    """A filter on one bot's entries: closed while an operator has the bot paused."""

    __slots__ = ("name", "paused")

    def __init__(self, name: str, paused: set[str]) -> None:
        self.name = name
        self.paused = paused

    def __call__(self, ctx: BotContext) -> bool:
        return self.name not in self.paused


class Operator:
    def __init__(
        self,
        runtime: Runtime,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.runtime = runtime
        self.monotonic = monotonic
        names = [b.config.name for b in runtime.project.bots]
        self.paused: set[str] = operator_log.paused_bots(runtime.journal, names)
        self.hub = EventHub(runtime.redactor, wall)
        runtime.emit.sinks.append(self.hub)
        self.view = OperatorView(runtime.supervisor, runtime.heartbeat, self.paused, runtime.now)
        self._armed: dict[str, float] = {}  # confirmation code: when it expires (monotonic)
        runtime.on_bot_built.append(self._gate)

    # ------------------------------------------------------------------ what is read
    def snapshot(self, since: int = 0) -> dict[str, Any]:
        self.gate_all()
        snap = self.view.snapshot(since)
        snap["stopping"] = self.runtime.stop_reason or (
            "stopping" if self.runtime.stopping.is_set() else ""
        )
        return snap

    def subscribe(self) -> Subscription:
        return self.hub.subscribe()

    def unsubscribe(self, sub: Subscription) -> None:
        self.hub.unsubscribe(sub)

    def journal(self, limit: int = 100) -> list[OperatorEntry]:
        return operator_log.entries(self.runtime.journal, limit)

    def close(self) -> None:
        """Watchers finish: the runner is stopping."""
        self.hub.close()

    # ------------------------------------------------------------------ actions
    def pause(self, bot: str, caller: Caller) -> Outcome:
        def act(runner: BotRunner) -> str:
            if bot in self.paused:
                return "already paused"
            self.paused.add(bot)
            return "paused: no new entries; exits and protective orders still work"

        return self._on_bot("pause", bot, caller, act)

    def resume(self, bot: str, caller: Caller) -> Outcome:
        def act(runner: BotRunner) -> str:
            if bot not in self.paused:
                return "was not paused"
            self.paused.discard(bot)
            return "resumed: entries allowed again"

        return self._on_bot("resume", bot, caller, act)

    def flatten(self, bot: str, caller: Caller) -> Outcome:
        def act(runner: BotRunner) -> str:
            self.paused.add(bot)
            return self._flatten(runner, f"operator {caller.who} ({caller.via})")

        return self._on_bot("flatten", bot, caller, act)

    def arm(self) -> tuple[str, float, dict[str, dict[str, int]]]:
        """The kill switch's first step: a confirmation code, the seconds it is good for,
        and what every bot holds now (what the second step would close)."""
        now = self.monotonic()
        self._armed = {c: t for c, t in self._armed.items() if t > now}
        code = secrets.token_hex(4)
        self._armed[code] = now + CONFIRM_SECONDS
        held = {
            slot.name: {s: q for s, q in _positions(slot.runner).items() if q}
            for slot in self.runtime.supervisor.slots.values()
        }
        return code, CONFIRM_SECONDS, {bot: pos for bot, pos in held.items() if pos}

    def flatten_all(self, confirm: str, caller: Caller) -> Outcome:
        """The kill switch's second step: with a code from :meth:`arm`, still good, every
        bot is paused and flattened."""
        expires = self._armed.pop(confirm, None) if confirm else None
        if expires is None or expires < self.monotonic():
            why = "no confirmation code" if not confirm else "confirmation code unknown or expired"
            return self._done(
                Outcome(False, "confirm", "flatten_all", ALL, f"refused: {why}"), caller
            )
        self._armed.clear()
        self.gate_all()
        parts = []
        for slot in list(self.runtime.supervisor.slots.values()):
            self.paused.add(slot.name)
            parts.append(
                f"{slot.name}: {self._flatten(slot.runner, f'kill switch by {caller.who}')}"
            )
        return self._done(Outcome(True, "done", "flatten_all", ALL, "; ".join(parts)), caller)

    # ------------------------------------------------------------------ the parts
    def gate_all(self) -> None:
        for slot in list(self.runtime.supervisor.slots.values()):
            self._gate(slot.runner)

    def _gate(self, runner: BotRunner) -> None:
        filters = runner.pipeline.filters
        if not any(isinstance(f, _PauseGate) for f in filters):
            filters.append(_PauseGate(runner.name, self.paused))

    def _on_bot(
        self, action: str, bot: str, caller: Caller, act: Callable[[BotRunner], str]
    ) -> Outcome:
        slot = self.runtime.supervisor.slots.get(bot)
        if slot is None:
            known = ", ".join(sorted(self.runtime.supervisor.slots)) or "none yet"
            return self._done(
                Outcome(False, "unknown_bot", action, bot, f"no bot named {bot!r} (bots: {known})"),
                caller,
            )
        self._gate(slot.runner)
        return self._done(Outcome(True, "done", action, bot, act(slot.runner)), caller)

    @staticmethod
    def _flatten(runner: BotRunner, reason: str) -> str:
        held = {s: q for s, q in _positions(runner).items() if q}
        working = len(runner.live)
        if not held and not working:
            return "already flat, no working orders; paused"
        runner.flatten(reason)
        what = [f"closing {' '.join(f'{s}:{q:+d}' for s, q in held.items())}"] if held else []
        if working:
            what.append(f"cancelling {working} working order(s)")
        return "; ".join(what) + "; paused"

    def _done(self, outcome: Outcome, caller: Caller) -> Outcome:
        """Journaled first, then announced."""
        runtime = self.runtime
        operator_log.record(
            runtime.journal,
            OperatorEntry(
                ts=runtime.clock(),
                who=caller.who,
                via=caller.via,
                origin=caller.origin,
                action=outcome.action,
                bot=outcome.bot,
                result=outcome.result,
                ok=outcome.ok,
                run=runtime.journal.run_id,
            ),
        )
        runtime.emit(
            OperatorAction(
                bot="" if outcome.bot == ALL else outcome.bot,
                ts=runtime.now(),
                action=outcome.action,
                who=caller.who,
                via=caller.via,
                result=outcome.result,
                ok=outcome.ok,
            )
        )
        return outcome


def _positions(runner: BotRunner) -> dict[str, int]:
    return {i.symbol: i.holding.qty for i in runner.ctx.instruments.values() if i.tradable}
