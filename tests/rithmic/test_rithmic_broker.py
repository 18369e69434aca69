"""The ``rithmic`` broker plugin: orders, notifications, brackets, positions, faults."""

from __future__ import annotations

from rithmic_support import SYMBOL, conn, until

from runner.model import (
    Bracket,
    Fill,
    Order,
    OrderStatus,
    OrderType,
    OrderUpdate,
    Side,
    Trade,
)
from runner.plugins import registry
from runner_plugins.rithmic.client import Plant
from runner_plugins.rithmic.execution import RithmicBroker
from runner_plugins.rithmic.protocol.templates import new
from runner_sims.rithmic.server import RithmicServer


def statuses(events: list, cid: str) -> list[OrderStatus]:
    return [e.status for e in events if isinstance(e, OrderUpdate) and e.client_id == cid]


def fills(events: list, cid: str | None = None) -> list[Fill]:
    return [e for e in events if isinstance(e, Fill) and cid in (None, e.client_id)]


def server_fill_ids(server: RithmicServer) -> set[str]:
    return {f"{f['basket_id']}.{f['fill_id']}" for f in server.fills}


async def round_trip(b: RithmicBroker) -> None:
    """A request answered on the order plant: the server has read everything the broker
    sent before it (one connection keeps its order), so a count of requests is final."""
    await b.client[Plant.ORDER].request(new("RequestLoginInfo"))


def test_broker_is_registered() -> None:
    assert registry().get("broker", "rithmic").cls is RithmicBroker


async def test_market_order_fills_and_position_follows(
    server: RithmicServer, broker: tuple[RithmicBroker, list]
) -> None:
    b, events = broker
    assert b.account_id == server.account_id
    b.submit(Order("m1", "bot", SYMBOL, Side.BUY, 2))
    await until(lambda: OrderStatus.FILLED in statuses(events, "m1"), what="fill")
    assert statuses(events, "m1") == [OrderStatus.ACCEPTED, OrderStatus.FILLED]
    (fill,) = fills(events, "m1")
    assert (fill.qty, fill.side, fill.symbol, fill.bot) == (2, Side.BUY, SYMBOL, "bot")
    assert fill.price == server.fills[0]["price"]
    await until(lambda: b.positions.get(SYMBOL) == 2, what="PnL plant position")
    order = next(o for o in server.orders.values() if o.user_tag == "m1")
    assert order.done and order.filled == 2
    snap = await b.snapshot()
    assert snap.positions == {SYMBOL: 2}
    assert [f.fill_id for f in snap.fills] == [fill.fill_id]
    assert snap.open_orders == []


async def test_limit_modify_cancel(server: RithmicServer, broker: tuple[RithmicBroker, list]):
    b, events = broker
    b.submit(Order("l1", "bot", SYMBOL, Side.BUY, 1, OrderType.LIMIT, limit_price=100.0))
    await until(lambda: OrderStatus.ACCEPTED in statuses(events, "l1"), what="accepted")
    b.modify("l1", limit_price=101.5, qty=3)
    await until(lambda: len(statuses(events, "l1")) == 2, what="modified")
    sim = next(o for o in server.orders.values() if o.user_tag == "l1")
    assert (sim.order.limit_price, sim.order.qty) == (101.5, 3)
    snap = await b.snapshot()
    assert [(u.client_id, u.status, u.remaining_qty) for u in snap.open_orders] == [
        ("l1", OrderStatus.ACCEPTED, 3)
    ]
    b.cancel("l1")
    await until(lambda: OrderStatus.CANCELLED in statuses(events, "l1"), what="cancelled")
    assert statuses(events, "l1") == [
        OrderStatus.ACCEPTED,
        OrderStatus.ACCEPTED,
        OrderStatus.PENDING_CANCEL,
        OrderStatus.CANCELLED,
    ]
    assert sim.done and sim.completion_reason == "Cancel"
    assert server.received.count(314) == 1 and server.received.count(316) == 1


async def test_stop_order_triggers(server: RithmicServer, broker: tuple[RithmicBroker, list]):
    b, events = broker
    b.submit(Order("warm", "bot", SYMBOL, Side.BUY, 1))
    await until(lambda: bool(fills(events, "warm")), what="warm fill")
    last = server.markets[SYMBOL].last
    b.submit(Order("s1", "bot", SYMBOL, Side.SELL, 1, OrderType.STOP, stop_price=last + 1000))
    await until(lambda: OrderStatus.FILLED in statuses(events, "s1"), what="stop fill")
    assert fills(events, "s1")[0].side is Side.SELL


async def test_bracket_is_placed_server_side(
    server: RithmicServer, broker: tuple[RithmicBroker, list]
) -> None:
    b, events = broker
    b.submit(Order("warm", "bot", SYMBOL, Side.BUY, 1))
    await until(lambda: bool(fills(events, "warm")), what="warm fill")
    last = server.markets[SYMBOL].last
    b.on_market(Trade(SYMBOL, 0, last, 1))  # the reference price for the tick distances
    bracket = Bracket(
        Order("e1", "bot", SYMBOL, Side.BUY, 1),
        Order("e1-stop", "bot", SYMBOL, Side.SELL, 1, OrderType.STOP, stop_price=last - 0.3),
        Order("e1-target", "bot", SYMBOL, Side.SELL, 1, OrderType.LIMIT, limit_price=last + 0.3),
    )
    b.submit_bracket(bracket)
    await until(
        lambda: OrderStatus.FILLED in statuses(events, "e1-stop") + statuses(events, "e1-target"),
        timeout=60,
        what="a bracket leg to fill",
    )
    await until(
        lambda: (
            OrderStatus.CANCELLED in statuses(events, "e1-stop") + statuses(events, "e1-target")
        ),
        what="the other leg cancelled",
    )
    req = next(o for o in server.orders.values() if o.user_tag == "e1")
    legs = [o for o in server.orders.values() if o.original_basket_id == req.basket_id]
    assert len(legs) == 2
    assert server.received.count(330) == 1
    stop_leg = next(o for o in legs if o.price_type == 4)
    assert abs(stop_leg.order.stop_price - (req.avg_price - 0.3)) < 1e-9
    await until(lambda: b.positions.get(SYMBOL) == 1, what="flat bracket + warm long")
    assert {f.fill_id for f in fills(events)} == server_fill_ids(server)


async def test_rejected_order(server: RithmicServer, broker: tuple[RithmicBroker, list]):
    b, events = broker
    server.faults.reject_orders = 1
    b.submit(Order("r1", "bot", SYMBOL, Side.BUY, 1))
    await until(lambda: OrderStatus.REJECTED in statuses(events, "r1"), what="reject")
    update = [e for e in events if isinstance(e, OrderUpdate) and e.client_id == "r1"][-1]
    assert "simulated exchange" in update.reason
    b.submit(Order("r2", "bot", SYMBOL, Side.BUY, 1, OrderType.LIMIT))  # no price
    await until(lambda: OrderStatus.REJECTED in statuses(events, "r2"), what="invalid")
    assert "limit orders need a price" in events[-1].reason
    assert not fills(events)


async def test_same_client_id_is_never_sent_twice(
    server: RithmicServer, broker: tuple[RithmicBroker, list], caplog
) -> None:
    b, events = broker
    order = Order("d1", "bot", SYMBOL, Side.BUY, 1)
    b.submit(order)
    b.submit(order)
    assert "order d1 was already sent; not sending it again" in caplog.text
    await until(lambda: OrderStatus.FILLED in statuses(events, "d1"), what="fill")
    await round_trip(b)
    assert server.received.count(312) == 1
    assert len(fills(events, "d1")) == 1


async def test_timed_out_order_is_found_by_user_tag_not_resent(server: RithmicServer) -> None:
    b = RithmicBroker(RithmicBroker.Params(**conn(server), order_timeout=0.2))
    events: list = []
    b.sink = events.append
    await b.connect()
    late: list[list[str]] = []  # answers to RequestNewOrder no request waits for any more
    b.client[Plant.ORDER].on(313, lambda tid, msg: late.append(list(msg.rp_code)))
    try:
        server.faults.delay_templates[312] = 1.0  # the answer comes after the timeout
        b.submit(Order("t1", "bot", SYMBOL, Side.BUY, 1))
        await until(lambda: OrderStatus.FILLED in statuses(events, "t1"), what="fill")
        # the late answer arrives (its last part carries the rp_code) and changes nothing
        await until(lambda: ["0"] in late, what="the late ResponseNewOrder")
        await round_trip(b)
        assert server.received.count(312) == 1
        assert len(fills(events, "t1")) == 1
        assert [o.user_tag for o in server.orders.values()] == ["t1"]
    finally:
        await b.close()


async def test_lost_order_is_sent_again_once_after_checking(server: RithmicServer) -> None:
    b = RithmicBroker(RithmicBroker.Params(**conn(server), order_timeout=0.2))
    events: list = []
    b.sink = events.append
    await b.connect()
    try:
        server.faults.ignore[312] = 1  # the request never reaches the order book
        b.submit(Order("t2", "bot", SYMBOL, Side.BUY, 1))
        await until(lambda: OrderStatus.FILLED in statuses(events, "t2"), what="fill")
        assert server.received.count(312) == 2
        assert server.received.index(320) < len(server.received) - 1
        assert [o.user_tag for o in server.orders.values()] == ["t2"]
        assert len(fills(events, "t2")) == 1
    finally:
        await b.close()


async def test_connection_profile_with_env_secrets(
    server: RithmicServer, monkeypatch, caplog
) -> None:
    from runner_plugins.rithmic.config import RithmicProfile

    monkeypatch.setenv("RITHMIC_TEST_USER", "profile-user")
    monkeypatch.setenv("RITHMIC_TEST_PASSWORD", "profile-pw-987")
    profile = RithmicProfile(
        kind="rithmic",
        uri=server.uri,
        system_name="Rithmic Paper Trading",
        app_name="runner-tests",
        app_version="1.0",
        ca_file=str(server.ca_file),
        user={"env": "RITHMIC_TEST_USER"},
        password={"env": "RITHMIC_TEST_PASSWORD"},
        account=server.account_id,
    )
    caplog.set_level("DEBUG")
    b = RithmicBroker(RithmicBroker.Params(), connection=profile)
    await b.connect()
    try:
        settings = b.client.settings
        assert (settings.user, settings.system_name) == ("profile-user", "Rithmic Paper Trading")
        assert b.account_id == server.account_id
        assert "profile-pw-987" not in repr(settings)
    finally:
        await b.close()
    assert "profile-pw-987" not in caplog.text


async def test_a_restarted_broker_adopts_its_working_orders(server: RithmicServer, caplog) -> None:
    first = RithmicBroker(RithmicBroker.Params(**conn(server)))
    first.sink = lambda event: None
    await first.connect()
    first.submit(Order("keep-1", "bot", SYMBOL, Side.BUY, 2, OrderType.LIMIT, limit_price=10.0))
    first.submit(Order("done-1", "bot", SYMBOL, Side.BUY, 1))
    await until(lambda: len(server.fills) == 1 and len(server.orders) == 2, what="orders")
    await first.close()  # the process goes away; the resting order stays at the broker

    second = RithmicBroker(RithmicBroker.Params(**conn(server)))
    second.sink = lambda event: None
    await second.connect()
    try:
        snap = await second.snapshot()
        assert [(u.client_id, u.status, u.remaining_qty) for u in snap.open_orders] == [
            ("keep-1", OrderStatus.ACCEPTED, 2)
        ]
        assert [(f.client_id, f.qty) for f in snap.fills] == [("done-1", 1)]
        assert snap.positions == {SYMBOL: 1}
        second.cancel("keep-1")  # the adopted order is controllable by its client id
        await until(lambda: all(o.done for o in server.orders.values()), what="cancel")
        second.submit(Order("keep-1", "bot", SYMBOL, Side.BUY, 1))  # an id already used
        assert "order keep-1 was already sent; not sending it again" in caplog.text
        await round_trip(second)
        assert server.received.count(312) == 2
    finally:
        await second.close()


async def test_partial_fills(tmp_path) -> None:
    from rithmic_support import gc_bars, sim_clock

    srv = RithmicServer(
        {"GC": gc_bars()},
        clock=sim_clock(),
        cert_dir=tmp_path,
        trades_per_second=400,
        max_volume_fraction=0.2,
    )
    async with srv:
        b = RithmicBroker(RithmicBroker.Params(**conn(srv)))
        events: list = []
        b.sink = events.append
        await b.connect()
        try:
            b.submit(Order("big", "bot", SYMBOL, Side.SELL, 12))
            await until(
                lambda: OrderStatus.FILLED in statuses(events, "big"),
                timeout=60,
                what="complete fill",
            )
            got = fills(events, "big")
            assert len(got) > 1 and sum(f.qty for f in got) == 12
            seq = statuses(events, "big")
            assert seq[0] is OrderStatus.ACCEPTED and seq[-1] is OrderStatus.FILLED
            assert OrderStatus.PARTIALLY_FILLED in seq
            last = [e for e in events if isinstance(e, OrderUpdate) and e.client_id == "big"][-1]
            vwap = sum(f.qty * f.price for f in got) / 12
            assert abs(last.avg_price - vwap) < 1e-9
            await until(lambda: b.positions.get(SYMBOL) == -12, what="position")
        finally:
            await b.close()


async def test_missing_credentials_are_named(server: RithmicServer, monkeypatch) -> None:
    import pytest

    from runner_plugins.rithmic.client import RithmicError
    from runner_plugins.rithmic.config import RithmicProfile

    monkeypatch.delenv("RITHMIC_TEST_NOPE", raising=False)
    profile = RithmicProfile(
        kind="rithmic",
        uri=server.uri,
        system_name="Rithmic Test",
        app_name="a",
        app_version="1",
        user="u",
        password={"env": "RITHMIC_TEST_NOPE"},
    )
    params = RithmicBroker.Params(connection="rithmic_test")  # the name, as a bot writes it
    with pytest.raises(RithmicError, match="RITHMIC_TEST_NOPE is not set"):
        await RithmicBroker(params, connection=profile).connect()


def test_notification_status_mapping() -> None:
    from runner_plugins.rithmic.orders import Tracked, status_of
    from runner_plugins.rithmic.protocol.templates import new

    t = Tracked(Order("x", "bot", SYMBOL, Side.BUY, 2))

    def note(**kw: object) -> OrderStatus | None:
        return status_of(new("RithmicOrderNotification", **kw), t)

    assert note(notify_type=4, status="open pending") is None
    assert note(notify_type=13, status="open") is OrderStatus.ACCEPTED
    assert note(notify_type=6, status="cancel pending") is OrderStatus.PENDING_CANCEL
    assert note(notify_type=15, completion_reason="Fill") is OrderStatus.FILLED
    assert note(notify_type=15, completion_reason="Reject") is OrderStatus.REJECTED
    assert note(notify_type=15, completion_reason="Cancel") is OrderStatus.CANCELLED
    t.filled = 1
    assert note(notify_type=14, status="open") is OrderStatus.PARTIALLY_FILLED
    t.filled = 2
    assert note(status="complete") is OrderStatus.FILLED  # no reason: the fills decide


async def test_an_order_the_server_no_longer_lists_is_closed_at_the_next_look(
    server: RithmicServer, broker: tuple[RithmicBroker, list]
) -> None:
    """Show orders names every order the server knows: a working order of ours it no
    longer names (a restarted gateway that lost it) is not working there, and is closed,
    not kept open forever with every cancel refused as "not working"."""
    b, events = broker
    market = server.market(SYMBOL)
    await until(lambda: market.last > 0, what="a price")
    stop = Order("s1", "bot", SYMBOL, Side.SELL, 1, OrderType.STOP, stop_price=market.last - 50)
    b.submit(stop)
    await until(lambda: OrderStatus.ACCEPTED in statuses(events, "s1"), what="the stop works")
    (basket,) = [k for k, o in server.orders.items() if o.user_tag == "s1"]
    del server.desk.orders[basket]  # forgotten at the server, without a word
    snap = await b.snapshot()
    assert statuses(events, "s1")[-1] is OrderStatus.CANCELLED
    assert "s1" not in {u.client_id for u in snap.open_orders}
    (closed,) = [e for e in events if isinstance(e, OrderUpdate) and e.status.is_done]
    assert "absent from show orders" in closed.reason
    snap = await b.snapshot()  # said once
    assert len([e for e in events if isinstance(e, OrderUpdate) and e.status.is_done]) == 1
