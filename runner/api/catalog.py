"""The local catalog of market history, for feed plugins that replay it.

Re-exported from the core so a plugin reads the catalog the ``runner data`` commands
write, through the one store, without importing the core's internals.
"""

from runner.catalog.continuous import RollSegment, continuous_symbol, roll_segments
from runner.catalog.store import BAR_SCHEMA, TICK_SCHEMA, Catalog, CatalogError

__all__ = [
    "BAR_SCHEMA",
    "TICK_SCHEMA",
    "Catalog",
    "CatalogError",
    "RollSegment",
    "continuous_symbol",
    "roll_segments",
]
