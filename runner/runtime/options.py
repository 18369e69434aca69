"""What ``runner start`` was asked to do, and the one error that refuses a start."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from runner.runtime.supervision import RestartPolicy


class StartError(Exception):
    """A reason not to start (user mistake or missing permission): printed, exit 1."""


@dataclass
class ReloadOptions:
    """Where ``runner start`` reads its bots from, so an edit is validated the same way.

    ``paths`` and ``connections`` are what the start loaded (the project is read again
    from them on every change); ``watch`` are the bot folders and files named to the start
    (a file named alone is watched alone, not its folder's other files); ``debounce_ms``
    groups the several writes of one save into one change.
    """

    paths: list[Path]
    watch: list[Path]
    connections: Path | None = None
    debounce_ms: int = 300
    since: float | None = None
    """Wall time (``time.time()``) just before the project was read: a file saved after it
    and before the watcher began is caught up with when the watcher begins."""


@dataclass
class StartOptions:
    live: bool = False
    connection: str | None = None
    capital: float | None = None
    log_dir: Path = Path("logs")
    check_interval: float = 10.0
    display_interval: float = 1.0
    dashboard: bool = False
    speed: float | None = None
    data: Path | None = None
    shutdown_timeout: float = 10.0
    policy: RestartPolicy = field(default_factory=RestartPolicy)
    quiet: bool = False
    metrics: tuple[str, int] | None = None
    """Serve Prometheus ``/metrics`` on this host and port (port 0: any free one)."""
    reload: ReloadOptions | None = None
    """Watch the bot files and apply edits while running (``--no-reload`` leaves it None)."""
    clock: Callable[[], int] = time.time_ns
    """The live run's "now" (ns since the epoch): the wall clock, or the one a test pins."""
    monotonic: Callable[[], float] = time.monotonic
    """Seconds for the heartbeat's schedule and the time slices after which long work
    (building, warming up, a burst of bars) gives the event loop a turn; a test injects it."""
