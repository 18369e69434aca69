"""A finished round trip, as reports and metrics see it."""

from __future__ import annotations

from collections.abc import Iterable
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


@dataclass(frozen=True, slots=True)
class SpreadTrade:
    """The trades a bot held at once, counted as one: a pair's legs from entry to exit.

    A pair bot's order manager opens and closes its legs together, so each leg is its own
    round trip per symbol; a trader still thinks of the spread as the one trade. Metrics
    count these: one win or loss per spread, on the PnL of all its legs. A bot that holds
    one symbol at a time gets one spread per trade, with that trade as its only leg.
    """

    legs: tuple[ClosedTrade, ...]
    entry_ts: int  # the first leg's entry
    exit_ts: int  # the last leg's exit

    @classmethod
    def of(cls, legs: Iterable[ClosedTrade]) -> SpreadTrade:
        ordered = tuple(sorted(legs, key=_leg_order))
        return cls(ordered, ordered[0].entry_ts, max(t.exit_ts for t in ordered))

    @property
    def bot(self) -> str:
        return self.legs[0].bot

    @property
    def pnl(self) -> float:
        return sum(t.pnl for t in self.legs)

    @property
    def gross_pnl(self) -> float:
        return sum(t.gross_pnl for t in self.legs)

    @property
    def commission(self) -> float:
        return sum(t.commission for t in self.legs)

    @property
    def symbols(self) -> str:
        """The legs' symbols in entry order, ``MCLX3/USO``."""
        return "/".join(dict.fromkeys(t.symbol for t in self.legs))

    @property
    def side(self) -> str:
        """``long``/``short`` for one leg; for a spread, the side of its first leg."""
        return "long" if self.legs[0].side is Side.BUY else "short"

    def to_dict(self) -> dict[str, Any]:
        return {
            "bot": self.bot,
            "symbol": self.symbols,
            "side": self.side,
            "legs": len(self.legs),
            "entry_time": to_datetime(self.entry_ts).isoformat(),
            "exit_time": to_datetime(self.exit_ts).isoformat(),
            "pnl": round(self.pnl, 2),
            "gross_pnl": round(self.gross_pnl, 2),
            "commission": round(self.commission, 2),
            "exit_reason": self.legs[-1].exit_reason,
        }


def group_spreads(trades: Iterable[ClosedTrade]) -> list[SpreadTrade]:
    """One bot's trades grouped into the spreads they were held as.

    Trades whose holding times overlap belong to one spread: the spread opens with the
    first leg entered while the bot was flat and closes when its last leg is closed. A
    trade entered at the very moment the previous ones exit (a reversal) starts a new
    spread. Trades of different bots are never grouped: call this once per bot.
    """
    ordered = sorted(trades, key=lambda t: (t.entry_ts, t.exit_ts))
    out: list[SpreadTrade] = []
    group: list[ClosedTrade] = []
    end = 0
    for t in ordered:
        if group and (t.entry_ts >= end or t.bot != group[0].bot):
            out.append(SpreadTrade.of(group))
            group = []
        if not group:
            end = t.exit_ts
        group.append(t)
        end = max(end, t.exit_ts)
    if group:
        out.append(SpreadTrade.of(group))
    out.sort(key=lambda s: (s.exit_ts, s.entry_ts))
    return out


def _leg_order(t: ClosedTrade) -> tuple[int, int]:
    return (t.entry_ts, t.exit_ts)
