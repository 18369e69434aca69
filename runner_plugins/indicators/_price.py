"""The base of indicators that read one price per bar (``source``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runner.api.indicator import IP, Indicator
from runner_plugins.indicators._common import source_getter

if TYPE_CHECKING:
    import numpy as np

    from runner_plugins.indicators._batch import Columns


class PriceIndicator(Indicator[IP]):
    """Resolves ``source`` once, so ``update`` never looks at the parameter again."""

    __slots__ = ("_get", "_on_close")

    def __init__(self, params: IP) -> None:
        super().__init__(params)
        self._on_close = params.source == "close"
        self._get = source_getter(params.source)

    def prices(self, columns: Columns) -> np.ndarray:
        """Every bar's ``source`` price, for ``batch`` (see :mod:`._batch`)."""
        from runner_plugins.indicators._batch import source_array

        return source_array(self.params.source, columns)
