"""One place counts fills, by (session, client id, fill id); one book holds the position
that the context, the portfolio and the status read; a journal restores both."""

from __future__ import annotations

from dataclasses import dataclass, field

from orders_support import T0, desk

from runner.model import Fill, Order, OrderStatus, OrderType, Side
from runner.orders import recovery
from runner.orders.records import TradeState

BUY, SELL = Side.BUY, Side.SELL


def test_the_same_fill_id_in_two_broker_sessions_is_two_fills():
    d = desk()
    entry = d.enter("gc", BUY, 4)
    d.broker.fill(entry, qty=1, session="monday", fill_id="P1.1")
    d.broker.fill(entry, qty=1, session="tuesday", fill_id="P1.1")  # the venue restarted
    assert d.inst("gc").position == 2
    assert len(d.kinds("fill")) == 2 and d.om.fills.duplicates == 0
    assert d.om.orders[entry.client_id].filled == 2


def test_the_same_fill_id_for_two_orders_is_two_fills():
    d = desk()
    a = d.enter("gc", BUY, 1)
    b = d.order("gc", BUY, 1)
    d.om.submit(b, role="entry", group=b.client_id)
    d.broker.fill(a, fill_id="1")
    d.broker.fill(b, fill_id="1")
    assert d.inst("gc").position == 2


def test_a_repeated_session_client_id_and_fill_id_is_counted_once():
    d = desk()
    entry = d.enter("gc", BUY, 2)
    first = d.broker.fill(entry, price=2000.0, session="s", fill_id="e1")
    d.om.on_fill(first)  # the same object again (a reconnect replays it)
    again = Fill(entry.client_id, "e1", "GCZ6", BUY, 2, 2000.0, T0, session="s")
    d.broker.sink(again)  # an equal execution in a new object (a snapshot)
    assert d.inst("gc").position == 2
    assert d.om.portfolio.commission == 0.0 and d.om.portfolio.position("GCZ6") == 2
    assert len(d.kinds("fill")) == 1
    assert d.om.fills.duplicates == 2 and len(d.om.fills) == 1
    assert d.om.knows_fill(again)
    assert not d.om.knows_fill(Fill(entry.client_id, "e1", "GCZ6", BUY, 2, 2000.0, T0, session="t"))


def test_the_context_the_portfolio_and_the_book_are_one_position():
    d = desk()
    entry = d.enter("gc", SELL, 3)
    d.broker.fill(entry, qty=2, price=2000.0)
    d.broker.fill(entry, qty=1, price=2001.0, ts=T0 + 5)
    inst = d.inst("gc")
    pos = d.om.book.get("GCZ6")
    assert inst.holding is pos is d.om.portfolio.positions["GCZ6"]
    assert (inst.position, pos.qty, d.om.portfolio.position("GCZ6")) == (-3, -3, -3)
    assert inst.avg_price == pos.avg_price == (2 * 2000.0 + 2001.0) / 3
    assert inst.entry_ts == T0 and d.ctx.position == -3
    assert d.om.book.holdings() == {"GCZ6": -3} == d.om.portfolio.open_positions()
    assert d.om.has_position()


@dataclass
class _JournalOrder:
    order: Order
    role: str
    group: str
    status: OrderStatus
    filled: int


@dataclass
class _BotJournal:
    orders: list[_JournalOrder] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    last_seq: int = 0


def _journal() -> _BotJournal:
    entry = Order("b-7", "b", "GCZ6", BUY, 2, ts=T0)
    stop = Order("b-8", "b", "GCZ6", SELL, 2, OrderType.STOP, stop_price=1990.0, ts=T0)
    old = Order("b-3", "b", "GCZ3", BUY, 1, OrderType.LIMIT, limit_price=1.0, ts=T0)
    return _BotJournal(
        orders=[
            _JournalOrder(entry, "entry", "b-7", OrderStatus.FILLED, 2),
            _JournalOrder(stop, "stop", "b-7", OrderStatus.ACCEPTED, 0),
            _JournalOrder(old, "entry", "b-3", OrderStatus.ACCEPTED, 0),
        ],
        fills=[
            Fill("b-7", "f1", "GCZ6", BUY, 2, 2000.0, T0, bot="b"),
            Fill("b-2", "f0", "GCZ3", BUY, 1, 1900.0, T0 - 1, bot="b"),  # before a roll
        ],
        last_seq=8,
    )


def test_restore_rebuilds_orders_positions_and_the_trade_from_the_journal():
    d = desk()
    recovery.restore(d.om, _journal())
    assert d.inst("gc").position == 2 and d.om.portfolio.position("GCZ6") == 2
    assert d.om.portfolio.position("GCZ3") == 0  # a contract the bot no longer trades
    assert sorted(d.om.live) == ["b-3", "b-8"] and d.om.working == 2
    assert d.om.trade.direction == 1 and d.om.trade.stops == {"gc": "b-8"}
    assert d.om.seq == 8 and d.order("gc", SELL, 1).client_id == "b-9"
    reconcile = [e["difference"] for e in d.kinds("reconcile")]
    assert len(reconcile) == 2 and all("no longer trades" in r for r in reconcile)
    # the broker repeats the journaled fill after the restart: not booked again
    d.broker.sink(Fill("b-7", "f1", "GCZ6", BUY, 2, 2000.0, T0))
    assert d.inst("gc").position == 2


def test_adopt_keeps_the_old_book_and_ids_and_prune_keeps_the_open_trade():
    old = desk()
    entry = old.enter("gc", BUY, 1)
    old.broker.fill(entry, price=2000.0)
    old.broker.answer(entry.client_id, OrderStatus.FILLED)
    closed = old.order("gc", SELL, 1, reason="close")
    old.om.track(closed, "close", "")
    old.broker.answer(closed.client_id, OrderStatus.CANCELLED)
    new = desk()
    recovery.adopt(new.om, old.om)
    assert new.inst("gc").holding is old.om.book.get("GCZ6")
    assert new.inst("gc").position == 1 and new.om.seq == old.om.seq
    assert new.om.fills is old.om.fills and new.om.orders is old.om.orders
    recovery.prune(new.om, T0 + 1)
    assert list(new.om.orders) == [entry.client_id]  # the open trade's entry stays
    new.om.trade = TradeState()
    recovery.prune(new.om, T0 + 1)
    assert new.om.orders == {}
