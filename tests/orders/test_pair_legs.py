"""Pair legs: sent together, a refused leg unwinds, a partial fill cuts the other leg to the
same fraction, a leg partly filled a bar later is cancelled, a late fill is closed."""

from __future__ import annotations

from orders_support import MIN, T0, desk

from runner.model import OrderStatus, OrderType, Side

BUY, SELL = Side.BUY, Side.SELL


def test_legs_leave_in_one_call_when_the_broker_takes_many():
    d = desk(pair=True, multi_leg=True)
    gc, si = d.enter_pair({"gc": (BUY, 2), "si": (SELL, 4)})
    assert d.broker.batches == [[gc, si]] and not d.broker.sent
    assert d.om.trade.entry_ids == [gc.client_id, si.client_id]
    assert d.om.orders[si.client_id].group == gc.client_id


def test_a_rejected_leg_unwinds_the_filled_one():
    d = desk(pair=True)
    gc, si = d.enter_pair({"gc": (BUY, 2), "si": (SELL, 4)})
    assert d.broker.sent == [gc, si]
    d.broker.fill(gc, price=2000.0)
    d.broker.answer(gc.client_id, OrderStatus.FILLED)
    d.broker.answer(si.client_id, OrderStatus.REJECTED, reason="no margin")
    (failed,) = d.kinds("leg_failed")
    assert (failed["action"], failed["symbol"], failed["filled"]) == ("unwind", "SIZ6", 0)
    (close,) = d.broker.sent[2:]
    assert (close.symbol, close.side, close.qty, close.type) == ("GCZ6", SELL, 2, OrderType.MARKET)
    assert d.om.orders[close.client_id].role == "close"
    assert d.om.trade.direction == 0


def test_a_leg_refused_on_the_spot_stops_the_rest_from_leaving():
    d = desk(pair=True)
    d.broker.submit = lambda order: (  # type: ignore[method-assign]
        d.broker.sent.append(order),
        d.broker.answer(order.client_id, OrderStatus.REJECTED, reason="closed"),
    )
    gc, si = d.enter_pair({"gc": (BUY, 2), "si": (SELL, 4)})
    assert d.broker.sent == [gc]  # the second leg never left
    assert d.broker.cancels == [si.client_id]  # and is cancelled in the book
    assert d.om.trade.direction == 0


def test_a_partial_leg_reduces_the_working_other_leg_to_the_same_fraction():
    d = desk(pair=True)
    gc, si = d.enter_pair({"gc": (BUY, 4), "si": (SELL, 8)})
    d.broker.fill(si, qty=1, price=25.0)
    d.broker.fill(gc, qty=2, price=2000.0)
    d.broker.answer(gc.client_id, OrderStatus.CANCELLED, reason="rest expired")
    (failed,) = d.kinds("leg_failed")
    assert failed["action"] == "reduce"
    assert d.broker.modifies == [(si.client_id, {"qty": 4})]  # 8 x 2/4, 1 filled so far
    assert si.qty == 4


def test_a_partial_leg_takes_the_excess_off_a_filled_other_leg():
    d = desk(pair=True)
    gc, si = d.enter_pair({"gc": (BUY, 4), "si": (SELL, 8)})
    d.broker.fill(si, price=25.0)
    d.broker.answer(si.client_id, OrderStatus.FILLED)
    d.broker.fill(gc, qty=1, price=2000.0)
    d.broker.answer(gc.client_id, OrderStatus.CANCELLED)
    (cut,) = d.broker.sent[2:]
    assert (cut.symbol, cut.side, cut.qty, cut.reason) == ("SIZ6", BUY, 6, "leg_reduce")
    assert d.om.orders[cut.client_id].group == si.client_id


def test_a_lone_leg_is_no_hedge_so_a_too_small_fraction_unwinds():
    d = desk(pair=True)
    gc, si = d.enter_pair({"gc": (BUY, 10), "si": (SELL, 2)})
    d.broker.fill(gc, qty=1, price=2000.0)  # 10 %: the silver leg would keep round(0.2) = 0
    d.broker.answer(gc.client_id, OrderStatus.CANCELLED)
    assert d.kinds("leg_failed")[0]["action"] == "unwind"
    assert si.client_id in d.broker.cancels


def test_a_leg_still_partial_a_bar_later_has_its_rest_cancelled():
    d = desk(pair=True)
    gc, si = d.enter_pair({"gc": (BUY, 4), "si": (SELL, 8)})
    d.broker.fill(gc, qty=2, price=2000.0)
    d.broker.answer(gc.client_id, OrderStatus.PARTIALLY_FILLED)
    d.om.legs.expire_partial()  # same bar: the leg may still fill
    assert not d.broker.cancels
    d.ctx.now = T0 + MIN
    d.om.legs.expire_partial()
    assert d.broker.cancels == [gc.client_id]


def test_an_entry_filling_after_its_trade_was_given_up_is_closed_at_once():
    d = desk()
    entry = d.enter("gc", BUY, 2)
    d.om.close_all("window_end")  # the trade is forgotten, the entry cancel is on its way
    assert d.broker.cancels == [entry.client_id]
    d.broker.fill(entry, price=2000.0)
    (late,) = d.kinds("late_fill")
    assert (late["client_id"], late["position"]) == (entry.client_id, 2)
    (close,) = d.broker.sent[1:]
    assert (close.side, close.qty, close.reason) == (SELL, 2, "late_fill")


def test_a_lone_stop_filling_leaves_the_other_legs_stop_working():
    d = desk(pair=True)
    d.bar("gc", 2000.0)
    d.bar("si", 25.0)
    gc, si = d.enter_pair({"gc": (BUY, 2), "si": (SELL, 4)})
    for leg, price in ((gc, 2000.0), (si, 25.0)):
        d.broker.fill(leg, price=price)
        d.broker.answer(leg.client_id, OrderStatus.FILLED)
    # trailing stops that activate with no target working: placed alone, in no OCO group
    d.om.brackets.tighten_stop(d.inst("gc"), 1995.0, "trail")
    d.om.brackets.tighten_stop(d.inst("si"), 25.5, "trail")
    gc_stop, si_stop = d.broker.sent[2:]
    assert gc_stop.oco_group is None and si_stop.oco_group is None
    d.broker.fill(gc_stop, price=1995.0)
    assert d.inst("gc").position == 0 and d.inst("si").position == -4
    assert si_stop.client_id not in d.broker.cancels  # the silver leg keeps its protection
    assert si_stop.client_id in d.om.live
    assert d.om.trade.stops["si"] == si_stop.client_id
