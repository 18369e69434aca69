"""Contracts and fills for the portfolio tests."""

from __future__ import annotations

from runner.model import Fill, Side
from runner.model.instrument import ContractSpec

GC = ContractSpec("GC", "Gold", "COMEX", "USD", 0.1, 100.0, "COMEX", "America/New_York")
ES = ContractSpec("ES", "E-mini S&P 500", "CME", "USD", 0.25, 50.0, "CMES", "America/Chicago")
SPECS = {"GCZ6": GC, "ESZ6": ES}
T0 = 1_700_000_000 * 1_000_000_000
DAY = 86_400 * 1_000_000_000

_n = 0


def spec_for(symbol: str) -> ContractSpec:
    return SPECS[symbol]


def fill(
    side: Side,
    qty: int,
    price: float,
    *,
    ts: int = T0,
    sym: str = "GCZ6",
    commission: float = 0.0,
    reason: str = "",
    fill_id: str | None = None,
) -> Fill:
    global _n
    _n += 1
    return Fill(
        f"c{_n}",
        fill_id or f"f{_n}",
        sym,
        side,
        qty,
        price,
        ts,
        commission=commission,
        bot="bot",
        reason=reason,
    )
