"""Indicators: O(1) state updates per bar, outputs exposed as plain attributes."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from typing_extensions import TypeVar

from runner.api.base import Params, Plugin, PluginKind

if TYPE_CHECKING:
    from runner.api.context import BotContext
    from runner.model import Bar

Source = Literal["open", "high", "low", "close", "volume", "hl2", "hlc3", "ohlc4"]


class IndicatorParams(Params):
    instrument: str | None = None
    """Key of the bot instrument this indicator reads; the bot's primary one when omitted."""
    source: Source = "close"
    """Which price of each bar feeds a single-input indicator."""


IP = TypeVar("IP", bound=IndicatorParams, default=IndicatorParams)


class Indicator(Plugin[IP]):
    """An incremental indicator.

    After ``update(bar)`` each name in ``output_names(params)`` is an attribute holding the
    current value, ``nan`` until the indicator has seen enough bars, exactly where TA-Lib's
    full-history output has its leading NaNs. The first output is what a bare reference
    (``rsi``) means in an expression; others are written ``bb.lower``.
    """

    kind: ClassVar[PluginKind] = PluginKind.INDICATOR
    Params: ClassVar[type[IndicatorParams]] = IndicatorParams
    outputs: ClassVar[tuple[str, ...]] = ("value",)

    @classmethod
    def output_names(cls, params: IP) -> tuple[str, ...]:
        """Outputs for these parameters (a generic TA-Lib wrapper's outputs depend on them)."""
        return cls.outputs

    @classmethod
    def lookback(cls, params: IP) -> int:
        """Bars consumed before the first valid output (TA-Lib's lookback); warm-up needs +1."""
        return 0

    def bind(self, ctx: BotContext) -> None:
        """Called once before the first bar; multi-instrument indicators keep ``ctx`` here."""

    def update(self, bar: Bar) -> None:
        raise NotImplementedError

    @staticmethod
    def price(bar: Bar, source: str) -> float:
        if source == "close":
            return bar.close
        if source == "open":
            return bar.open
        if source == "high":
            return bar.high
        if source == "low":
            return bar.low
        if source == "volume":
            return bar.volume
        if source == "hl2":
            return (bar.high + bar.low) / 2.0
        if source == "hlc3":
            return (bar.high + bar.low + bar.close) / 3.0
        return (bar.open + bar.high + bar.low + bar.close) / 4.0
