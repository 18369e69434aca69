"""The ``paper`` broker plugin: the events a live broker would send, in the same order."""

from __future__ import annotations

import pytest
from paper_helpers import MINUTE_NS, T0, bar, order, spec_for, trade
from pydantic import ValidationError

from runner.api.base import PluginKind
from runner.model import (
    Bracket,
    Fill,
    OrderStatus,
    OrderType,
    OrderUpdate,
    Quote,
    Side,
)
from runner.plugins import PluginRegistry, make_manager
from runner.portfolio import Portfolio
from runner_plugins import paper
from runner_plugins.paper import PaperBroker

BUY, SELL = Side.BUY, Side.SELL


def make(**params) -> tuple[PaperBroker, list]:
    broker = PaperBroker(PaperBroker.Params(**params), spec_for=spec_for)
    seen: list = []
    broker.sink = seen.append
    return broker, seen


def kinds(events) -> list[tuple[str, str]]:
    return [("fill" if isinstance(e, Fill) else e.status.value, e.client_id) for e in events]


def test_params_defaults_and_validation():
    p = PaperBroker.Params()
    assert (p.slippage_ticks, p.commission_per_contract, p.fill_on, p.max_volume_fraction) == (
        1,
        2.5,
        "next_bar_open",
        None,
    )
    for bad in (
        {"slippage_ticks": -1},
        {"fill_on": "close"},
        {"max_volume_fraction": 1.5},
        {"slipage_ticks": 1},
    ):
        with pytest.raises(ValidationError):
            PaperBroker.Params(**bad)
    assert PaperBroker.name == "paper" and PaperBroker.capabilities.native_brackets is True


def test_registered_through_the_brokers_hook():
    registry = PluginRegistry(make_manager(paper, entry_points=False))
    info = registry.get(PluginKind.BROKER, "paper")
    assert info is not None and info.cls is PaperBroker


def test_market_order_lifecycle_goes_to_the_sink():
    broker, seen = make(slippage_ticks=1, commission_per_contract=2.5)
    broker.submit(order("m1", BUY, 2, ts=T0))
    assert kinds(seen) == [("accepted", "m1")]
    broker.on_market(bar(0, 2000.0, 2001.0, 1999.0, 2000.5))
    assert kinds(seen) == [("accepted", "m1"), ("fill", "m1"), ("filled", "m1")]
    f = seen[1]
    assert (f.qty, f.price, f.commission) == (2, 2000.1, 5.0)
    assert broker.positions == {"GCZ6": 2}


def test_an_undated_order_exists_from_the_last_market_time_seen():
    broker, seen = make(slippage_ticks=0)
    broker.on_market(bar(0, 2000.0, 2001.0, 1999.0, 2000.5))
    broker.submit(order("m1", SELL))  # ts 0: sent at the close of bar 0
    broker.on_market(bar(0, 2000.0, 2001.0, 1999.0, 2000.5))  # a repeat of bar 0 fills nothing
    assert kinds(seen) == [("accepted", "m1")]
    broker.on_market(bar(1, 2002.0, 2003.0, 2001.0, 2002.5))
    assert seen[-2].price == 2002.0


def test_quotes_fill_nothing_and_trades_fill_in_trade_mode():
    broker, seen = make(slippage_ticks=0, fill_on="next_trade")
    broker.submit(order("m1", BUY, ts=T0))
    broker.on_market(Quote("GCZ6", T0 + 1, 1999.9, 2000.0))
    assert kinds(seen) == [("accepted", "m1")]
    broker.on_market(trade(2, 2000.0))
    assert kinds(seen)[-2:] == [("fill", "m1"), ("filled", "m1")]


def test_bracket_fills_in_oco_groups_the_broker_completes():
    broker, seen = make(slippage_ticks=0, commission_per_contract=0)
    entry = order("e", BUY, 1, reason="entry", ts=T0)
    stop = order("s", SELL, 1, OrderType.STOP, stop=1990.0, reason="stop")
    target = order("t", SELL, 1, OrderType.LIMIT, limit=2010.0, reason="target")
    broker.submit_bracket(Bracket(entry, stop, target))
    assert kinds(seen) == [("accepted", "e"), ("accepted", "s"), ("accepted", "t")]
    assert broker.engine.order("s").parent_id == "e"
    assert broker.engine.order("t").oco_group == broker.engine.order("s").oco_group == "e.oco"
    broker.on_market(bar(0, 2000.0, 2002.0, 1998.0, 2001.0))
    broker.on_market(bar(1, 2001.0, 2003.0, 1989.5, 1991.0))
    assert kinds(seen)[3:] == [
        ("fill", "e"),
        ("filled", "e"),
        ("accepted", "s"),
        ("accepted", "t"),
        ("fill", "s"),
        ("filled", "s"),
        ("cancelled", "t"),
    ]
    assert broker.positions == {"GCZ6": 0}


def test_cancel_and_modify_reach_the_sink():
    broker, seen = make()
    broker.submit(order("l", BUY, 1, OrderType.LIMIT, limit=1990.0, ts=T0))
    broker.modify("l", limit_price=1991.0)
    broker.cancel("l")
    broker.cancel("l")
    assert [(u.status, u.reason) for u in seen] == [
        (OrderStatus.ACCEPTED, ""),
        (OrderStatus.ACCEPTED, "modified"),
        (OrderStatus.CANCELLED, "cancelled on request"),
        (OrderStatus.CANCELLED, "cancel rejected: order is already cancelled"),
    ]


def test_reject_reaches_the_sink():
    broker, seen = make()
    broker.submit(order("x", BUY, 1, OrderType.LIMIT, ts=T0))
    assert len(seen) == 1 and isinstance(seen[0], OrderUpdate)
    assert (seen[0].status, seen[0].reason) == (
        OrderStatus.REJECTED,
        "a limit order needs a limit_price",
    )


async def test_snapshot_reports_open_orders_fills_and_positions():
    broker, _ = make(slippage_ticks=0)
    broker.submit(order("m", BUY, 3, ts=T0))
    broker.submit(order("l", SELL, 1, OrderType.LIMIT, limit=2050.0, ts=T0))
    broker.on_market(bar(0, 2000.0, 2001.0, 1999.0, 2000.0))
    snap = await broker.snapshot()
    assert [(u.client_id, u.status) for u in snap.open_orders] == [("l", OrderStatus.ACCEPTED)]
    assert [(f.client_id, f.qty, f.price) for f in snap.fills] == [("m", 3, 2000.0)]
    assert snap.positions == {"GCZ6": 3}


def test_paper_fills_into_a_portfolio_round_trip():
    broker, _ = make(slippage_ticks=1, commission_per_contract=2.5)
    pf = Portfolio("bot", 100_000.0, spec_for)
    broker.sink = lambda e: pf.on_fill(e) if isinstance(e, Fill) else None
    broker.submit_bracket(
        Bracket(
            order("e", BUY, 2, reason="entry", ts=T0),
            order("s", SELL, 2, OrderType.STOP, stop=1990.0, reason="stop"),
            order("t", SELL, 2, OrderType.LIMIT, limit=2010.0, reason="target"),
        )
    )
    broker.on_market(bar(0, 2000.0, 2002.0, 1998.0, 2001.0))  # buy 2 @ 2000.1
    broker.on_market(bar(1, 2001.0, 2012.0, 2000.0, 2011.0))  # sell 2 @ 2010 (limit: no slip)
    (t,) = pf.trades
    # (2010.0 - 2000.1) * 2 contracts * $100 = 1980; commission 2 fills x 2 contracts x 2.5 = 10
    assert (t.entry_price, t.exit_price, t.qty) == (2000.1, 2010.0, 2)
    assert t.gross_pnl == pytest.approx(1980.0)
    assert t.commission == pytest.approx(10.0)
    assert t.pnl == pytest.approx(1970.0)
    assert (t.exit_reason, t.entry_reason) == ("target", "entry")
    assert t.exit_ts == T0 + 2 * MINUTE_NS
    assert pf.equity == pytest.approx(101_970.0)


def test_a_sink_that_calls_back_gets_its_answer_after_the_events_in_flight():
    broker, seen = make(slippage_ticks=0)

    def sink(event):
        seen.append(event)
        if isinstance(event, Fill) and event.client_id == "s":
            broker.cancel("t")  # what a bot does with the OCO sibling of a filled stop

    broker.sink = sink
    broker.submit_bracket(
        Bracket(
            order("e", BUY, 1, ts=T0),
            order("s", SELL, 1, OrderType.STOP, stop=1990.0),
            order("t", SELL, 1, OrderType.LIMIT, limit=2010.0),
        )
    )
    broker.on_market(bar(0, 2000.0, 2001.0, 1985.0, 1990.0))
    tail = [(k, c, getattr(e, "reason", "")) for (k, c), e in zip(kinds(seen), seen, strict=True)][
        -4:
    ]
    assert tail == [
        ("fill", "s", ""),
        ("filled", "s", ""),
        ("cancelled", "t", "oco: s filled"),
        ("cancelled", "t", "cancel rejected: order is already cancelled"),
    ]
