"""One client connection of the local server, and the faults the server shows on demand.

Kept apart from the server so that every plant's handlers can name a session's state (its
plant, its subscriptions) without importing the server they are registered with.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import cast

from google.protobuf.message import Message
from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from runner_plugins.rithmic.protocol import framing
from runner_plugins.rithmic.protocol.templates import Templated

PLANTS = {1: "ticker", 2: "order", 3: "history", 4: "pnl", 5: "repository"}
PLANT_IDS = {v: k for k, v in PLANTS.items()}
NO_DATA = ["7", "no data"]


@dataclass
class Faults:
    """Misbehaviour the server shows on demand."""

    response_delay: float = 0.0  # every response waits this long
    delay_templates: dict[int, float] = field(default_factory=dict)  # per request template
    reject_orders: int = 0  # the next N new orders are rejected by the "exchange"
    reject_text: str = "rejected by the simulated exchange"
    ignore: dict[int, int] = field(default_factory=dict)  # template id -> requests to swallow
    drop_after_orders: int = 0  # the next N new orders reach the desk, then the plant is cut


@dataclass(eq=False)
class Session:
    ws: ServerConnection
    plant: str = ""
    user: str = ""
    logged_in: bool = False
    last_recv: float = field(default_factory=time.monotonic)
    market: dict[str, int] = field(default_factory=dict)  # symbol -> update bits
    depth: set[str] = field(default_factory=set)  # depth-by-order subscriptions
    order_updates: bool = False
    bracket_updates: bool = False
    pnl_updates: bool = False

    async def send(self, msg: Templated | Message | bytes) -> bool:
        data = msg if isinstance(msg, bytes) else framing.encode(cast(Templated, msg))
        try:
            await self.ws.send(data)
        except (ConnectionClosed, OSError):
            return False
        return True
