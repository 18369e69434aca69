"""The paper broker: simulated fills for backtests, paced replays and paper trading.

``matching`` is the matching engine (also what the local protocol servers of
``runner_sims`` fill orders with), ``broker`` the ``paper`` plugin around it. The broker
is registered by name and imported when a bot uses it.
"""

from typing import Any

from runner.api import hookimpl
from runner.api.registry import deferred, lazy_exports

__all__ = ["MatchingEngine", "PaperBroker"]

REFS = (deferred("broker", "paper", "runner_plugins.paper.broker:PaperBroker"),)
_classes = lazy_exports(REFS, __name__)


def __getattr__(name: str) -> Any:
    if name == "MatchingEngine":
        from runner_plugins.paper.matching import MatchingEngine

        return MatchingEngine
    return _classes(name)


@hookimpl
def register_brokers() -> list:
    return list(REFS)
