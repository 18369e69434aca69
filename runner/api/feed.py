"""Feeds: where market data comes from (a file replay, a venue's live data)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from runner.api.base import P, Plugin, PluginKind
from runner.api.capabilities import FeedCapabilities
from runner.api.status import ConnectionEvent, ReportsStatus, drop_status

if TYPE_CHECKING:
    from runner.model import Bar, MarketEvent, Timer, Trade


class Feed(Plugin[P], ReportsStatus):
    """Market data source.

    Two ways to consume a feed: ``replay`` yields historical events synchronously and in
    time order (backtests, warm-up); ``connect`` + ``subscribe`` streams live events into
    the sink. A replay feed may implement both, pacing the stream with the clock.
    ``connection`` is the resolved connection profile when the bot names one.
    """

    kind: ClassVar[PluginKind] = PluginKind.FEED
    capabilities: ClassVar[FeedCapabilities] = FeedCapabilities()
    connection_kind: ClassVar[str | None] = None
    """The ``kind`` of connection profile this plugin connects with; validate refuses a bot
    that names a profile of another kind. None: any profile, or none at all."""

    def __init__(self, params: P, connection: Any = None) -> None:
        super().__init__(params)
        self.connection = connection
        self.sink: Callable[[MarketEvent | Timer], None] = _drop
        """Where streamed events go; a Timer is a feed's own notice (a stale instrument)."""
        self.drained: Callable[[], Awaitable[None]] = _nothing_pending
        """Returns once the core has finished with the events already sunk (their bots
        decided). A feed that can run ahead of the bots (a fast or late replay) awaits it
        between two instants, so the core can spread a burst over several turns of the
        event loop without the feed piling up more."""
        self.status: Callable[[ConnectionEvent], None] = drop_status
        self.on_stale: list[Callable[[str, float], None]] = []
        """Called with (symbol, seconds silent) when ``capabilities.stale_watch``."""
        self.session_check: Callable[[str, int], bool] | None = None
        """Installed by the core when ``capabilities.session_check``: is ``symbol`` in session at
        ``ts``? A feed stays quiet about a silence the session explains."""
        self.warnings: list[str] = []
        """What the feed accepted but found suspicious in its data (price jumps, holes while
        the session was open), each once; a command shows them to the user."""

    def replay(
        self, symbols: list[str], start: int | None, end: int | None
    ) -> Iterator[Bar | Trade]:
        """Historical events of ``symbols`` between two ns timestamps, merged in time order:
        bars, or trades where the history is ticks (the consumer builds bars from them)."""
        raise NotImplementedError(f"feed {self.name!r} cannot replay history")

    def source_of(self, symbol: str) -> str | None:
        """Where ``symbol``'s history is read from (a file), for messages; None when the feed
        cannot say or has none. Never raises."""
        return None

    def source_id(self, symbols: list[str]) -> str:
        """What ``symbols`` replay from, as a fingerprint that changes when the data does
        (``capabilities.resumes``): a resume over other data than the crashed run's would
        trade a different history, so it is refused."""
        raise NotImplementedError(f"feed {self.name!r} cannot name its data")

    def start_at(self, ts: int) -> None:
        """Called before ``subscribe`` (``capabilities.resumes``): the stream begins at market
        time ``ts`` (ns). Events up to it are delivered first, at once and unpaced, so the
        bots warm up on them; the feed's clock starts at ``ts``."""
        raise NotImplementedError(f"feed {self.name!r} cannot begin at a market time")

    async def history(self, symbol: str, bar_seconds: int, start: int, end: int) -> list[Bar]:
        """Bars for indicator warm-up (trades of a tick history are not bars: left out)."""
        from runner.model import Bar

        return [b for b in self.replay([symbol], start, end) if isinstance(b, Bar)]

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


async def _nothing_pending() -> None:
    return None
