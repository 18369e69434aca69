"""The run's events handed to whoever watches from outside (the web page, its bench).

One listener on the run's event sink; each watcher gets its own bounded queue of events
already encoded as the JSON logs encode them (secrets redacted), so a slow browser costs
memory bounded by its queue and never slows the market loop. With nobody watching, an
event costs one truth test. Events may come from plugin threads: they are handed to the
event loop's thread before any queue is touched.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable

from runner.events import Event, Heartbeat
from runner.journal.logs import Redactor, encode

QUEUE = 2000
"""Events one watcher may fall behind by; older ones are dropped and counted."""


class Subscription:
    """One watcher's queue. ``changed`` says state moved since the watcher last looked
    (a heartbeat, which is not forwarded itself: the snapshot carries what it says)."""

    __slots__ = ("changed", "closed", "dropped", "lines", "wake")

    def __init__(self) -> None:
        self.lines: deque[str] = deque(maxlen=QUEUE)
        self.wake = asyncio.Event()
        self.dropped = 0
        self.changed = False
        self.closed = False

    def put(self, line: str | None) -> None:
        if line is not None:
            if len(self.lines) == QUEUE:
                self.dropped += 1
            self.lines.append(line)
        self.changed = True
        self.wake.set()

    async def wait(self, timeout: float) -> None:
        """Until something arrived or ``timeout`` seconds passed."""
        if not self.lines and not self.closed:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    await self.wake.wait()
        self.wake.clear()

    def drain(self) -> list[str]:
        lines = list(self.lines)
        self.lines.clear()
        return lines


class EventHub:
    """The listener: encodes each event once and queues it for every watcher."""

    def __init__(self, redact: Redactor, wall: Callable[[], float] = time.time) -> None:
        self.redact = redact
        self.wall = wall
        self.subscriptions: set[Subscription] = set()
        self.seq = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = 0

    def subscribe(self) -> Subscription:
        """A new watcher; called on the event loop, which events are then handed to."""
        self._loop = asyncio.get_running_loop()
        self._thread = threading.get_ident()
        sub = Subscription()
        self.subscriptions.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        self.subscriptions.discard(sub)

    def close(self) -> None:
        """Every watcher is told to finish (the runner stops)."""
        for sub in list(self.subscriptions):
            sub.closed = True
            sub.wake.set()

    def __call__(self, event: Event) -> None:
        if not self.subscriptions:
            return
        line = None
        if not isinstance(event, Heartbeat):  # every bot's status: the snapshot says it
            self.seq += 1
            # the wall time it was emitted, for the page's latency figure (bench/bench_web.py)
            line = f'{{"seq":{self.seq},"at":{self.wall() * 1000:.1f},"log":{encode(event, self.redact)}}}'
        if threading.get_ident() == self._thread or self._loop is None:
            self._deliver(line)
        else:
            self._loop.call_soon_threadsafe(self._deliver, line)

    def _deliver(self, line: str | None) -> None:
        for sub in self.subscriptions:
            sub.put(line)
