"""Counts kept from the typed event flow: orders sent, filled and rejected, reconnects.

One more listener of the run's event sink: the bots' hot path is not touched, and an
event costs a type lookup and a dictionary increment here (orders and fills are rare
next to bars, which are not events).
"""

from __future__ import annotations

from collections import Counter

from runner.events import Event, Filled, OrderRejected, OrderSent, Reconnected


class EventCounters:
    """Counts by (bot, symbol) for orders and fills, by (bot, role, source) for reconnects."""

    __slots__ = ("filled", "filled_contracts", "reconnects", "rejected", "sent")

    def __init__(self) -> None:
        self.sent: Counter[tuple[str, str]] = Counter()
        self.filled: Counter[tuple[str, str]] = Counter()
        self.filled_contracts: Counter[tuple[str, str]] = Counter()
        self.rejected: Counter[tuple[str, str]] = Counter()
        self.reconnects: Counter[tuple[str, str, str]] = Counter()

    def __call__(self, event: Event) -> None:
        kind = type(event)
        if kind is OrderSent:
            self.sent[event.bot, event.symbol] += 1  # type: ignore[attr-defined]
        elif kind is Filled:
            key = (event.bot, event.symbol)  # type: ignore[attr-defined]
            self.filled[key] += 1
            self.filled_contracts[key] += event.qty  # type: ignore[attr-defined]
        elif kind is OrderRejected:
            self.rejected[event.bot, event.symbol] += 1  # type: ignore[attr-defined]
        elif kind is Reconnected:
            role = "feed" if event.feed is not None else "broker"  # type: ignore[attr-defined]
            source = event.feed or event.broker or ""  # type: ignore[attr-defined]
            self.reconnects[event.bot, role, source] += 1
