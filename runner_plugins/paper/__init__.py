"""The paper broker: simulated fills for backtests, paced replays and paper trading."""

from runner_plugins.brokers.paper.broker import PaperBroker
from runner_plugins.brokers.paper.matching import MatchingEngine

__all__ = ["MatchingEngine", "PaperBroker"]
