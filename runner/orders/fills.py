"""The one place that decides whether an execution was already counted.

Brokers repeat executions (a reconnect, a snapshot after a restart, a journal read back),
and a fill counted twice is a position that does not exist. Execution ids are unique only
within one broker session, and a restart of either side may reuse one, so the key is
:attr:`Fill.key` = (session, client id, fill id): two sessions that both say ``P1.1``
are two fills; the same (session, client id, fill id) twice is one.
"""

from __future__ import annotations

from collections.abc import Iterator

from runner.model import Fill

FillKey = tuple[str, str, str]


class FillLedger:
    """Keys of every execution a bot has booked in this process."""

    __slots__ = ("_keys", "duplicates")

    def __init__(self) -> None:
        self._keys: set[FillKey] = set()
        self.duplicates = 0  # repeats refused, for status and tests

    def admit(self, fill: Fill) -> bool:
        """True the first time a fill's key is seen (book it), False for a repeat."""
        key = fill.key
        if key in self._keys:
            self.duplicates += 1
            return False
        self._keys.add(key)
        return True

    def knows(self, fill: Fill) -> bool:
        return fill.key in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[FillKey]:
        return iter(self._keys)
