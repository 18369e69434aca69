"""The ``risk_per_trade`` sizer: risk a fixed fraction of equity between entry and stop."""

from __future__ import annotations

import math
from typing import ClassVar

from pydantic import Field

from runner.api.base import MAX_CONTRACTS, Params
from runner.api.context import BotContext, InstrumentState
from runner.api.signal import Intent
from runner.api.sizer import Sizer

_EPS = 1e-9
MAX_LEVERAGE = 100.0


class RiskParams(Params):
    risk: float = Field(default=0.01, gt=0, le=0.2)
    """Fraction of equity lost if the stop is hit (0.01 = 1 %)."""
    max_leverage: float = Field(default=4.0, gt=0, le=MAX_LEVERAGE)
    """Notional (contracts x price x point value) may not exceed equity times this; more
    than 0, at most 100."""
    max_contracts: int | None = Field(default=None, gt=0, le=MAX_CONTRACTS)
    """Cap on the size, 1 to 10,000 contracts."""
    default_contracts: int = Field(default=1, ge=0, le=MAX_CONTRACTS)
    """Size when no exit gives a stop (still subject to the caps); 0 to 10,000."""
    use_confidence: bool = False
    """Scale the size by the intent's confidence (rounded down)."""


class RiskPerTrade(Sizer[RiskParams]):
    """Size from the stop: risk a fraction of equity per trade, capped by leverage.

    contracts = floor(equity x risk / (stop distance x point value)), then capped.

    Caps, in order: the confidence scale (when ``use_confidence``), the leverage limit
    ``contracts x price x point_value <= equity x max_leverage`` and ``max_contracts``.
    Every step rounds down, so the answer is 0 when even one contract would risk more
    than asked or break the leverage limit: the engine then skips the entry and logs it.
    Never negative.
    """

    name: ClassVar[str] = "risk_per_trade"
    Params: ClassVar[type[Params]] = RiskParams

    def size(
        self,
        ctx: BotContext,
        inst: InstrumentState,
        intent: Intent,
        price: float,
        stop_distance: float | None,
    ) -> int:
        p = self.params
        equity = ctx.equity
        point_value = inst.contract.point_value
        if not equity > 0 or not point_value > 0:
            return 0
        if stop_distance is not None and stop_distance > 0:
            raw = equity * p.risk / (stop_distance * point_value)
            if not math.isfinite(raw):
                return 0
            n = math.floor(raw + _EPS)
        else:
            n = p.default_contracts
        if p.use_confidence:
            conf = intent.confidence
            conf = 0.0 if conf != conf else min(1.0, max(0.0, conf))
            n = math.floor(n * conf + _EPS)
        if price > 0:
            n = min(n, math.floor(equity * p.max_leverage / (abs(price) * point_value) + _EPS))
        if p.max_contracts is not None:
            n = min(n, p.max_contracts)
        return max(0, int(n))
