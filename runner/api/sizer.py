"""Sizers: how many contracts an intent is worth."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from runner.api.base import P, Plugin, PluginKind

if TYPE_CHECKING:
    from runner.api.context import BotContext, InstrumentState
    from runner.api.signal import Intent


class Sizer(Plugin[P]):
    kind: ClassVar[PluginKind] = PluginKind.SIZER

    def size(
        self,
        ctx: BotContext,
        inst: InstrumentState,
        intent: Intent,
        price: float,
        stop_distance: float | None,
    ) -> int:
        """Contracts (>= 0) for one unit of ``intent`` in ``inst`` at ``price``.

        ``stop_distance`` is the distance in price points from entry to the protective
        stop the exits would place, or ``None`` when no exit sets a stop.
        """
        raise NotImplementedError
