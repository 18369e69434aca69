"""The matching engine: every order type against bars and trades, gaps, OCO, brackets."""

from __future__ import annotations

import math

import pytest
from paper_helpers import GC, MINUTE_NS, T0, bar, make_engine, order, trade

from runner.model import Fill, OrderStatus, OrderType, OrderUpdate, Side, TimeInForce
from runner_plugins.paper.matching import MatchingEngine

BUY, SELL = Side.BUY, Side.SELL
MKT, LMT, STP, STPL = OrderType.MARKET, OrderType.LIMIT, OrderType.STOP, OrderType.STOP_LIMIT
ACC, PART, FILLED = OrderStatus.ACCEPTED, OrderStatus.PARTIALLY_FILLED, OrderStatus.FILLED
CXL, REJ = OrderStatus.CANCELLED, OrderStatus.REJECTED


def fills(events) -> list[Fill]:
    return [e for e in events if isinstance(e, Fill)]


def updates(events) -> list[OrderUpdate]:
    return [e for e in events if isinstance(e, OrderUpdate)]


def shape(events) -> list[tuple]:
    """A compact, comparable picture of an event list."""
    out = []
    for e in events:
        if isinstance(e, Fill):
            out.append(("fill", e.client_id, e.qty, e.price, e.ts))
        else:
            out.append((e.status.value, e.client_id, e.filled_qty, e.remaining_qty))
    return out


# ---------------------------------------------------------------------- market orders
def test_market_order_fills_at_next_bar_open_never_the_bar_it_was_sent_in():
    eng = make_engine()
    sent = T0 + 30 * 10**9  # in the middle of bar 0
    acc = eng.submit(order("m1", BUY, 2), sent)
    assert shape(acc) == [("accepted", "m1", 0, 2)]
    assert acc[0].broker_id == "P1"
    assert eng.on_bar(bar(0, 1999.0, 2003.0, 1998.0, 2001.0)) == []
    ev = eng.on_bar(bar(1, 2000.0, 2004.0, 1999.0, 2002.0))
    assert shape(ev) == [("fill", "m1", 2, 2000.0, T0 + MINUTE_NS), ("filled", "m1", 2, 0)]
    f = ev[0]
    assert f.fill_id == "P1.1" and f.side is BUY and f.symbol == "GCZ6" and f.bot == "bot"
    assert ev[1].avg_price == 2000.0
    assert eng.working() == []


def test_order_sent_at_a_bar_close_fills_on_the_bar_starting_then():
    eng = make_engine()
    eng.submit(order("m1", SELL), T0 + MINUTE_NS)
    ev = eng.on_bar(bar(1, 2000.0, 2004.0, 1999.0, 2002.0))
    assert fills(ev)[0].price == 2000.0


@pytest.mark.parametrize(
    ("side", "slip", "open_", "expected"),
    [
        (BUY, 2, 2000.0, 2000.2),
        (SELL, 2, 2000.0, 1999.8),
        (BUY, 0, 2000.03, 2000.1),  # an off-grid print rounds against the trader
        (SELL, 0, 2000.03, 2000.0),
        (BUY, 0.5, 2000.0, 2000.1),  # half a tick of slippage still costs a whole tick
        (SELL, 1.5, 2000.0, 1999.8),
    ],
)
def test_market_slippage_against_the_trader_on_the_tick_grid(side, slip, open_, expected):
    eng = make_engine(slippage_ticks=slip)
    eng.submit(order("m1", side), T0)
    ev = eng.on_bar(bar(0, open_, open_ + 5, open_ - 5, open_))
    assert fills(ev)[0].price == expected


def test_slippage_uses_each_contracts_tick():
    eng = make_engine(slippage_ticks=1)
    eng.submit(order("e1", BUY, sym="ESZ6"), T0)
    ev = eng.on_bar(bar(0, 4500.0, 4501.0, 4499.0, 4500.5, sym="ESZ6"))
    assert fills(ev)[0].price == 4500.25


def test_commission_per_contract_on_every_fill():
    eng = make_engine(commission_per_contract=2.5, max_volume_fraction=0.5)
    eng.submit(order("m1", BUY, 3), T0)
    first = fills(eng.on_bar(bar(0, 2000.0, 2001.0, 1999.0, 2000.0, v=4)))
    second = fills(eng.on_bar(bar(1, 2001.0, 2002.0, 2000.0, 2001.0, v=10)))
    assert [(f.qty, f.commission) for f in first + second] == [(2, 5.0), (1, 2.5)]


def test_shares_pay_the_per_share_rate_contracts_the_per_contract_rate():
    eng = make_engine(commission_per_contract=2.5, commission_per_share=0.005)
    eng.submit(order("u", BUY, 200, sym="USO"), T0)
    eng.submit(order("g", BUY, 2), T0)
    ev = fills(eng.on_bar(bar(0, 35.0, 35.1, 34.9, 35.0, sym="USO")))
    ev += fills(eng.on_bar(bar(0, 2000.0, 2001.0, 1999.0, 2000.0)))
    assert [(f.client_id, f.commission) for f in ev] == [("u", 1.0), ("g", 5.0)]
    plain = make_engine(commission_per_contract=2.5)  # no share rate: the contract rate
    plain.submit(order("u", BUY, 2, sym="USO"), T0)
    assert fills(plain.on_bar(bar(0, 35.0, 35.1, 34.9, 35.0, sym="USO")))[0].commission == 5.0


def test_bars_of_other_symbols_do_not_touch_an_order():
    eng = make_engine()
    eng.submit(order("m1", BUY), T0)
    assert eng.on_bar(bar(0, 4500.0, 4501.0, 4499.0, 4500.0, sym="ESZ6")) == []
    assert len(fills(eng.on_bar(bar(0, 2000.0, 2001.0, 1999.0, 2000.0)))) == 1


# ---------------------------------------------------------------------- limit orders
def test_buy_limit_fills_at_the_limit_when_the_low_reaches_it():
    eng = make_engine(slippage_ticks=3)  # limit fills never pay slippage
    eng.submit(order("l1", BUY, 1, LMT, limit=1995.0), T0)
    assert eng.on_bar(bar(0, 2000.0, 2001.0, 1995.1, 1998.0)) == []
    ev = eng.on_bar(bar(1, 1998.0, 1999.0, 1995.0, 1997.0))
    assert shape(ev) == [("fill", "l1", 1, 1995.0, T0 + 2 * MINUTE_NS), ("filled", "l1", 1, 0)]


def test_buy_limit_fills_at_the_open_when_the_bar_gaps_below_it():
    eng = make_engine()
    eng.submit(order("l1", BUY, 1, LMT, limit=1995.0), T0)
    ev = eng.on_bar(bar(0, 1993.0, 1996.0, 1992.0, 1995.5))
    assert shape(ev)[0] == ("fill", "l1", 1, 1993.0, T0)


def test_sell_limit_fills_on_touch_and_at_the_open_through_it():
    eng = make_engine()
    eng.submit(order("s1", SELL, 1, LMT, limit=2005.0), T0)
    eng.submit(order("s2", SELL, 1, LMT, limit=2005.0), T0)
    ev = eng.on_bar(bar(0, 2000.0, 2005.0, 1999.0, 2004.0))
    assert [(f.client_id, f.price) for f in fills(ev)] == [("s1", 2005.0), ("s2", 2005.0)]
    eng.submit(order("s3", SELL, 1, LMT, limit=2005.0), T0 + MINUTE_NS)
    ev = eng.on_bar(bar(1, 2008.0, 2009.0, 2004.0, 2006.0))
    assert fills(ev)[0].price == 2008.0


# ---------------------------------------------------------------------- stop orders
def test_buy_stop_fills_at_the_stop_plus_slippage():
    eng = make_engine(slippage_ticks=1)
    eng.submit(order("b1", BUY, 1, STP, stop=2005.0), T0)
    assert eng.on_bar(bar(0, 2000.0, 2004.9, 1999.0, 2004.0)) == []
    ev = eng.on_bar(bar(1, 2004.0, 2006.0, 2003.0, 2005.5))
    assert shape(ev)[0] == ("fill", "b1", 1, 2005.1, T0 + 2 * MINUTE_NS)


def test_stop_gapped_through_fills_at_the_open_plus_slippage():
    eng = make_engine(slippage_ticks=2)
    eng.submit(order("s1", SELL, 1, STP, stop=1995.0), T0)
    ev = eng.on_bar(bar(0, 1990.0, 1996.0, 1988.0, 1991.0))
    assert shape(ev)[0] == ("fill", "s1", 1, 1989.8, T0)


def test_sell_stop_triggers_when_the_low_reaches_the_stop_exactly():
    eng = make_engine()
    eng.submit(order("s1", SELL, 1, STP, stop=1995.0), T0)
    ev = eng.on_bar(bar(0, 2000.0, 2001.0, 1995.0, 1996.0))
    assert fills(ev)[0].price == 1995.0


# ---------------------------------------------------------------------- stop-limit orders
def test_stop_limit_triggered_inside_the_bar_fills_at_the_stop_within_the_limit():
    eng = make_engine(slippage_ticks=2)
    eng.submit(order("b1", BUY, 1, STPL, stop=2005.0, limit=2006.0), T0)
    ev = eng.on_bar(bar(0, 2000.0, 2008.0, 1999.0, 2007.0))
    assert fills(ev)[0].price == 2005.2  # stop + 2 ticks, still inside the limit


def test_stop_limit_slippage_is_capped_by_the_limit():
    eng = make_engine(slippage_ticks=5)
    eng.submit(order("b1", BUY, 1, STPL, stop=2005.0, limit=2005.2), T0)
    ev = eng.on_bar(bar(0, 2000.0, 2008.0, 1999.0, 2007.0))
    assert fills(ev)[0].price == 2005.2


def test_stop_limit_gapped_past_its_limit_rests_as_a_limit():
    eng = make_engine()
    eng.submit(order("b1", BUY, 1, STPL, stop=2005.0, limit=2006.0), T0)
    # opens above the limit: triggered, not marketable; the rest of the bar never comes back
    assert eng.on_bar(bar(0, 2007.0, 2009.0, 2006.5, 2008.0)) == []
    assert eng.status("b1").status is ACC
    ev = eng.on_bar(bar(1, 2008.0, 2008.5, 2006.0, 2007.0))
    assert shape(ev)[0] == ("fill", "b1", 1, 2006.0, T0 + 2 * MINUTE_NS)


def test_stop_limit_opened_past_its_limit_fills_later_in_the_same_bar():
    eng = make_engine()
    eng.submit(order("b1", BUY, 1, STPL, stop=2005.0, limit=2006.0), T0)
    ev = eng.on_bar(bar(0, 2007.0, 2009.0, 2005.5, 2008.0))
    assert shape(ev)[0] == ("fill", "b1", 1, 2006.0, T0 + MINUTE_NS)


def test_stop_limit_triggered_inside_the_bar_with_limit_behind_the_stop_waits_a_bar():
    eng = make_engine()
    eng.submit(order("b1", BUY, 1, STPL, stop=2005.0, limit=2004.0), T0)
    # trigger at 2005 is above the limit; that the low came after the trigger is unknown
    assert eng.on_bar(bar(0, 2000.0, 2006.0, 2003.0, 2004.5)) == []
    ev = eng.on_bar(bar(1, 2004.5, 2005.0, 2003.5, 2004.0))
    assert fills(ev)[0].price == 2004.0


# ---------------------------------------------------------------------- trades
def test_market_order_fills_at_the_next_trade_at_or_after_submission():
    eng = make_engine(fill_on="next_trade", slippage_ticks=1)
    eng.submit(order("m1", BUY), T0 + 10)
    assert eng.on_trade(trade(5, 1999.0)) == []
    ev = eng.on_trade(trade(10, 2000.0))
    assert shape(ev) == [("fill", "m1", 1, 2000.1, T0 + 10), ("filled", "m1", 1, 0)]


def test_resting_limit_fills_at_its_price_when_a_trade_goes_through_it():
    eng = make_engine(fill_on="next_trade")
    eng.submit(order("l1", BUY, 1, LMT, limit=1995.0), T0)
    assert eng.on_trade(trade(1, 1996.0)) == []
    ev = eng.on_trade(trade(2, 1994.5))
    assert fills(ev)[0].price == 1995.0


def test_marketable_limit_fills_at_the_first_trade_price():
    eng = make_engine(fill_on="next_trade")
    eng.submit(order("l1", BUY, 1, LMT, limit=1995.0), T0)
    ev = eng.on_trade(trade(1, 1994.0))
    assert fills(ev)[0].price == 1994.0


def test_stop_on_trades_fills_at_the_triggering_trade_plus_slippage():
    eng = make_engine(fill_on="next_trade", slippage_ticks=1)
    eng.submit(order("s1", SELL, 1, STP, stop=1995.0), T0)
    assert eng.on_trade(trade(1, 1996.0)) == []
    ev = eng.on_trade(trade(2, 1994.8))
    assert fills(ev)[0].price == 1994.7


def test_stop_limit_on_trades():
    eng = make_engine(fill_on="next_trade")
    eng.submit(order("b1", BUY, 1, STPL, stop=2005.0, limit=2005.5), T0)
    assert eng.on_trade(trade(1, 2004.0)) == []
    assert eng.on_trade(trade(2, 2006.0)) == []  # triggered above the limit: rests
    assert eng.on_trade(trade(3, 2005.6)) == []
    ev = eng.on_trade(trade(4, 2005.2))
    assert fills(ev)[0].price == 2005.5  # a resting limit fills at its price


def test_fill_on_next_bar_open_ignores_trades_once_bars_arrive():
    eng = make_engine()
    eng.on_bar(bar(0, 2000.0, 2001.0, 1999.0, 2000.0))
    eng.submit(order("m1", BUY), T0 + MINUTE_NS)
    assert eng.on_trade(trade(MINUTE_NS + 5, 2000.5)) == []
    assert fills(eng.on_bar(bar(1, 2001.0, 2002.0, 2000.0, 2001.0)))[0].price == 2001.0


def test_fill_on_next_trade_ignores_bars_once_trades_arrive():
    eng = make_engine(fill_on="next_trade")
    eng.on_trade(trade(0, 2000.0))
    eng.submit(order("m1", BUY), T0 + 1)
    assert eng.on_bar(bar(0, 2000.0, 2001.0, 1999.0, 2000.0)) == []
    assert fills(eng.on_trade(trade(2, 2000.3)))[0].price == 2000.3


def test_each_mode_falls_back_to_the_other_stream_for_a_symbol_without_its_own():
    bars_only = make_engine(fill_on="next_trade")
    bars_only.submit(order("m1", BUY), T0)
    assert fills(bars_only.on_bar(bar(0, 2000.0, 2001.0, 1999.0, 2000.0)))[0].price == 2000.0
    trades_only = make_engine(fill_on="next_bar_open")
    trades_only.submit(order("m1", BUY), T0)
    assert fills(trades_only.on_trade(trade(0, 2000.4)))[0].price == 2000.4


# ---------------------------------------------------------------------- OCO
def test_oco_fill_of_one_cancels_the_others():
    eng = make_engine()
    eng.submit(order("t", SELL, 1, LMT, limit=2010.0, oco_group="g"), T0)
    eng.submit(order("s", SELL, 1, STP, stop=1990.0, oco_group="g"), T0)
    ev = eng.on_bar(bar(0, 2000.0, 2010.0, 1995.0, 2008.0))
    assert shape(ev) == [
        ("fill", "t", 1, 2010.0, T0 + MINUTE_NS),
        ("filled", "t", 1, 0),
        ("cancelled", "s", 0, 0),
    ]
    assert ev[-1].reason == "oco: t filled"
    assert eng.working() == []


def test_stop_and_target_in_one_bar_assume_the_stop_filled_first():
    eng = make_engine()
    eng.submit(order("t", SELL, 1, LMT, limit=2010.0, oco_group="g"), T0)
    eng.submit(order("s", SELL, 1, STP, stop=1990.0, oco_group="g"), T0)
    ev = eng.on_bar(bar(0, 2000.0, 2011.0, 1989.0, 2000.0))
    assert shape(ev) == [
        ("fill", "s", 1, 1990.0, T0 + MINUTE_NS),
        ("filled", "s", 1, 0),
        ("cancelled", "t", 0, 0),
    ]


def test_a_target_gapped_through_at_the_open_is_known_to_come_first():
    eng = make_engine()
    eng.submit(order("t", SELL, 1, LMT, limit=2010.0, oco_group="g"), T0)
    eng.submit(order("s", SELL, 1, STP, stop=1990.0, oco_group="g"), T0)
    ev = eng.on_bar(bar(0, 2012.0, 2013.0, 1985.0, 1990.0))
    assert [(e[0], e[1]) for e in shape(ev)] == [("fill", "t"), ("filled", "t"), ("cancelled", "s")]
    assert fills(ev)[0].price == 2012.0


def test_partial_oco_fill_reduces_the_other_member():
    eng = make_engine(max_volume_fraction=0.1)
    eng.submit(order("t", SELL, 3, LMT, limit=2010.0, oco_group="g"), T0)
    eng.submit(order("s", SELL, 3, STP, stop=1990.0, oco_group="g"), T0)
    ev = eng.on_bar(bar(0, 2000.0, 2010.0, 1995.0, 2008.0, v=10))
    assert shape(ev) == [
        ("fill", "t", 1, 2010.0, T0 + MINUTE_NS),
        ("partially_filled", "t", 1, 2),
        ("accepted", "s", 0, 2),
    ]
    assert ev[-1].reason == "oco: reduced by t fill"


# ---------------------------------------------------------------------- brackets
def _bracket(eng, entry_type=MKT, entry_limit=None, qty=2, stop=1990.0, target=2010.0, ts=T0):
    out = eng.submit(order("e", BUY, qty, entry_type, limit=entry_limit, reason="entry"), ts)
    out += eng.submit(
        order("s", SELL, qty, STP, stop=stop, parent_id="e", oco_group="o", reason="stop"), ts
    )
    out += eng.submit(
        order("t", SELL, qty, LMT, limit=target, parent_id="e", oco_group="o", reason="target"),
        ts,
    )
    return out


def test_bracket_children_are_held_until_the_parent_fills():
    eng = make_engine()
    acc = _bracket(eng, LMT, 1995.0)
    assert [(u.client_id, u.status, u.remaining_qty) for u in acc] == [
        ("e", ACC, 2),
        ("s", ACC, 2),
        ("t", ACC, 2),
    ]
    assert acc[1].reason == "held until parent e fills"
    # the target price trades, the entry does not: nothing may fill
    assert eng.on_bar(bar(0, 2000.0, 2012.0, 1996.0, 2005.0)) == []
    assert {o.client_id for o in eng.working()} == {"e", "s", "t"}


def test_bracket_activates_after_entry_at_the_open_and_exits_later():
    eng = make_engine()
    _bracket(eng)
    ev = eng.on_bar(bar(0, 2000.0, 2003.0, 1998.0, 2001.0))
    assert shape(ev) == [
        ("fill", "e", 2, 2000.0, T0),
        ("filled", "e", 2, 0),
        ("accepted", "s", 0, 2),
        ("accepted", "t", 0, 2),
    ]
    assert ev[2].reason == "activated: parent e filled"
    ev = eng.on_bar(bar(1, 2001.0, 2010.0, 2000.0, 2009.0))
    assert shape(ev) == [
        ("fill", "t", 2, 2010.0, T0 + 2 * MINUTE_NS),
        ("filled", "t", 2, 0),
        ("cancelled", "s", 0, 0),
    ]
    assert fills(ev)[0].reason == "target"


def test_entry_at_the_open_then_stop_and_target_in_the_same_bar_stop_wins():
    eng = make_engine()
    _bracket(eng)
    ev = eng.on_bar(bar(0, 2000.0, 2011.0, 1989.0, 2000.0))
    assert [(f.client_id, f.price) for f in fills(ev)] == [("e", 2000.0), ("s", 1990.0)]
    assert eng.status("t").status is CXL


def test_entry_filled_inside_a_bar_checks_only_its_stop_in_that_bar():
    eng = make_engine()
    _bracket(eng, LMT, 1995.0, target=2000.0)
    # the low that filled the entry at 1995 went on to 1989: the stop at 1990 was hit after
    ev = eng.on_bar(bar(0, 1998.0, 2001.0, 1989.0, 1999.0))
    assert [(f.client_id, f.price) for f in fills(ev)] == [("e", 1995.0), ("s", 1990.0)]
    eng2 = make_engine()
    _bracket(eng2, LMT, 1995.0, target=2000.0)
    # whether the high of 2001 came after the entry is unknown: the target waits a bar
    ev = eng2.on_bar(bar(0, 1998.0, 2001.0, 1994.0, 1999.0))
    assert [f.client_id for f in fills(ev)] == ["e"]
    ev = eng2.on_bar(bar(1, 2000.5, 2001.0, 1999.0, 2000.0))
    assert [(f.client_id, f.price) for f in fills(ev)] == [("t", 2000.5)]


def test_too_tight_stop_fills_at_the_entry_price_not_at_the_better_stop():
    eng = make_engine()
    _bracket(eng, stop=2001.0)  # a sell stop above the market: triggered when it starts
    ev = eng.on_bar(bar(0, 2000.0, 2002.0, 1999.0, 2000.0))
    assert [(f.client_id, f.price) for f in fills(ev)] == [("e", 2000.0), ("s", 2000.0)]


def test_children_are_activated_with_the_parents_filled_quantity():
    eng = make_engine(max_volume_fraction=0.1)
    _bracket(eng, qty=5)
    ev = eng.on_bar(bar(0, 2000.0, 2001.0, 1999.0, 2000.0, v=20))
    assert shape(ev) == [
        ("fill", "e", 2, 2000.0, T0),
        ("partially_filled", "e", 2, 3),
        ("accepted", "s", 0, 2),
        ("accepted", "t", 0, 2),
    ]
    ev = eng.on_bar(bar(1, 2000.0, 2001.0, 1999.0, 2000.0, v=30))
    assert shape(ev) == [
        ("fill", "e", 3, 2000.0, T0 + MINUTE_NS),
        ("filled", "e", 5, 0),
        ("accepted", "s", 0, 5),
        ("accepted", "t", 0, 5),
    ]
    assert eng.status("e").avg_price == 2000.0


def test_cancelling_an_unfilled_parent_cancels_its_children():
    eng = make_engine()
    _bracket(eng, LMT, 1995.0)
    ev = eng.cancel("e", T0 + 5)
    assert [(u.client_id, u.status, u.reason) for u in ev] == [
        ("e", CXL, "cancelled on request"),
        ("s", CXL, "parent e cancelled"),
        ("t", CXL, "parent e cancelled"),
    ]
    assert eng.working() == []


def test_a_child_sent_after_its_parent_filled_works_at_once():
    eng = make_engine()
    eng.submit(order("e", BUY, 2), T0)
    eng.on_bar(bar(0, 2000.0, 2001.0, 1999.0, 2000.0))
    ev = eng.submit(order("s", SELL, 2, STP, stop=1990.0, parent_id="e"), T0 + MINUTE_NS)
    assert [(u.status, u.remaining_qty, u.reason) for u in ev] == [
        (ACC, 2, "held until parent e fills"),
        (ACC, 2, "activated: parent e filled"),
    ]
    assert fills(eng.on_bar(bar(1, 1995.0, 1996.0, 1989.0, 1990.0)))[0].price == 1990.0


# ---------------------------------------------------------------------- volume limits
def test_thin_volume_partial_fills_and_the_rest_keeps_working():
    eng = make_engine(max_volume_fraction=0.25)
    eng.submit(order("l1", BUY, 5, LMT, limit=1995.0), T0)
    ev = eng.on_bar(bar(0, 2000.0, 2001.0, 1994.0, 1996.0, v=8))
    assert shape(ev) == [
        ("fill", "l1", 2, 1995.0, T0 + MINUTE_NS),
        ("partially_filled", "l1", 2, 3),
    ]
    ev = eng.on_bar(bar(1, 1996.0, 1997.0, 1995.5, 1996.0, v=100))
    assert ev == []  # price did not come back
    ev = eng.on_bar(bar(2, 1994.0, 1996.0, 1993.0, 1995.0, v=100))
    assert shape(ev) == [("fill", "l1", 3, 1994.0, T0 + 2 * MINUTE_NS), ("filled", "l1", 5, 0)]
    assert eng.status("l1").avg_price == pytest.approx((2 * 1995.0 + 3 * 1994.0) / 5)
    assert [f.fill_id for f in fills(ev)] == ["P1.2"]


def test_the_volume_cap_is_shared_by_all_orders_in_a_bar():
    eng = make_engine(max_volume_fraction=0.1)
    eng.submit(order("a", BUY, 2), T0)
    eng.submit(order("b", BUY, 2), T0)
    ev = eng.on_bar(bar(0, 2000.0, 2001.0, 1999.0, 2000.0, v=30))
    assert [(f.client_id, f.qty) for f in fills(ev)] == [("a", 2), ("b", 1)]


def test_zero_volume_fills_nothing_while_the_cap_is_set():
    eng = make_engine(max_volume_fraction=0.5)
    eng.submit(order("a", BUY, 1), T0)
    assert eng.on_bar(bar(0, 2000.0, 2001.0, 1999.0, 2000.0, v=0)) == []
    assert eng.on_trade(trade(MINUTE_NS, 2000.0, size=1)) == []  # trades ignored (bars mode)
    assert len(fills(eng.on_bar(bar(1, 2000.0, 2001.0, 1999.0, 2000.0, v=2)))) == 1


def test_trade_size_caps_fills_on_trades():
    eng = make_engine(fill_on="next_trade", max_volume_fraction=1.0)
    eng.submit(order("a", SELL, 3), T0)
    ev = eng.on_trade(trade(1, 2000.0, size=2))
    ev += eng.on_trade(trade(2, 1999.9, size=5))
    assert [(f.qty, f.price) for f in fills(ev)] == [(2, 2000.0), (1, 1999.9)]


# ---------------------------------------------------------------------- time in force
def test_ioc_cancels_what_the_first_bar_did_not_fill():
    eng = make_engine()
    eng.submit(order("i", BUY, 1, LMT, limit=1990.0, tif=TimeInForce.IOC), T0)
    ev = eng.on_bar(bar(0, 2000.0, 2001.0, 1995.0, 2000.0))
    assert [(u.status, u.reason) for u in ev] == [(CXL, "ioc: not filled cancelled")]


def test_fok_fills_completely_or_not_at_all():
    eng = make_engine(max_volume_fraction=0.1)
    eng.submit(order("f", BUY, 3, tif=TimeInForce.FOK), T0)
    ev = eng.on_bar(bar(0, 2000.0, 2001.0, 1995.0, 2000.0, v=20))
    assert fills(ev) == [] and ev[0].status is CXL
    eng.submit(order("g", BUY, 3, tif=TimeInForce.FOK), T0 + MINUTE_NS)
    ev = eng.on_bar(bar(1, 2000.0, 2001.0, 1995.0, 2000.0, v=30))
    assert [(f.qty, f.price) for f in fills(ev)] == [(3, 2000.0)]


# ---------------------------------------------------------------------- rejects
@pytest.mark.parametrize(
    ("o", "reason"),
    [
        (order("x", BUY, 0), "qty must be a positive whole number of contracts, got 0"),
        (order("x", BUY, -2), "qty must be a positive whole number of contracts, got -2"),
        (order("x", BUY, 1, sym="XYZ"), "unknown symbol 'XYZ'"),
        (order("x", BUY, 1, LMT), "a limit order needs a limit_price"),
        (order("x", BUY, 1, STP), "a stop order needs a stop_price"),
        (order("x", BUY, 1, STPL, stop=2000.0), "a stop_limit order needs a limit_price"),
        (order("x", BUY, 1, STPL, limit=2000.0), "a stop_limit order needs a stop_price"),
        (order("x", BUY, 1, MKT, limit=2000.0), "a market order takes no limit_price, got 2000.0"),
        (
            order("x", BUY, 1, STP, stop=1.0, limit=2.0),
            "a stop order takes no limit_price, got 2.0",
        ),
        (
            order("x", BUY, 1, LMT, limit=2000.0, stop=1.0),
            "a limit order takes no stop_price, got 1.0",
        ),
        (order("x", BUY, 1, LMT, limit=math.nan), "limit_price must be a finite number, got nan"),
        (order("x", BUY, 1, STP, stop=math.inf), "stop_price must be a finite number, got inf"),
        (
            order("x", BUY, 1, LMT, limit=2000.05),
            "limit_price 2000.05 is not on the tick grid of GC (tick size 0.1); "
            "nearest valid prices are 2000 and 2000.1",
        ),
        (
            order("x", SELL, 1, STP, stop=4500.1, sym="ESZ6"),
            "stop_price 4500.1 is not on the tick grid of ES (tick size 0.25); "
            "nearest valid prices are 4500 and 4500.25",
        ),
        (order("x", SELL, 1, STP, stop=1990.0, parent_id="zz"), "unknown parent order 'zz'"),
    ],
)
def test_rejects_with_exact_reasons(o, reason):
    eng = make_engine()
    ev = eng.submit(o, T0)
    assert [(u.client_id, u.status, u.reason) for u in ev] == [("x", REJ, reason)]
    assert eng.working() == []
    assert eng.status("x").status is REJ


def test_unknown_symbol_reason_carries_the_contract_tables_explanation():
    def table(symbol):
        raise ValueError(f"no contract facts for {symbol!r}; did you mean 'GC'?")

    eng = MatchingEngine(table)
    ev = eng.submit(order("x", BUY, 1, sym="GXZ6"), T0)
    assert ev[0].reason == (
        "unknown symbol 'GXZ6': no contract facts for 'GXZ6'; did you mean 'GC'?"
    )


def test_prices_on_the_grid_despite_float_noise_are_accepted():
    eng = make_engine()
    ev = eng.submit(order("x", BUY, 1, LMT, limit=0.1 + 0.2 + 1999.7), T0)
    assert ev[0].status is ACC


def test_a_client_id_is_never_accepted_twice():
    eng = make_engine()
    eng.submit(order("a", BUY, 1, LMT, limit=1995.0), T0)
    ev = eng.submit(order("a", SELL, 5), T0 + 1)
    assert [(u.status, u.reason) for u in ev] == [
        (REJ, "duplicate client_id 'a': an order with this id was already submitted")
    ]
    # the original order is untouched and still the only one working
    assert eng.status("a").status is ACC
    assert eng.order("a").side is BUY and eng.order("a").qty == 1
    assert [o.client_id for o in eng.working()] == ["a"]
    # a rejected id cannot come back either
    eng.submit(order("r", BUY, 0), T0)
    assert eng.submit(order("r", BUY, 1), T0)[0].reason.startswith("duplicate client_id 'r'")


def test_child_of_a_rejected_parent_is_rejected():
    eng = make_engine()
    eng.submit(order("e", BUY, 0), T0)
    ev = eng.submit(order("s", SELL, 1, STP, stop=1990.0, parent_id="e"), T0)
    assert ev[0].status is REJ and ev[0].reason == "parent order 'e' was rejected"


# ---------------------------------------------------------------------- cancel and modify
def test_cancel_working_unknown_and_finished_orders():
    eng = make_engine()
    eng.submit(order("a", BUY, 1, LMT, limit=1995.0), T0)
    eng.submit(order("b", BUY, 1), T0)
    eng.on_bar(bar(0, 2000.0, 2001.0, 1999.0, 2000.0))
    ev = eng.cancel("a", T0 + MINUTE_NS)
    assert [(u.status, u.reason, u.broker_id) for u in ev] == [(CXL, "cancelled on request", "P1")]
    assert eng.cancel("nope", 1)[0].status is REJ
    assert eng.cancel("nope", 1)[0].reason == "cancel rejected: unknown order"
    done = eng.cancel("b", T0 + MINUTE_NS)
    assert [(u.status, u.filled_qty, u.reason) for u in done] == [
        (FILLED, 1, "cancel rejected: order is already filled")
    ]
    again = eng.cancel("a", T0 + MINUTE_NS)
    assert (
        again[0].status is CXL and again[0].reason == "cancel rejected: order is already cancelled"
    )
    assert eng.on_bar(bar(1, 1990.0, 1991.0, 1989.0, 1990.0)) == []


def test_modify_moves_a_stop_from_the_moment_of_the_change():
    eng = make_engine()
    eng.submit(order("s", SELL, 1, STP, stop=1990.0), T0)
    ev = eng.modify("s", T0 + 30 * 10**9, stop_price=1996.0)
    assert [(u.status, u.reason) for u in ev] == [(ACC, "modified")]
    assert eng.order("s").stop_price == 1996.0
    # bar 0 began before the change: its low of 1995 must not fill the new stop
    assert eng.on_bar(bar(0, 2000.0, 2001.0, 1995.0, 1999.0)) == []
    ev = eng.on_bar(bar(1, 1999.0, 2000.0, 1995.5, 1997.0))
    assert fills(ev)[0].price == 1996.0


def test_modify_quantity_and_bad_modifies():
    eng = make_engine(max_volume_fraction=0.1)
    eng.submit(order("l", BUY, 4, LMT, limit=1995.0), T0)
    eng.on_bar(bar(0, 2000.0, 2001.0, 1994.0, 1996.0, v=20))  # fills 2 of 4
    bad = [
        (eng.modify("l", T0, qty=2), "modify rejected: qty 2 does not exceed the 2 already filled"),
        (
            eng.modify("l", T0, stop_price=1990.0),
            "modify rejected: a limit order takes no stop_price",
        ),
        (
            eng.modify("l", T0, limit_price=1995.05),
            "modify rejected: limit_price 1995.05 is not on the tick grid of GC (tick size 0.1); "
            "nearest valid prices are 1995 and 1995.1",
        ),
        (eng.modify("zz", T0, qty=1), "modify rejected: unknown order"),
    ]
    for ev, reason in bad:
        assert ev[0].reason == reason
    assert bad[0][0][0].status is PART  # an unknown modify is refused, a known order unchanged
    ev = eng.modify("l", T0 + MINUTE_NS, qty=3)
    assert (ev[0].status, ev[0].filled_qty, ev[0].remaining_qty) == (PART, 2, 1)
    ev = eng.on_bar(bar(1, 1994.0, 1995.0, 1993.0, 1994.0, v=100))
    assert shape(ev) == [("fill", "l", 1, 1994.0, T0 + MINUTE_NS), ("filled", "l", 3, 0)]


# ---------------------------------------------------------------------- determinism
def _scenario(seed: int) -> list[tuple]:
    import random

    rnd = random.Random(seed)
    eng = make_engine(slippage_ticks=1, commission_per_contract=1.0, max_volume_fraction=0.2)
    out: list[tuple] = []
    price = 2000.0
    for i in range(300):
        ts = T0 + i * MINUTE_NS
        if rnd.random() < 0.3:
            kind = rnd.choice([MKT, LMT, STP, STPL])
            side = rnd.choice([BUY, SELL])
            off = round(rnd.randint(1, 20) * 0.1, 1)
            sgn = -1 if side is BUY else 1
            limit = round(price + sgn * off, 1) if kind in (LMT, STPL) else None
            stop = round(price - sgn * off, 1) if kind in (STP, STPL) else None
            if kind is STPL:
                limit = round(stop - sgn * 0.5, 1)
            o = order(f"o{i}", side, rnd.randint(1, 4), kind, limit=limit, stop=stop)
            out += shape(eng.submit(o, ts))
        o_ = price
        c = round(o_ + rnd.randint(-15, 15) * 0.1, 1)
        h = round(max(o_, c) + rnd.randint(0, 10) * 0.1, 1)
        lo = round(min(o_, c) - rnd.randint(0, 10) * 0.1, 1)
        ev = eng.on_bar(bar(i, o_, h, lo, c, v=rnd.randint(0, 40)))
        out += shape(ev)
        out += [("id", f.fill_id) for f in fills(ev)]
        price = c
    return out


def test_same_input_same_events_and_unique_fill_ids():
    a, b = _scenario(7), _scenario(7)
    assert a == b
    ids = [e[1] for e in a if e[0] == "id"]
    assert len(ids) > 20 and len(ids) == len(set(ids))
    assert _scenario(8) != a


def test_fill_prices_are_on_the_tick_grid():
    eng = make_engine(slippage_ticks=0.3)
    eng.submit(order("a", BUY, 1), T0)
    eng.submit(order("b", SELL, 1, STP, stop=1999.0), T0)
    ev = eng.on_bar(bar(0, 2000.017, 2001.0, 1998.0, 2000.0))
    for f in fills(ev):
        ticks = f.price / GC.tick_size
        assert abs(ticks - round(ticks)) < 1e-9, f.price


def test_validation_of_engine_settings():
    with pytest.raises(ValueError, match="slippage_ticks"):
        make_engine(slippage_ticks=-1)
    with pytest.raises(ValueError, match="max_volume_fraction"):
        make_engine(max_volume_fraction=0)
    with pytest.raises(ValueError, match="fill_on"):
        make_engine(fill_on="close")


def test_a_parent_cancelled_after_a_partial_fill_leaves_its_children_protecting_it():
    eng = make_engine(max_volume_fraction=0.1)
    _bracket(eng, LMT, 1995.0, qty=4)
    eng.on_bar(bar(0, 1996.0, 1997.0, 1994.0, 1995.0, v=10))  # 1 of 4 filled
    ev = eng.cancel("e", T0 + MINUTE_NS)
    assert [(u.client_id, u.status, u.filled_qty) for u in ev] == [("e", CXL, 1)]
    assert {o.client_id for o in eng.working()} == {"s", "t"}
    assert eng.status("s").remaining_qty == 1
    ev = eng.on_bar(bar(1, 1995.0, 1996.0, 1989.0, 1990.0, v=100))
    assert [(f.client_id, f.qty, f.price) for f in fills(ev)] == [("s", 1, 1990.0)]


def test_a_child_smaller_than_its_parent_works_for_its_own_quantity():
    eng = make_engine()
    eng.submit(order("e", BUY, 3), T0)
    eng.submit(order("t", SELL, 1, LMT, limit=2010.0, parent_id="e"), T0)
    ev = eng.on_bar(bar(0, 2000.0, 2001.0, 1999.0, 2000.0))
    assert [(u.client_id, u.remaining_qty) for u in updates(ev)] == [("e", 0), ("t", 1)]
