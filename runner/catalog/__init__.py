"""The local catalog of market history: Parquet files per symbol and session day.

Fetchers write into it (:class:`Catalog.write_day`), backtests and the ``runner data``
commands read from it. The layout is documented in :mod:`runner.catalog.store`.

The names are imported on first use: the store needs pyarrow, and ``runner --help``
(which registers the ``data`` commands) must not pay for it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runner.catalog.manifest import GapRecord, Holding, Manifest, RollRecord
    from runner.catalog.store import Catalog, CatalogError

__all__ = ["Catalog", "CatalogError", "GapRecord", "Holding", "Manifest", "RollRecord"]

_HOME = {
    "Catalog": "runner.catalog.store",
    "CatalogError": "runner.catalog.store",
    "GapRecord": "runner.catalog.manifest",
    "Holding": "runner.catalog.manifest",
    "Manifest": "runner.catalog.manifest",
    "RollRecord": "runner.catalog.manifest",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
