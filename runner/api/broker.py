"""Brokers: where orders go, and where order updates and fills come from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from runner.api.base import P, Plugin, PluginKind
from runner.api.capabilities import BrokerCapabilities
from runner.api.status import ConnectionEvent, ReportsStatus, drop_status

if TYPE_CHECKING:
    from runner.model import Bracket, BrokerEvent, Fill, MarketEvent, Order, OrderUpdate


@dataclass
class BrokerSnapshot:
    """What the broker says is true, for reconciliation after a restart or reconnect."""

    open_orders: list[OrderUpdate] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=dict)  # symbol -> signed qty


class Broker(Plugin[P], ReportsStatus):
    """Order routing. Every call returns at once; results arrive as events in ``sink``.

    A broker must echo ``Order.client_id`` in every ``OrderUpdate`` and ``Fill``, and must
    never send an order whose client id it has already sent. A broker at a venue derives
    from ``runner.api.live.LiveBroker``, whose docstring states every rule it keeps.
    """

    kind: ClassVar[PluginKind] = PluginKind.BROKER
    capabilities: ClassVar[BrokerCapabilities] = BrokerCapabilities()
    connection_kind: ClassVar[str | None] = None
    """The ``kind`` of connection profile this plugin connects with; validate refuses a bot
    that names a profile of another kind. None: any profile, or none at all."""

    def __init__(self, params: P, connection: Any = None) -> None:
        super().__init__(params)
        self.connection = connection
        self.sink: Callable[[BrokerEvent], None] = _drop
        self.status: Callable[[ConnectionEvent], None] = drop_status

    async def connect(self) -> None:
        return None

    async def close(self) -> None:
        return None

    def submit(self, order: Order) -> None:
        raise NotImplementedError

    def submit_bracket(self, bracket: Bracket) -> None:
        """Entry plus OCO stop/target. Only called when ``capabilities.native_brackets`` is true."""
        raise NotImplementedError

    def submit_many(self, orders: list[Order]) -> None:
        """The legs of one trade, sent together. Only called when ``capabilities.multi_leg``."""
        raise NotImplementedError

    def cancel(self, client_id: str) -> None:
        raise NotImplementedError

    def modify(
        self,
        client_id: str,
        *,
        qty: int | None = None,
        limit_price: float | None = None,
        stop_price: float | None = None,
    ) -> None:
        raise NotImplementedError

    def on_market(self, event: MarketEvent) -> None:
        """Market data as the engine sees it; simulated brokers fill against it."""

    async def snapshot(self) -> BrokerSnapshot:
        return BrokerSnapshot()

    def restore(self, orders: list[Order]) -> None:
        """Simulated brokers only: take back the working orders a crashed run left.

        A real broker keeps its orders through our crash; a simulated one lives in our
        process, so recovery hands it the journal's working orders instead.
        """


def _drop(event: object) -> None:
    return None
