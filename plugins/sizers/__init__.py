"""Built-in sizers."""

from runner_plugins.sizers.fixed import FixedSizer
from runner_plugins.sizers.risk import RiskPerTrade

from runner.hookspecs import hookimpl


@hookimpl
def register_sizers() -> list:
    return [FixedSizer, RiskPerTrade]
