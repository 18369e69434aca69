"""A feed and a broker whose connection drops and comes back at set points of the data.

Both are the bundled replay and the paper broker underneath, so a run is the same as any
other except for what they report through ``status``: the feed loses its ticker channel
after ``drop_after`` events and has it back (reconnected, resubscribed) after
``back_after``; the broker does the same with its order channel, counted in bars it saw.
With ``repeat`` both say ``disconnected`` again at every event while down, as a plugin
does at each failed reconnect attempt.
"""

from __future__ import annotations

from typing import Any

from runner.api import Broker, Feed, MarketEvent
from runner.api.status import ConnectionEvent, ConnectionState
from runner.hookspecs import hookimpl
from runner.model import Bar
from runner_plugins.feeds.replay import ReplayFeed, ReplayParams
from runner_plugins.paper.broker import PaperBroker, PaperParams


class DroppingReplayParams(ReplayParams):
    drop_after: int = 0
    back_after: int = 0
    repeat: bool = False


class DroppingReplay(ReplayFeed):
    name = "dropping_replay"
    Params = DroppingReplayParams

    def __init__(self, params: Any, connection: Any = None) -> None:
        super().__init__(params, connection)
        self.seen = 0

    async def subscribe(self, symbols: list[str]) -> None:
        deliver = self.sink
        p = self.params
        assert isinstance(p, DroppingReplayParams)

        def counted(event: MarketEvent) -> None:
            self.seen += 1
            ts = event.end if isinstance(event, Bar) else event.ts
            if self.seen == p.drop_after or (p.repeat and p.drop_after < self.seen < p.back_after):
                self.status(
                    ConnectionEvent(
                        ConnectionState.DISCONNECTED, ts, channel="ticker", reason="feed cut"
                    )
                )
            elif self.seen == p.back_after:
                for state in (ConnectionState.RECONNECTED, ConnectionState.RESUBSCRIBED):
                    self.status(ConnectionEvent(state, ts, channel="ticker"))
            deliver(event)

        self.sink = counted
        await super().subscribe(symbols)


class DroppingPaperParams(PaperParams):
    drop_after: int = 0
    back_after: int = 0
    repeat: bool = False


class DroppingPaper(PaperBroker):
    name = "dropping_paper"
    Params = DroppingPaperParams  # type: ignore[assignment]

    def __init__(self, params: Any = None, connection: Any = None) -> None:
        super().__init__(params or DroppingPaperParams(), connection)
        self.bars = 0

    async def connect(self) -> None:
        self.status(ConnectionEvent(ConnectionState.CONNECTING, 0, channel="order"))
        self.status(ConnectionEvent(ConnectionState.CONNECTED, 0, channel="order"))

    def on_market(self, event: MarketEvent) -> None:
        if isinstance(event, Bar):
            self.bars += 1
            p = self.params
            assert isinstance(p, DroppingPaperParams)
            if self.bars == p.drop_after or (p.repeat and p.drop_after < self.bars < p.back_after):
                self.status(
                    ConnectionEvent(
                        ConnectionState.DISCONNECTED,
                        event.end,
                        channel="order",
                        reason="order plant closed the socket",
                    )
                )
            elif self.bars == p.back_after:
                self.status(
                    ConnectionEvent(ConnectionState.RECONNECTED, event.end, channel="order")
                )
        super().on_market(event)


@hookimpl
def register_feeds() -> list[type[Feed]]:
    return [DroppingReplay]


@hookimpl
def register_brokers() -> list[type[Broker]]:
    return [DroppingPaper]
