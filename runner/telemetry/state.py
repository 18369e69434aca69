"""The runtime's telemetry: event counters (a sink listener) and the loop-lag probe."""

from __future__ import annotations

from runner.events import EventSink
from runner.telemetry.counters import EventCounters
from runner.telemetry.looplag import LoopLag


class Telemetry:
    __slots__ = ("counters", "lag")

    def __init__(self, sink: EventSink) -> None:
        self.counters = EventCounters()
        self.lag = LoopLag()
        sink.sinks.append(self.counters)
