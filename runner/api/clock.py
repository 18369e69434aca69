"""Clocks a feed or a simulator may drive: simulated, accelerated, or wall time from a start;
and the time slice a long-running feed yields to the event loop by."""

from runner.engine.clock import AcceleratedClock, SimulatedClock, parse_instant, start_clock
from runner.engine.timeslice import SLICE_S, TimeSlice

__all__ = [
    "SLICE_S",
    "AcceleratedClock",
    "SimulatedClock",
    "TimeSlice",
    "parse_instant",
    "start_clock",
]
