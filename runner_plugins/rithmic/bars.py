"""Bars from Rithmic's history plant: the feed's ``bars`` setting, the requests that ask for
time- and tick-bar streams and replays, and the messages made into runner's bars.

By default runner builds a bot's bars from the ticker plant's trades. A bot may instead take
the bars the history plant makes: time bars streamed as they complete (200/201, then 250),
or tick bars of a fixed number of trades (204/205, then 251; replayed by 206/207 for
warm-up), which have no time grid at all.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from runner.api import NS, Bar
from runner.api.base import Params
from runner_plugins.rithmic.protocol.proto.request_tick_bar_replay_pb2 import (
    RequestTickBarReplay,
)
from runner_plugins.rithmic.protocol.proto.request_tick_bar_update_pb2 import (
    RequestTickBarUpdate,
)
from runner_plugins.rithmic.protocol.proto.request_time_bar_update_pb2 import (
    RequestTimeBarUpdate,
)
from runner_plugins.rithmic.protocol.proto.response_tick_bar_replay_pb2 import (
    ResponseTickBarReplay,
)
from runner_plugins.rithmic.protocol.proto.tick_bar_pb2 import TickBar
from runner_plugins.rithmic.protocol.proto.time_bar_pb2 import TimeBar
from runner_plugins.rithmic.protocol.templates import stamped

MAX_TICKS = 1_000_000
MAX_TIME_BAR = 7 * 86_400  # a week


class BarSource(Params):
    """``bars:`` of the ``rithmic`` feed: ``{time: SECONDS}`` for time bars streamed by the
    history plant, ``{ticks: N}`` for bars of N trades; absent (or ``trades``): runner builds
    time bars from the trades."""

    time: int | None = Field(
        default=None,
        gt=0,
        le=MAX_TIME_BAR,
        description="seconds per bar of the time bars the history plant streams: the "
        "bar_size of the bots on the feed (the smallest when they differ), at most a week",
    )
    ticks: int | None = Field(
        default=None,
        gt=0,
        le=MAX_TICKS,
        description="trades per bar of the tick bars the history plant streams, at most 1,000,000",
    )

    @model_validator(mode="after")
    def _one(self) -> BarSource:
        if (self.time is None) == (self.ticks is None):
            raise ValueError(
                "give exactly one of time (seconds per streamed time bar, e.g. {time: 60}) "
                "or ticks (trades per tick bar, e.g. {ticks: 500})"
            )
        return self


def bar_source(value: Any) -> Any:
    """``trades`` (runner builds the bars) is the same as no ``bars`` at all."""
    return None if value == "trades" else value


def time_bar_type(seconds: int) -> tuple[str, int]:
    """(BarType name, period) of a time bar of ``seconds``: the largest unit dividing it."""
    for unit, name in ((604_800, "WEEKLY_BAR"), (86_400, "DAILY_BAR"), (60, "MINUTE_BAR")):
        if seconds % unit == 0:
            return name, seconds // unit
    return "SECOND_BAR", seconds


def time_bar_update(
    symbol: str, exchange: str, seconds: int, subscribe: bool = True
) -> RequestTimeBarUpdate:
    bar_type, period = time_bar_type(seconds)
    return stamped(
        RequestTimeBarUpdate(
            symbol=symbol,
            exchange=exchange,
            request=RequestTimeBarUpdate.SUBSCRIBE
            if subscribe
            else RequestTimeBarUpdate.UNSUBSCRIBE,
            bar_type=bar_type,
            bar_type_period=period,
        )
    )


def tick_bar_update(
    symbol: str, exchange: str, ticks: int, subscribe: bool = True
) -> RequestTickBarUpdate:
    return stamped(
        RequestTickBarUpdate(
            symbol=symbol,
            exchange=exchange,
            request=RequestTickBarUpdate.SUBSCRIBE
            if subscribe
            else RequestTickBarUpdate.UNSUBSCRIBE,
            bar_type=RequestTickBarUpdate.TICK_BAR,
            bar_sub_type=RequestTickBarUpdate.REGULAR,
            bar_type_specifier=str(ticks),
        )
    )


def tick_bar_replay(
    symbol: str, exchange: str, ticks: int, start_s: int, finish_s: int, count: int
) -> RequestTickBarReplay:
    return stamped(
        RequestTickBarReplay(
            symbol=symbol,
            exchange=exchange,
            bar_type=RequestTickBarReplay.TICK_BAR,
            bar_sub_type=RequestTickBarReplay.REGULAR,
            bar_type_specifier=str(ticks),
            start_index=start_s,
            finish_index=finish_s,
            direction=RequestTickBarReplay.FIRST,
            time_order=RequestTickBarReplay.FORWARDS,
            user_max_count=count,
        )
    )


def time_bar(symbol: str, msg: TimeBar, seconds: int) -> Bar:
    """A streamed time bar; ``marker`` is its start."""
    start = msg.marker * NS
    return Bar(
        symbol,
        start,
        start + seconds * NS,
        msg.open_price,
        msg.high_price,
        msg.low_price,
        msg.close_price,
        float(msg.volume),
    )


def tick_bar(symbol: str, msg: TickBar | ResponseTickBarReplay) -> Bar | None:
    """A tick bar from its first trade to its last; None when the message has no times."""
    times = [
        s * NS + u * 1000 for s, u in zip(msg.data_bar_ssboe, msg.data_bar_usecs, strict=False)
    ]
    if not times and msg.data_bar_ssboe:
        times = [s * NS for s in msg.data_bar_ssboe]
    if not times:
        return None
    return Bar(
        symbol,
        times[0],
        times[-1],
        msg.open_price,
        msg.high_price,
        msg.low_price,
        msg.close_price,
        float(msg.volume),
    )
