"""Market data: what feeds deliver and bots decide on. Slots dataclasses, times in ns UTC."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Trade:
    symbol: str
    ts: int
    price: float
    size: int


@dataclass(slots=True)
class Quote:
    symbol: str
    ts: int
    bid: float
    ask: float
    bid_size: int = 0
    ask_size: int = 0


@dataclass(slots=True)
class Bar:
    """A time bar. ``ts`` is the bar's start, ``end`` its close; decisions happen at ``end``."""

    symbol: str
    ts: int
    end: int
    open: float
    high: float
    low: float
    close: float
    volume: float = 0.0


@dataclass(slots=True)
class Timer:
    """A scheduled moment: window open/close, an event release, a heartbeat."""

    ts: int
    name: str
    payload: dict = field(default_factory=dict)


MarketEvent = Trade | Quote | Bar
