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
    clock: Callable[[], int] = time.time_ns
    """The live run's "now" (ns since the epoch): the wall clock, or the one a test pins."""
    monotonic: Callable[[], float] = time.monotonic
    """Seconds for the heartbeat's schedule and the time slices after which long work
    (building, warming up, a burst of bars) gives the event loop a turn; a test injects it."""
