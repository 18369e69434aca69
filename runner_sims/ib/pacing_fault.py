"""A fault of the local TWS: historical requests that break IB's pacing rules are cancelled.

Off unless a test (or ``enable_pacing``) turns it on, since real TWS versions differ in how
strictly they pace. When on, a request breaking a rule of :mod:`runner_plugins.ib.pacing`
gets error 162 ("Historical Market Data Service error message:Historical data request pacing
violation") instead of bars, and is not counted, as TWS does. ``clock`` is in seconds and
injectable so a test can let ten minutes pass in no time.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from runner_plugins.ib.pacing import PacingLog, PacingRules

if TYPE_CHECKING:
    from runner_sims.ib.server import TwsServer

PACING_VIOLATION = 162
TEXT = "Historical Market Data Service error message:Historical data request pacing violation"


@dataclass(slots=True)
class PacingFault:
    rules: PacingRules = field(default_factory=PacingRules)
    clock: Callable[[], float] = time.monotonic
    log: PacingLog = field(init=False)
    violations: int = 0
    served: int = 0

    def __post_init__(self) -> None:
        self.log = PacingLog(self.rules)


_FAULTS: weakref.WeakKeyDictionary[Any, PacingFault] = weakref.WeakKeyDictionary()


def enable_pacing(server: TwsServer, fault: PacingFault | None = None) -> PacingFault:
    """Pace ``server``'s historical requests from now on; returns the fault to inspect."""
    _FAULTS[server] = fault = fault or PacingFault()
    return fault


def refused(
    server: TwsServer,
    session: Any,
    req_id: int,
    symbol: str,
    f: Sequence[str],
    *,
    ticks: bool = False,
) -> bool:
    """True (and 162 sent) when this request breaks a pacing rule of an enabled fault.

    Historical trades (``ticks``) count as the smallest bars: every rule applies to them."""
    fault = _FAULTS.get(server)
    if fault is None:
        return False
    from runner_sims.ib.requests_market import parse_bar_size

    if ticks:
        bar_seconds, key = 0, "|".join([symbol, "ticks", *f[15:21]])
    else:
        bar_seconds = max(1, parse_bar_size(f[16]) // 1_000_000_000)
        key = "|".join([symbol, *f[15:21]])
    now = fault.clock()
    wait, _rule = fault.log.wait(now, key, symbol, bar_seconds)
    if wait > 0:
        fault.violations += 1
        session.error(req_id, PACING_VIOLATION, TEXT)
        return True
    fault.log.record(now, key, symbol, bar_seconds)
    fault.served += 1
    return False
