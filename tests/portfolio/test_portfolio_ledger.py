"""The ledger: positions, realized and unrealized PnL, closed trades, the equity curve."""

from __future__ import annotations

import pytest
from portfolio_helpers import T0, fill, spec_for

from runner.model import Side
from runner.portfolio import Portfolio

BUY, SELL = Side.BUY, Side.SELL
CAP = 100_000.0


def book(*fills) -> Portfolio:
    pf = Portfolio("bot", CAP, spec_for)
    for f in fills:
        pf.on_fill(f)
    return pf


def test_long_round_trip_in_dollars_through_the_point_value():
    pf = book(
        fill(BUY, 2, 2000.0, commission=5.0, reason="entry"),
        fill(SELL, 2, 2010.0, ts=T0 + 60, commission=5.0, reason="target"),
    )
    (t,) = pf.trades
    # 10 points x 2 contracts x $100 = 2000 gross; 10 commission
    assert (t.side, t.qty, t.entry_price, t.exit_price) == (BUY, 2, 2000.0, 2010.0)
    assert (t.gross_pnl, t.commission, t.pnl) == (2000.0, 10.0, 1990.0)
    assert (t.entry_ts, t.exit_ts, t.duration_ns) == (T0, T0 + 60, 60)
    assert (t.exit_reason, t.entry_reason) == ("target", "entry")
    assert (pf.realized, pf.commission, pf.equity) == (2000.0, 10.0, CAP + 1990.0)
    assert pf.position("GCZ6") == 0 and pf.open_positions() == {}


def test_short_round_trip():
    pf = book(fill(SELL, 1, 2000.0), fill(BUY, 1, 1990.0, ts=T0 + 5))
    (t,) = pf.trades
    assert (t.side, t.pnl) == (SELL, 1000.0)
    assert t.to_dict()["side"] == "short"


def test_reversal_in_one_fill_closes_and_opens_exactly():
    pf = book(
        fill(BUY, 2, 4500.0, sym="ESZ6", commission=4.0, reason="entry"),
        fill(SELL, 3, 4510.0, sym="ESZ6", ts=T0 + 10, commission=6.0, reason="reverse"),
    )
    (t,) = pf.trades
    # closes 2: 10 points x 2 x $50 = 1000; commission 4 + 6 * 2/3 = 8
    assert (t.side, t.qty, t.gross_pnl, t.commission, t.pnl) == (BUY, 2, 1000.0, 8.0, 992.0)
    assert t.exit_reason == "reverse"
    pos = pf.positions["ESZ6"]
    assert (pos.qty, pos.avg_price) == (-1, 4510.0)
    pf.on_fill(fill(BUY, 1, 4505.0, sym="ESZ6", ts=T0 + 20, commission=2.0, reason="stop"))
    t2 = pf.trades[1]
    # short 1 from 4510 to 4505: 5 x 1 x $50 = 250; commission 6 * 1/3 + 2 = 4
    assert (t2.side, t2.qty, t2.entry_ts, t2.gross_pnl, t2.commission) == (
        SELL,
        1,
        T0 + 10,
        250.0,
        4.0,
    )
    assert (t2.pnl, t2.entry_reason, t2.exit_reason) == (246.0, "reverse", "stop")
    assert pf.realized == 1250.0 and pf.commission == 12.0
    assert pf.equity == CAP + 1250.0 - 12.0
    assert sum(t.pnl for t in pf.trades) == pytest.approx(pf.equity - CAP)


def test_scaling_in_and_out_stays_one_trade_with_weighted_prices():
    pf = book(
        fill(BUY, 1, 100.0),
        fill(BUY, 1, 102.0),  # average cost 101
        fill(SELL, 1, 104.0),  # realizes 3 points
        fill(BUY, 1, 103.0),  # average cost (101 + 103) / 2 = 102
        fill(SELL, 2, 105.0),  # realizes 2 x 3 points
    )
    assert pf.realized == pytest.approx(900.0)  # 9 points x $100
    (t,) = pf.trades
    assert t.qty == 3
    assert t.entry_price == pytest.approx(305.0 / 3)
    assert t.exit_price == pytest.approx(314.0 / 3)
    assert t.gross_pnl == pytest.approx(900.0)


def test_average_cost_realizes_at_each_reduction():
    pf = book(fill(BUY, 1, 2000.0), fill(BUY, 1, 2010.0), fill(SELL, 1, 2020.0))
    assert pf.realized == pytest.approx(1500.0)  # (2020 - 2005) x 1 x $100
    assert pf.positions["GCZ6"].avg_price == 2005.0
    assert pf.trades == []


def test_partial_fills_of_one_order_add_up():
    pf = book(
        fill(BUY, 1, 2000.0, commission=2.5),
        fill(BUY, 2, 2001.0, commission=5.0),
        fill(SELL, 3, 2002.0, commission=7.5),
    )
    (t,) = pf.trades
    assert t.entry_price == pytest.approx(6002.0 / 3)
    assert t.gross_pnl == pytest.approx(400.0)  # (6006 - 6002) x $100
    assert (t.commission, t.pnl) == (15.0, pytest.approx(385.0))


def test_unrealized_pnl_follows_the_mark():
    pf = book(fill(BUY, 2, 2000.0, commission=5.0), fill(SELL, 1, 4500.0, sym="ESZ6"))
    assert pf.unrealized == 0.0  # marked at the fill prices until the market says otherwise
    pf.mark("GCZ6", 2005.0)  # +5 x 2 x $100
    pf.mark("ESZ6", 4490.0)  # short: +10 x 1 x $50
    assert pf.unrealized == pytest.approx(1500.0)
    assert pf.equity == pytest.approx(CAP - 5.0 + 1500.0)
    assert pf.open_positions() == {"GCZ6": 2, "ESZ6": -1}


def test_equity_curve_and_bars_held():
    pf = Portfolio("bot", CAP, spec_for)
    pf.record(T0)
    pf.on_fill(fill(BUY, 1, 2000.0, ts=T0 + 1))
    pf.mark("GCZ6", 2001.0)
    pf.record(T0 + 60)
    pf.mark("GCZ6", 2003.0)
    pf.record(T0 + 60)  # same close again: replaced, not duplicated
    pf.record(T0 + 120)
    pf.on_fill(fill(SELL, 1, 2002.0, ts=T0 + 121))
    pf.record(T0 + 180)
    assert pf.equity_curve == [
        (T0, CAP),
        (T0 + 60, CAP + 300.0),
        (T0 + 120, CAP + 300.0),
        (T0 + 180, CAP + 200.0),
    ]
    assert pf.trades[0].bars == 3


def test_two_symbols_are_kept_apart():
    pf = book(fill(BUY, 1, 2000.0), fill(SELL, 2, 4500.0, sym="ESZ6"), fill(SELL, 1, 2001.0))
    assert [t.symbol for t in pf.trades] == ["GCZ6"]
    assert pf.position("ESZ6") == -2 and pf.position("GCZ6") == 0
    assert pf.trades[0].pnl == pytest.approx(100.0)


def test_trade_to_dict_is_plain_data():
    pf = book(fill(BUY, 1, 2000.0, commission=2.5), fill(SELL, 1, 2000.5, ts=T0 + 90))
    d = pf.trades[0].to_dict()
    assert d["side"] == "long" and d["pnl"] == 47.5 and d["duration_s"] == 9e-08
    assert d["entry_time"].startswith("2023-11-14T22:13:20")
