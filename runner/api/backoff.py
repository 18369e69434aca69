"""The one exponential backoff: reconnects of every venue and restarts of crashed bots.

Attempt 0 waits ``initial``; each further attempt waits ``factor`` times longer, never more
than ``maximum``. Kept deterministic (no jitter) so a test can say exactly when the next
attempt comes on an injected clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Backoff:
    initial: float
    maximum: float
    factor: float = 2.0

    def __post_init__(self) -> None:
        if not (0 < self.initial <= self.maximum) or self.factor < 1:
            raise ValueError(f"backoff needs 0 < initial <= maximum and factor >= 1: {self}")

    def delay(self, attempt: int) -> float:
        """Seconds to wait before retry number ``attempt`` (0 for the first retry)."""
        if attempt <= 0:
            return self.initial
        # the exponent is capped so a long outage never overflows a float
        return min(self.maximum, self.initial * self.factor ** min(attempt, 64))

    def delays(self) -> Iterator[float]:
        """The delays of successive attempts, forever."""
        attempt = 0
        while True:
            yield self.delay(attempt)
            attempt += 1
