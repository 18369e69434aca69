"""Accounting identities of the ledger over random fills."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from portfolio_helpers import T0, fill, spec_for

from runner.model import Side
from runner.portfolio import Portfolio

fills = st.lists(
    st.tuples(
        st.sampled_from([Side.BUY, Side.SELL]),
        st.integers(1, 5),
        st.integers(19900, 20100),  # price in GC ticks
        st.sampled_from([0.0, 2.5]),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(fills)
def test_flat_at_the_end_means_trades_explain_all_of_the_equity(seq):
    pf = Portfolio("bot", 50_000.0, spec_for)
    pos = 0
    for i, (side, qty, ticks, rate) in enumerate(seq):
        pf.on_fill(fill(side, qty, ticks / 10, ts=T0 + i, commission=qty * rate))
        pos += int(side) * qty
    if pos:  # close what is left
        side = Side.SELL if pos > 0 else Side.BUY
        pf.on_fill(fill(side, abs(pos), 2000.0, ts=T0 + len(seq), commission=abs(pos) * 2.5))
    assert pf.open_positions() == {}
    total = sum(t.pnl for t in pf.trades)
    assert total == pytest.approx(pf.equity - pf.capital, abs=1e-6)
    assert sum(t.commission for t in pf.trades) == pytest.approx(pf.commission, abs=1e-6)
    assert sum(t.gross_pnl for t in pf.trades) == pytest.approx(pf.realized, abs=1e-6)
    for t in pf.trades:
        gross = (t.exit_price - t.entry_price) * t.qty * t.direction * 100.0
        assert t.gross_pnl == pytest.approx(gross, abs=1e-6)
        assert t.exit_ts >= t.entry_ts


@settings(max_examples=200, deadline=None)
@given(fills, st.integers(19900, 20100))
def test_equity_is_capital_plus_realized_minus_commission_plus_marked_value(seq, mark):
    pf = Portfolio("bot", 50_000.0, spec_for)
    cash = 0.0  # cash flow of the fills: sells bring money in, buys take it out
    pos = 0
    for i, (side, qty, ticks, rate) in enumerate(seq):
        pf.on_fill(fill(side, qty, ticks / 10, ts=T0 + i, commission=qty * rate))
        cash -= int(side) * qty * (ticks / 10) * 100.0 + qty * rate
        pos += int(side) * qty
    pf.mark("GCZ6", mark / 10)
    assert pf.position("GCZ6") == pos
    # marking the position to market and adding the cash flow is the same money
    assert pf.equity == pytest.approx(50_000.0 + cash + pos * (mark / 10) * 100.0, abs=1e-5)
