"""Built-in sizers."""

from runner.api import hookimpl
from runner.api.registry import deferred, lazy_exports

REFS = (
    deferred("sizer", "fixed", "runner_plugins.sizers.fixed:FixedSizer"),
    deferred("sizer", "risk_per_trade", "runner_plugins.sizers.risk:RiskPerTrade"),
)
"""Registered by name: a module is imported when a bot uses its plugin."""

__getattr__ = lazy_exports(REFS, __name__)


@hookimpl
def register_sizers() -> list:
    return list(REFS)
