"""How runner reaches TWS or IB Gateway: the connection profile and the plugins' parameters.

A bot names an ``ib`` profile of connections.yaml or writes the same fields inline (inline
values win). Nothing here needs the ``ib`` extra, so the profile validates without it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from runner.api.base import Params
from runner.api.connection import ConnectionProfile


class IBProfile(ConnectionProfile):
    """Interactive Brokers TWS or IB Gateway, through ib_async or ib_insync."""

    kind: Literal["ib"]
    host: str = "127.0.0.1"
    port: int = Field(ge=1, le=65535)
    client_id: int = Field(default=1, ge=0, le=2**31 - 1)
    """TWS API client id, 0 to 2^31 - 1 (a 32-bit signed integer)."""
    account: str | None = None
    readonly: bool = False
    timeout: float = Field(default=10.0, gt=0, le=3600)
    """Seconds to wait for the connection, more than 0 and at most 3600."""
    library: Literal["auto", "ib_async", "ib_insync"] = "auto"
    """Client library for this connection; auto: $RUNNER_IB_LIBRARY if set, else ib_async
    when installed, else ib_insync."""


class ConnectionFields(Params):
    """Connection fields a bot may give inline instead of naming a connection profile."""

    connection: str | None = None
    """Name of an ``ib`` profile in connections.yaml; inline fields below override it."""
    host: str | None = None
    port: int | None = Field(default=None, ge=1, le=65535)
    client_id: int | None = Field(default=None, ge=0, le=2**31 - 1)
    """TWS API client id, 0 to 2^31 - 1."""
    account: str | None = None
    library: Literal["auto", "ib_async", "ib_insync"] | None = None
    """Client library (overrides the profile's); auto: $RUNNER_IB_LIBRARY if set, else
    ib_async when installed, else ib_insync."""
    connect_timeout: float = Field(default=4.0, gt=0, le=3600)
    """Seconds the first connection may take (more than 0, at most 3600): the API handshake,
    and retries while nothing accepts connections or TWS cuts the handshake (TWS restarting)."""
    reconnect_initial: float = Field(default=0.5, gt=0, le=3600)
    """Seconds before the first reconnect attempt; doubles per failure up to reconnect_max
    (at most 3600)."""
    reconnect_max: float = Field(default=30.0, gt=0, le=3600)
    """Longest wait between reconnect attempts in seconds, at most 3600."""


class IBFeedParams(ConnectionFields):
    exchanges: dict[str, str] = Field(default_factory=dict)
    """Root -> IB exchange, where data should come from another exchange."""
    what_to_show: str = "TRADES"
    """Historical data type for warm-up bars (TRADES, MIDPOINT, BID, ASK)."""
    use_rth: bool = False
    """Warm-up bars from regular trading hours only."""


class IBBrokerParams(ConnectionFields):
    exchanges: dict[str, str] = Field(default_factory=dict)
    """Root -> IB exchange, where a bot wants another route than the listing exchange."""
    fill_grace: float = Field(default=1.0, gt=0, le=60)
    """Seconds an execution waits for its commission report before it is sent without (at
    most 60)."""
