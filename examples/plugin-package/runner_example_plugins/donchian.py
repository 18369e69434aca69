"""Donchian channel midline, equal to TA-Lib's MIDPRICE."""

from __future__ import annotations

import math
from collections import deque
from typing import ClassVar

from pydantic import Field

from runner.api import Bar, Indicator, IndicatorParams


class DonchianMid(Indicator):
    """Donchian midline: (highest high + lowest low) / 2 of the last ``period`` bars."""

    name = "donchian_mid"
    outputs: ClassVar[tuple[str, ...]] = ("value", "upper", "lower")

    class Params(IndicatorParams):
        period: int = Field(default=20, ge=2, le=10_000)
        """Bars in the channel (TA-Lib MIDPRICE's timeperiod)."""

    params: Params

    def __init__(self, params: Params) -> None:
        super().__init__(params)
        self.value = math.nan
        self.upper = math.nan
        self.lower = math.nan
        self._n = 0
        # (index, price) pairs; the front is the extreme of the window. Every bar is pushed
        # and popped at most once per queue, so an update is amortised O(1).
        self._highs: deque[tuple[int, float]] = deque()
        self._lows: deque[tuple[int, float]] = deque()

    @classmethod
    def lookback(cls, params: Params) -> int:
        return params.period - 1

    def update(self, bar: Bar) -> None:
        i = self._n
        self._n += 1
        highs, lows = self._highs, self._lows
        while highs and highs[-1][1] <= bar.high:
            highs.pop()
        highs.append((i, bar.high))
        while lows and lows[-1][1] >= bar.low:
            lows.pop()
        lows.append((i, bar.low))
        oldest = i - self.params.period + 1
        if highs[0][0] < oldest:
            highs.popleft()
        if lows[0][0] < oldest:
            lows.popleft()
        if self._n >= self.params.period:
            self.upper = highs[0][1]
            self.lower = lows[0][1]
            self.value = (self.upper + self.lower) / 2.0
