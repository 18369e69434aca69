"""Built-in signals."""

from runner.api import hookimpl
from runner_plugins.signals.crossover import CrossoverSignal
from runner_plugins.signals.event_window import EventWindow
from runner_plugins.signals.opening_range import OpeningRange
from runner_plugins.signals.pairs import ZScorePairs
from runner_plugins.signals.rule import RuleSignal


@hookimpl
def register_signals() -> list:
    return [RuleSignal, CrossoverSignal, ZScorePairs, OpeningRange, EventWindow]
