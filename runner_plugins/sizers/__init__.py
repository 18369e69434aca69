"""Built-in sizers."""

from runner.api import hookimpl
from runner_plugins.sizers.fixed import FixedSizer
from runner_plugins.sizers.risk import RiskPerTrade


@hookimpl
def register_sizers() -> list:
    return [FixedSizer, RiskPerTrade]
