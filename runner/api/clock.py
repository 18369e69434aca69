"""Clocks a feed or a simulator may drive: simulated, accelerated, or wall time from a start."""

from runner.engine.clock import AcceleratedClock, SimulatedClock, parse_instant, start_clock

__all__ = ["AcceleratedClock", "SimulatedClock", "parse_instant", "start_clock"]
