"""Pieces shared by the built-in indicators.

Every indicator reads its input price with ``bar.close if self._on_close else self._get(bar)``:
close is what nearly every bot feeds, so that path costs one attribute test and one attribute
read, while the other sources pay one extra C-level call through :func:`source_getter`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import TYPE_CHECKING

from pydantic import Field

if TYPE_CHECKING:
    from runner.api import Bar

NAN = float("nan")

MAX_PERIOD = 100_000
"""TA-Lib's upper bound on every time period."""


def period_field(default: int, minimum: int = 2) -> int:
    """A ``period`` parameter with TA-Lib's own bounds, so every valid YAML value runs in TA-Lib."""
    return Field(default, ge=minimum, le=MAX_PERIOD)


def _hl2(bar: Bar) -> float:
    return (bar.high + bar.low) / 2.0


def _hlc3(bar: Bar) -> float:
    return (bar.high + bar.low + bar.close) / 3.0


def _ohlc4(bar: Bar) -> float:
    return (bar.open + bar.high + bar.low + bar.close) / 4.0


_COMPOSITE: dict[str, Callable[[Bar], float]] = {"hl2": _hl2, "hlc3": _hlc3, "ohlc4": _ohlc4}


def source_getter(source: str) -> Callable[[Bar], float]:
    """The cheapest callable returning ``source`` of a bar (same arithmetic as Indicator.price)."""
    composite = _COMPOSITE.get(source)
    if composite is not None:
        return composite
    return operator.attrgetter(source)
