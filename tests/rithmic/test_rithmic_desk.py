"""The local server's order desk on its own: notification sequences, brackets, positions."""

from __future__ import annotations

from runner.model import Trade
from runner_plugins.rithmic.protocol.templates import new
from runner_sims.rithmic.desk import OrderDesk
from runner_sims.rithmic.server import Faults, RithmicServer

SYM = "GCZ6"
NOW = 1_793_804_400 * 10**9  # 2026-11-04 15:00 UTC: the desk's clock while orders arrive
LATER = NOW + 60 * 10**9  # trades after the orders were accepted


def desk(faults: Faults | None = None) -> OrderDesk:
    server = RithmicServer({}, clock=lambda: NOW)
    return OrderDesk(
        account_id="A1",
        fcm_id="F",
        ib_id="I",
        knows=lambda symbol: symbol == SYM,
        spec_for=server.spec_for,
        last_price=lambda symbol: None,
        faults=faults or Faults(),
        clock=server.clock,
    )


def order(**kw: object):
    base = dict(
        symbol=SYM,
        exchange="COMEX",
        account_id="A1",
        quantity=2,
        transaction_type=1,
        price_type=2,
        user_tag="tag-1",
    )
    base.update(kw)
    return new("RequestBracketOrder" if "bracket_type" in kw else "RequestNewOrder", **base)


def seq(d: OrderDesk) -> list[tuple[str, int, int]]:
    out = [(ch, m.template_id, getattr(m, "notify_type", 0)) for ch, m in d.out]
    d.out.clear()
    return out


def trade(d: OrderDesk, price: float, ts: int) -> None:
    d.on_trade(Trade(SYM, ts, price, 10))


def test_market_order_notification_sequence() -> None:
    d = desk()
    msg = order()
    assert d.check(msg) == ""
    sim = d.create(msg, "u")
    d.accept(sim)
    assert seq(d) == [("order", 351, 4), ("order", 351, 13)]
    trade(d, 1300.0, LATER)
    assert seq(d) == [("order", 352, 5), ("order", 351, 15), ("pnl", 450, 0), ("pnl", 451, 0)]
    assert (sim.done, sim.filled, sim.avg_price, sim.completion_reason) == (True, 2, 1300.0, "Fill")
    assert d.positions[SYM].net == 2


def test_bracket_legs_and_oco() -> None:
    d = desk()
    msg = order(bracket_type=3, stop_ticks=5, target_ticks=10)
    assert d.check(msg, bracket=True) == ""
    entry = d.create(msg, "u", bracket=True)
    d.accept(entry)
    trade(d, 1300.0, LATER)
    legs = {o.price_type: o for o in d.orders.values() if o.original_basket_id}
    assert legs[4].order.stop_price == 1299.5 and legs[1].order.limit_price == 1301.0
    assert {o.user_tag for o in legs.values()} == {"tag-1"}
    assert legs[4].linked == legs[1].basket_id
    d.out.clear()
    trade(d, 1301.0, LATER + 1)
    assert legs[1].done and legs[1].completion_reason == "Fill"
    assert legs[4].done and legs[4].completion_reason == "Cancel"
    pos = d.positions[SYM]
    assert (pos.net, pos.closed_pnl) == (0, 200.0)


def test_checks_and_reject_fault() -> None:
    faults = Faults(reject_orders=1)
    d = desk(faults)
    assert d.check(order(account_id="B")) == "unknown account 'B'"
    assert d.check(order(symbol="ZZZ")) == "unknown symbol 'ZZZ'"
    assert d.check(order(price_type=1)) == "limit orders need a price"
    assert "stop_ticks" in d.check(order(bracket_type=3, stop_ticks=0, target_ticks=4), True)
    sim = d.create(order(), "u")
    d.accept(sim)
    assert seq(d) == [("order", 351, 4), ("order", 352, 6), ("order", 351, 15)]
    assert sim.completion_reason == "Reject" and faults.reject_orders == 0


def test_modify_then_cancel() -> None:
    d = desk()
    sim = d.create(order(price_type=1, price=1000.0), "u")
    d.accept(sim)
    d.modify(sim, 3, 1001.0, None)
    assert sim.order.qty == 3 and sim.order.limit_price == 1001.0
    d.cancel(sim)
    assert d.working(sim.basket_id) is None
    snaps = d.order_snapshots()
    assert [(m.basket_id, m.notify_type, m.completion_reason) for m in snaps] == [
        (sim.basket_id, 15, "Cancel")
    ]
