"""A finished round trip, as reports and metrics see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from runner.model import Side, to_datetime


@dataclass(frozen=True, slots=True)
class ClosedTrade:
    """One round trip, from flat (or a reversal) back to flat (or the next reversal).

    Scaling in and out stays inside one trade: ``qty`` is the number of contracts bought
    and sold each way, ``entry_price`` and ``exit_price`` are quantity-weighted averages,
    so ``gross_pnl == (exit_price - entry_price) * qty * direction * point_value``.
    ``pnl`` is net of ``commission``, which holds every fill's commission in the trip (a
    reversing fill's commission is split by the contracts that closed and opened).
    """

    bot: str
    symbol: str
    side: Side  # BUY for a long trade, SELL for a short one
    qty: int
    entry_ts: int
    exit_ts: int
    entry_price: float
    exit_price: float
    pnl: float
    commission: float
    gross_pnl: float
    bars: int  # bar closes recorded while the trade was open
    exit_reason: str = ""  # the reason of the order whose fill closed the trade
    entry_reason: str = ""

    @property
    def duration_ns(self) -> int:
        return self.exit_ts - self.entry_ts

    @property
    def direction(self) -> int:
        return int(self.side)

    def to_dict(self) -> dict[str, Any]:
        return {
            "bot": self.bot,
            "symbol": self.symbol,
            "side": "long" if self.side is Side.BUY else "short",
            "qty": self.qty,
            "entry_time": to_datetime(self.entry_ts).isoformat(),
            "exit_time": to_datetime(self.exit_ts).isoformat(),
            "entry_ts": self.entry_ts,
            "exit_ts": self.exit_ts,
            "entry_price": self.entry_price,
            "exit_price": self.exit_price,
            "pnl": round(self.pnl, 2),
            "gross_pnl": round(self.gross_pnl, 2),
            "commission": round(self.commission, 2),
            "bars": self.bars,
            "duration_s": self.duration_ns / 1e9,
            "exit_reason": self.exit_reason,
            "entry_reason": self.entry_reason,
        }
