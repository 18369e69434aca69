"""IB's pacing rules for historical data requests, kept by the client and by the local TWS.

TWS cancels a historical request with error 162 ("pacing violation") when a client makes an
identical request within 15 seconds, six or more requests for the same contract within two
seconds, or more than 60 requests within ten minutes. IB documents the last two for bars of
30 seconds or less; the identical-request rule holds for every bar size. One
:class:`PacingLog` answers both sides: the client asks how long to wait before a request,
the server whether a request breaks a rule.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class PacingRules:
    identical_spacing: float = 15.0
    same_contract_count: int = 6
    """This many requests for one contract inside ``same_contract_window`` is a violation."""
    same_contract_window: float = 2.0
    max_requests: int = 60
    window: float = 600.0
    small_bar_seconds: int = 30
    """The two counting rules apply to bars of at most this many seconds."""


@dataclass(slots=True)
class PacingLog:
    rules: PacingRules = field(default_factory=PacingRules)
    _all: deque[float] = field(default_factory=deque)
    _by_contract: dict[str, deque[float]] = field(default_factory=dict)
    _by_key: dict[str, float] = field(default_factory=dict)

    def wait(self, now: float, key: str, contract: str, bar_seconds: int) -> tuple[float, str]:
        """Seconds until a request may go out without breaking a rule, and which rule."""
        r = self.rules
        self._expire(now)
        waits: list[tuple[float, str]] = []
        last = self._by_key.get(key)
        if last is not None and now - last < r.identical_spacing:
            waits.append((last + r.identical_spacing - now, "no identical request within 15 s"))
        if bar_seconds <= r.small_bar_seconds:
            same = self._by_contract.get(contract, deque())
            if len(same) >= r.same_contract_count - 1:
                oldest = same[len(same) - (r.same_contract_count - 1)]
                waits.append(
                    (
                        oldest + r.same_contract_window - now,
                        f"fewer than {r.same_contract_count} requests for one contract "
                        f"within {r.same_contract_window:g} s",
                    )
                )
            if len(self._all) >= r.max_requests:
                oldest = self._all[len(self._all) - r.max_requests]
                waits.append(
                    (
                        oldest + r.window - now,
                        f"at most {r.max_requests} requests per {r.window / 60:g} minutes",
                    )
                )
        waits = [(w, why) for w, why in waits if w > 0]
        return max(waits) if waits else (0.0, "")

    def record(self, now: float, key: str, contract: str, bar_seconds: int) -> None:
        self._by_key[key] = now
        if bar_seconds <= self.rules.small_bar_seconds:
            self._all.append(now)
            self._by_contract.setdefault(contract, deque()).append(now)

    def _expire(self, now: float) -> None:
        r = self.rules
        while self._all and now - self._all[0] >= r.window:
            self._all.popleft()
        for times in self._by_contract.values():
            while times and now - times[0] >= r.same_contract_window:
                times.popleft()
        for key in [k for k, t in self._by_key.items() if now - t >= r.identical_spacing]:
            del self._by_key[key]
