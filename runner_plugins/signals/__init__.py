"""Built-in signals."""

from runner.api import hookimpl
from runner.api.registry import deferred, lazy_exports

REFS = (
    deferred("signal", "rule", "runner_plugins.signals.rule:RuleSignal"),
    deferred("signal", "crossover", "runner_plugins.signals.crossover:CrossoverSignal"),
    deferred("signal", "zscore_pairs", "runner_plugins.signals.pairs:ZScorePairs"),
    deferred("signal", "opening_range", "runner_plugins.signals.opening_range:OpeningRange"),
    deferred("signal", "event_window", "runner_plugins.signals.event_window:EventWindow"),
)
"""Registered by name: a module is imported when a bot uses its plugin."""

__getattr__ = lazy_exports(REFS, __name__)


@hookimpl
def register_signals() -> list:
    return list(REFS)
