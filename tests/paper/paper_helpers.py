"""Contracts, bars, trades and orders for the paper broker tests."""

from __future__ import annotations

from runner.model import MINUTE_NS, Bar, Order, OrderType, Side, Trade
from runner.model.instrument import ContractSpec
from runner_plugins.paper.matching import MatchingEngine

GC = ContractSpec(
    root="GC",
    description="Gold",
    exchange="COMEX",
    currency="USD",
    tick_size=0.1,
    point_value=100.0,
    calendar="COMEX",
    timezone="America/New_York",
)
ES = ContractSpec(
    root="ES",
    description="E-mini S&P 500",
    exchange="CME",
    currency="USD",
    tick_size=0.25,
    point_value=50.0,
    calendar="CMES",
    timezone="America/Chicago",
)
USO = ContractSpec(
    root="USO",
    description="United States Oil Fund",
    exchange="ARCA",
    currency="USD",
    tick_size=0.01,
    point_value=1.0,
    calendar="XNYS",
    timezone="America/New_York",
    sec_type="STK",
    months="",
)
SPECS = {"GCZ6": GC, "ESZ6": ES, "USO": USO}

T0 = 1_700_000_000 * 1_000_000_000  # a bar boundary (minute aligned)


def spec_for(symbol: str) -> ContractSpec:
    return SPECS[symbol]


def bar(i: int, o: float, h: float, lo: float, c: float, v: float = 100, sym: str = "GCZ6") -> Bar:
    """The i-th one-minute bar after T0."""
    return Bar(sym, T0 + i * MINUTE_NS, T0 + (i + 1) * MINUTE_NS, o, h, lo, c, v)


def trade(ns: int, price: float, size: int = 1, sym: str = "GCZ6") -> Trade:
    return Trade(sym, T0 + ns, price, size)


def order(
    cid: str,
    side: Side,
    qty: int = 1,
    type_: OrderType = OrderType.MARKET,
    *,
    limit: float | None = None,
    stop: float | None = None,
    sym: str = "GCZ6",
    **kw,
) -> Order:
    return Order(cid, "bot", sym, side, qty, type_, limit_price=limit, stop_price=stop, **kw)


def make_engine(**kw) -> MatchingEngine:
    return MatchingEngine(spec_for, **kw)
