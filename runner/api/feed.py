"""Feeds: where market data comes from (a file replay, Rithmic, IB)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from runner.api.base import P, Plugin, PluginKind
from runner.api.capabilities import FeedCapabilities
from runner.api.status import ConnectionEvent, drop_status

if TYPE_CHECKING:
    from runner.model import Bar, MarketEvent


class Feed(Plugin[P]):
    """Market data source.

    Two ways to consume a feed: ``replay`` yields historical events synchronously and in
    time order (backtests, warm-up); ``connect`` + ``subscribe`` streams live events into
    the sink. A replay feed may implement both, pacing the stream with the clock.
    ``connection`` is the resolved connection profile when the bot names one.
    """

    kind: ClassVar[PluginKind] = PluginKind.FEED
    capabilities: ClassVar[FeedCapabilities] = FeedCapabilities()

    def __init__(self, params: P, connection: Any = None) -> None:
        super().__init__(params)
        self.connection = connection
        self.sink: Callable[[MarketEvent], None] = _drop
        self.status: Callable[[ConnectionEvent], None] = drop_status
        self.on_stale: list[Callable[[str, float], None]] = []
        """Called with (symbol, seconds silent) when ``capabilities.stale_watch``."""
        self.session_check: Callable[[str, int], bool] | None = None
        """Installed by the core when ``capabilities.session_check``: is ``symbol`` in session at
        ``ts``? A feed stays quiet about a silence the session explains."""

    def replay(self, symbols: list[str], start: int | None, end: int | None) -> Iterator[Bar]:
        """Historical bars of ``symbols`` between two ns timestamps, merged in time order."""
        raise NotImplementedError(f"feed {self.name!r} cannot replay history")

    async def history(self, symbol: str, bar_seconds: int, start: int, end: int) -> list[Bar]:
        """Bars for indicator warm-up."""
        return list(b for b in self.replay([symbol], start, end))

    async def front_month(self, root: str, exchange: str) -> str | None:
        """The exchange's current front-month symbol for a root, when the feed knows it."""
        return None

    async def connect(self) -> None:
        return None

    async def subscribe(self, symbols: list[str]) -> None:
        raise NotImplementedError(f"feed {self.name!r} cannot stream")

    async def close(self) -> None:
        return None

    async def wait(self) -> None:
        """Returns when a paced stream has delivered all it has (``capabilities.paced``)."""
        return None


def _drop(event: object) -> None:
    return None
