"""The paper broker: simulated fills for backtests, paced replays and paper trading.

``matching`` is the matching engine (also what the local protocol servers of
``runner_sims`` fill orders with), ``broker`` the ``paper`` plugin around it.
"""

from runner.api import hookimpl
from runner_plugins.paper.broker import PaperBroker
from runner_plugins.paper.matching import MatchingEngine

__all__ = ["MatchingEngine", "PaperBroker"]


@hookimpl
def register_brokers() -> list:
    return [PaperBroker]
