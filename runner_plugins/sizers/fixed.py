"""The ``fixed`` sizer: the same number of contracts every time."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from runner.api.base import MAX_CONTRACTS, Params
from runner.api.context import BotContext, InstrumentState
from runner.api.signal import Intent
from runner.api.sizer import Sizer


class FixedParams(Params):
    contracts: int = Field(default=1, gt=0, le=MAX_CONTRACTS)
    """Contracts per entry (of the first leg for a multi-leg intent); 1 to 10,000."""


class FixedSizer(Sizer[FixedParams]):
    """The same number of contracts on every entry, whatever the equity or the stop."""

    name: ClassVar[str] = "fixed"
    Params: ClassVar[type[Params]] = FixedParams

    def size(
        self,
        ctx: BotContext,
        inst: InstrumentState,
        intent: Intent,
        price: float,
        stop_distance: float | None,
    ) -> int:
        p = self.params
        return p.contracts
