"""Notifications: events the rules pick, queued per notifier and delivered off the bots' path.

The service is one more listener of the run's event sink. An event a rule selects becomes
a :class:`~runner.api.notifier.Message` put on each target notifier's bounded queue (no
I/O, no await in the listener); one worker task per notifier delivers them in order. A
delivery that fails is logged (a ``plugin_log`` warning naming the notifier) and counted,
a full queue drops and counts: a notifier can never stop or slow a bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, SecretStr

from runner.api.connection import resolve_secret
from runner.api.notifier import Message, Notifier
from runner.config.notifications import Notifications
from runner.config.secrets import CredentialsRef, EnvRef
from runner.errors import SecretError
from runner.events import Event, Listener, PluginLog

QUEUE_LIMIT = 1000  # messages waiting per notifier before new ones are dropped
DRAIN_SECONDS = 10.0  # at shutdown, how long the queued messages may still take


@dataclass(slots=True)
class Tally:
    """What happened to one notifier's messages (read by the metrics)."""

    sent: int = 0
    failed: int = 0
    dropped: int = 0


def resolved(params: BaseModel, credentials: Path | None) -> BaseModel:
    """``params`` with every ``{env: ...}`` / ``{credentials: ...}`` replaced by its secret.

    Resolved once at start: a missing variable stops ``runner start`` before any bot runs.
    """
    update: dict[str, Any] = {}
    for name in type(params).model_fields:
        value = getattr(params, name)
        if isinstance(value, EnvRef | CredentialsRef):
            update[name] = resolve_secret(value, credentials=credentials)
        elif isinstance(value, dict) and any(
            isinstance(v, EnvRef | CredentialsRef) for v in value.values()
        ):
            update[name] = {
                k: resolve_secret(v, credentials=credentials)
                if isinstance(v, EnvRef | CredentialsRef)
                else v
                for k, v in value.items()
            }
    return params.model_copy(update=update) if update else params


def secrets_of(params: BaseModel) -> list[str]:
    """Every resolved secret of a notifier's parameters, for the log redactor."""
    out: list[str] = []
    for name in type(params).model_fields:
        value = getattr(params, name)
        values = value.values() if isinstance(value, dict) else (value,)
        out += [v.get_secret_value() for v in values if isinstance(v, SecretStr)]
    return [v for v in out if v]


def message_of(event: Event) -> Message:
    """The message telling one event: a subject line and the fields, one per line."""
    payload = event.payload()
    who = f"{event.bot}: " if event.bot else ""
    brief = " ".join(
        f"{k}={v}" for k, v in payload.items() if k in ("symbol", "side", "qty", "price", "reason")
    )
    subject = f"{who}{event.name}" + (f" {brief}" if brief else "")
    when = dt.datetime.fromtimestamp(event.ts / 1e9, dt.UTC).isoformat(timespec="seconds")
    lines = [f"{event.name} at {when}"] + ([f"bot: {event.bot}"] if event.bot else [])
    lines += [f"{k}: {_text(v)}" for k, v in payload.items()]
    return Message(
        kind=event.kind or event.name,
        subject=subject,
        text="\n".join(lines) + "\n",
        bot=event.bot,
        ts=event.ts,
        event={"event": event.name, "bot": event.bot, "ts": event.ts, **payload},
    )


def _text(value: Any) -> str:
    return "**********" if isinstance(value, SecretStr) else str(value)


class NotificationService:
    def __init__(
        self,
        config: Notifications,
        emit: Listener,
        now: Callable[[], int],
        credentials: Path | None = None,
    ) -> None:
        self.config = config
        self.emit = emit
        self.now = now
        self.notifiers: dict[str, Notifier] = {}
        for name, (cls, params) in config.notifiers.items():
            try:
                ready = resolved(params, credentials)
                self.notifiers[name] = cls(ready)
            except SecretError as exc:
                raise SecretError(f"notifier {name!r}: {exc}") from None
        self.tally: dict[str, Tally] = {name: Tally() for name in self.notifiers}
        self._queues: dict[str, asyncio.Queue[Message]] = {
            name: asyncio.Queue(QUEUE_LIMIT) for name in self.notifiers
        }
        self._workers: list[asyncio.Task[None]] = []

    def __call__(self, event: Event) -> None:
        """The sink listener: a selected event queued for its notifiers, nothing more."""
        if isinstance(event, PluginLog) and event.logger.startswith("runner.notify"):
            return  # our own failure reports are never notified (no loops)
        targets = self.config.targets(event.kind, event.bot)
        if targets:
            self.post(message_of(event), targets)

    def post(self, message: Message, targets: list[str]) -> None:
        for name in targets:
            try:
                self._queues[name].put_nowait(message)
            except asyncio.QueueFull:
                self.tally[name].dropped += 1

    def start(self) -> None:
        """One delivery task per notifier (on the running loop)."""
        self._workers = [asyncio.create_task(self._work(name)) for name in self.notifiers]

    async def stop(self, timeout: float = DRAIN_SECONDS) -> None:
        """After the shutdown: what is queued is delivered (bounded), then all closed."""
        await self.drain(timeout)
        for w in self._workers:
            w.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []
        for name, notifier in self.notifiers.items():
            try:
                await notifier.close()
            except Exception as exc:
                self.failed(name, f"while closing: {type(exc).__name__}: {exc}")

    async def drain(self, timeout: float) -> None:
        """Until every queue is delivered, or ``timeout`` seconds."""
        if not self._workers:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                asyncio.gather(*(q.join() for q in self._queues.values())), timeout
            )

    async def _work(self, name: str) -> None:
        queue, notifier = self._queues[name], self.notifiers[name]
        while True:
            message = await queue.get()
            try:
                await notifier.send(message)
                self.tally[name].sent += 1
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.failed(name, f"{message.kind} not delivered: {type(exc).__name__}: {exc}")
            finally:
                queue.task_done()

    def failed(self, name: str, why: str) -> None:
        self.tally.setdefault(name, Tally()).failed += 1
        self.emit(
            PluginLog(
                bot="",
                ts=self.now(),
                logger=f"runner.notify.{name}",
                level="WARNING",
                message=f"notifier {name!r}: {why}",
            )
        )
