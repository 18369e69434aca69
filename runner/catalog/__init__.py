"""The local catalog of market history: Parquet files per symbol and session day.

Fetchers write into it (:class:`Catalog.write_day`), backtests and the ``runner data``
commands read from it. The layout is documented in :mod:`runner.catalog.store`.
"""

from runner.catalog.manifest import GapRecord, Holding, Manifest, RollRecord
from runner.catalog.store import Catalog, CatalogError

__all__ = ["Catalog", "CatalogError", "GapRecord", "Holding", "Manifest", "RollRecord"]
