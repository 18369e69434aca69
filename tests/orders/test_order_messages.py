"""What the order manager says when a venue ends an order without a word."""

from __future__ import annotations

from orders_support import desk

from runner.api.exit import ExitLevels
from runner.model import OrderStatus, Side


def test_a_venues_silent_oco_cancel_is_given_its_reason() -> None:
    d = desk(native_brackets=True)
    entry = d.enter("gc", Side.BUY, 2, ExitLevels(stop=1990.0, target=2010.0))
    (bracket,) = d.broker.brackets
    d.broker.fill(entry, price=2000.0)
    d.broker.answer(entry.client_id, OrderStatus.FILLED)
    d.broker.fill(bracket.target, price=2010.0)
    d.broker.answer(bracket.target.client_id, OrderStatus.FILLED)
    d.broker.answer(bracket.stop.client_id, OrderStatus.CANCELLED)  # IB's OCA: no reason
    [cancel] = d.kinds("order_cancelled")
    assert cancel["client_id"] == bracket.stop.client_id
    assert cancel["reason"] == "oco: other leg filled"


def test_a_cancel_with_no_filled_sibling_keeps_the_venues_words() -> None:
    d = desk()
    order = d.enter("gc", Side.BUY, 1)
    d.om.cancel(order.client_id)
    d.broker.answer(order.client_id, OrderStatus.CANCELLED, reason="")
    d.broker.answer(order.client_id, OrderStatus.CANCELLED, reason="late repeat")
    [cancel] = d.kinds("order_cancelled")
    assert cancel["reason"] == ""
