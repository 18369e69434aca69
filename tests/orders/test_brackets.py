"""Brackets: sent whole to a broker that holds them, emulated (entry, then OCO children)
for one that does not; stops only tighten."""

from __future__ import annotations

from orders_support import T0, desk

from runner.api.exit import ExitLevels
from runner.model import OrderStatus, OrderType, Side

BUY, SELL = Side.BUY, Side.SELL


def test_native_bracket_leaves_in_one_call_with_its_children_tracked():
    d = desk(native_brackets=True)
    entry = d.enter("gc", BUY, 2, ExitLevels(stop=1990.0, target=2010.0))
    (bracket,) = d.broker.brackets
    assert bracket.entry is entry and not d.broker.sent
    assert (bracket.stop.type, bracket.stop.stop_price, bracket.stop.side) == (
        OrderType.STOP,
        1990.0,
        SELL,
    )
    assert (bracket.target.type, bracket.target.limit_price) == (OrderType.LIMIT, 2010.0)
    assert bracket.stop.parent_id == bracket.target.parent_id == entry.client_id
    assert bracket.stop.oco_group == bracket.target.oco_group == f"{entry.client_id}.oco"
    roles = {cid: r.role for cid, r in d.om.orders.items()}
    assert roles == {
        entry.client_id: "entry",
        bracket.stop.client_id: "stop",
        bracket.target.client_id: "target",
    }
    assert d.om.trade.stops == {"gc": bracket.stop.client_id}
    assert d.om.trade.targets == {"gc": bracket.target.client_id}
    # the venue fills the entry, then the target: the stop left working is cancelled here too
    d.broker.fill(entry, price=2000.0)
    d.broker.answer(entry.client_id, OrderStatus.FILLED)
    assert not d.broker.sent  # a native bracket is never emulated on top
    d.broker.fill(bracket.target, price=2010.0)
    assert d.broker.cancels == [bracket.stop.client_id]
    assert d.inst("gc").position == 0
    assert d.om.trade.direction == 0  # flat, nothing working for the trade: forgotten


def test_emulated_bracket_children_follow_the_filled_quantity_and_cancel_each_other():
    d = desk()
    entry = d.enter("gc", BUY, 3, ExitLevels(stop=1990.0, target=2010.0))
    assert d.broker.sent == [entry] and not d.broker.brackets
    d.broker.fill(entry, qty=3, price=2000.0)
    assert d.broker.sent == [entry]  # children wait for the entry to be done
    d.broker.answer(entry.client_id, OrderStatus.FILLED)
    _, stop, target = d.broker.sent
    assert (stop.type, stop.qty, stop.side, stop.stop_price) == (OrderType.STOP, 3, SELL, 1990.0)
    assert (target.type, target.qty, target.limit_price) == (OrderType.LIMIT, 3, 2010.0)
    assert stop.parent_id is None and target.parent_id is None  # at the broker: plain orders
    assert stop.oco_group == target.oco_group
    assert d.om.orders[stop.client_id].group == entry.client_id
    d.broker.fill(stop, price=1990.0)
    assert d.broker.cancels == [target.client_id]  # OCO, emulated
    assert d.inst("gc").position == 0
    (trade,) = d.om.portfolio.trades
    assert (trade.entry_price, trade.exit_price, trade.exit_reason) == (2000.0, 1990.0, "stop")


def test_emulated_bracket_on_a_partly_filled_entry_protects_what_filled():
    d = desk()
    entry = d.enter("gc", SELL, 4, ExitLevels(stop=2010.0, target=None))
    d.broker.fill(entry, qty=1, price=2000.0)
    d.broker.answer(entry.client_id, OrderStatus.CANCELLED, reason="rest expired")
    (stop,) = d.broker.sent[1:]
    assert (stop.side, stop.qty, stop.stop_price) == (BUY, 1, 2010.0)
    assert d.om.trade.direction == -1 and d.inst("gc").position == -1


def test_a_stop_only_tightens_and_is_placed_when_none_works():
    d = desk()
    d.bar("gc", 2000.0)
    entry = d.enter("gc", BUY, 1)
    d.broker.fill(entry, price=2000.0)
    d.broker.answer(entry.client_id, OrderStatus.FILLED)
    d.om.brackets.tighten_stop(d.inst("gc"), 1995.0, "trail")
    (stop,) = d.broker.sent[1:]
    assert (stop.type, stop.side, stop.qty, stop.stop_price) == (OrderType.STOP, SELL, 1, 1995.0)
    d.om.brackets.tighten_stop(d.inst("gc"), 1993.0, "trail")  # looser: ignored
    assert not d.broker.modifies
    d.om.brackets.tighten_stop(d.inst("gc"), 1997.0, "trail")
    assert d.broker.modifies == [(stop.client_id, {"stop_price": 1997.0})]
    assert stop.stop_price == 1997.0
    assert [e["price"] for e in d.kinds("stop_moved")] == [1995.0, 1997.0]


def test_a_stop_already_crossed_closes_at_market():
    d = desk()
    d.bar("gc", 1990.0)
    entry = d.enter("gc", BUY, 2)
    d.broker.fill(entry, price=2000.0)
    d.om.brackets.tighten_stop(d.inst("gc"), 1995.0, "trail")
    (close,) = d.broker.sent[1:]
    assert (close.type, close.side, close.qty, close.reason) == (OrderType.MARKET, SELL, 2, "trail")
    assert d.om.orders[close.client_id].role == "close"


def test_client_ids_never_repeat_and_continue_after_an_earlier_run():
    d = desk()
    d.om.continue_after(41)
    a = d.enter("gc", BUY, 1)
    d.om.continue_after(3)  # never backwards
    b = d.order("gc", SELL, 1)
    assert (a.client_id, b.client_id) == ("b-42", "b-43")
    assert d.om.seq == 43 and a.ts == T0
