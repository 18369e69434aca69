"""The ib broker plugin against the local TWS server, through the real ib_async client."""

from __future__ import annotations

import pytest

from runner.errors import RunnerError
from runner.model import (
    Bracket,
    Fill,
    Order,
    OrderStatus,
    OrderType,
    OrderUpdate,
    Side,
)
from runner_plugins.ib.client import IBConnectionError, IBSession, resolve_profile
from runner_plugins.ib.execution import IBBroker
from runner_sims.ib.server import TwsServer
from tests.ib.conftest import wait_until


class Recorder:
    def __init__(self) -> None:
        self.events: list[OrderUpdate | Fill] = []

    def __call__(self, event: OrderUpdate | Fill) -> None:
        self.events.append(event)

    def fills(self, cid: str | None = None) -> list[Fill]:
        return [e for e in self.events if isinstance(e, Fill) and cid in (None, e.client_id)]

    def statuses(self, cid: str) -> list[OrderStatus]:
        return [e.status for e in self.events if isinstance(e, OrderUpdate) and e.client_id == cid]

    def last(self, cid: str) -> OrderUpdate | None:
        ups = [e for e in self.events if isinstance(e, OrderUpdate) and e.client_id == cid]
        return ups[-1] if ups else None


async def make_broker(server: TwsServer, client_id: int, **kw) -> tuple[IBBroker, Recorder]:
    params = IBBroker.Params(
        host="127.0.0.1",
        port=server.port,
        client_id=client_id,
        connect_timeout=30,  # a bound for a loaded machine, not the 4 s default
        reconnect_initial=0.05,
        reconnect_max=0.2,
        **kw,
    )
    broker = IBBroker(params)
    rec = Recorder()
    broker.sink = rec
    await broker.connect()
    return broker, rec


async def round_trip(broker: IBBroker) -> None:
    """A request answered by TWS on the broker's socket: everything TWS sent before the
    answer has reached the client (one connection keeps its order) and every request the
    broker sent before it has been handled by the server."""
    await broker.ib.reqCurrentTimeAsync()


def order(cid: str, symbol: str, side: Side, qty: int, **kw) -> Order:
    return Order(client_id=cid, bot="pairs", symbol=symbol, side=side, qty=qty, **kw)


async def test_market_order_yields_fill_before_filled(server: TwsServer, client_id, caplog):
    broker, rec = await make_broker(server, client_id)
    try:
        broker.submit(order("b-1", "MCLZ3", Side.BUY, 2, reason="entry"))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("b-1"))
        server.push_trade("MCLZ3", 75.30, 10)
        await wait_until(lambda: OrderStatus.FILLED in rec.statuses("b-1"))
        [fill] = rec.fills("b-1")
        assert (fill.symbol, fill.side, fill.qty, fill.price) == ("MCLZ3", Side.BUY, 2, 75.30)
        assert fill.commission == pytest.approx(1.70) and fill.reason == "entry"
        assert fill.bot == "pairs" and fill.fill_id
        kinds = [type(e).__name__ for e in rec.events if getattr(e, "client_id", "") == "b-1"]
        assert kinds.index("Fill") < len(kinds) - 1 and rec.last("b-1").status is OrderStatus.FILLED
        # the order reached TWS with our client id as its orderRef
        [srv_order] = [o for o in server.book.orders.values() if o.client_id == client_id]
        assert srv_order.placed.order_ref == "b-1"
        broker.submit(order("b-1", "MCLZ3", Side.BUY, 2))  # same client id: never sent again
        assert "order b-1 was already sent; not sending it again" in caplog.text
        await round_trip(broker)
        assert len([o for o in server.book.orders.values() if o.client_id == client_id]) == 1
    finally:
        await broker.close()


async def test_limit_modify_and_cancel(server: TwsServer, client_id):
    broker, rec = await make_broker(server, client_id)
    try:
        broker.submit(order("l-1", "MCLZ3", Side.SELL, 1, type=OrderType.LIMIT, limit_price=76.00))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("l-1"))
        broker.modify("l-1", limit_price=76.40, qty=3)
        await wait_until(
            lambda: any(
                o.placed.lmt_price == 76.40 and o.placed.qty == 3
                for o in server.book.orders.values()
            )
        )
        server.push_trade("MCLZ3", 76.20)  # the server matches it at once: no execution
        assert not server.book.executions
        await round_trip(broker)
        assert not rec.fills("l-1")
        broker.cancel("l-1")
        await wait_until(lambda: OrderStatus.CANCELLED in rec.statuses("l-1"))
        assert OrderStatus.PENDING_CANCEL in rec.statuses("l-1")
    finally:
        await broker.close()


async def test_stop_order_triggers(server: TwsServer, client_id):
    broker, rec = await make_broker(server, client_id)
    try:
        broker.submit(order("s-1", "MCLZ3", Side.SELL, 1, type=OrderType.STOP, stop_price=74.50))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("s-1"))
        server.push_trade("MCLZ3", 74.80)  # above the stop: no execution
        assert not server.book.executions
        await round_trip(broker)
        assert not rec.fills("s-1")
        server.push_trade("MCLZ3", 74.45)
        await wait_until(lambda: rec.fills("s-1"))
        assert rec.fills("s-1")[0].price == 74.45
    finally:
        await broker.close()


async def test_bracket_target_fill_cancels_the_stop(server: TwsServer, client_id):
    broker, rec = await make_broker(server, client_id)
    try:
        entry = order("e-1", "MCLZ3", Side.BUY, 1, type=OrderType.LIMIT, limit_price=75.00)
        stop = order(
            "e-1.stop",
            "MCLZ3",
            Side.SELL,
            1,
            type=OrderType.STOP,
            stop_price=74.50,
            parent_id="e-1",
            reason="stop",
        )
        target = order(
            "e-1.tgt",
            "MCLZ3",
            Side.SELL,
            1,
            type=OrderType.LIMIT,
            limit_price=75.60,
            parent_id="e-1",
            reason="target",
        )
        broker.submit_bracket(Bracket(entry, stop=stop, target=target))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("e-1.stop"))
        assert not rec.fills()
        server.push_trade("MCLZ3", 74.99)
        await wait_until(lambda: OrderStatus.FILLED in rec.statuses("e-1"))
        server.push_trade("MCLZ3", 75.10)
        server.push_trade("MCLZ3", 75.65)
        await wait_until(lambda: OrderStatus.CANCELLED in rec.statuses("e-1.stop"))
        assert [f.client_id for f in rec.fills()] == ["e-1", "e-1.tgt"]
        assert rec.fills("e-1.tgt")[0].price == 75.60
        assert rec.fills("e-1.tgt")[0].reason == "target"
        snap = await broker.snapshot()
        assert snap.positions.get("MCLZ3", 0) == 0
    finally:
        await broker.close()


async def test_pair_round_trip(server: TwsServer, client_id):
    broker, rec = await make_broker(server, client_id)
    try:
        broker.submit_many(
            [order("p-mcl", "MCLZ3", Side.BUY, 1), order("p-uso", "USO", Side.SELL, 100)]
        )
        await wait_until(
            lambda: (
                OrderStatus.ACCEPTED in rec.statuses("p-uso")
                and OrderStatus.ACCEPTED in rec.statuses("p-mcl")
            )
        )
        server.push_trade("MCL", 75.10)
        server.push_trade("USO", 72.05, 500)
        await wait_until(lambda: len(rec.fills()) == 2)
        snap = await broker.snapshot()
        assert snap.positions == {"MCLZ3": 1, "USO": -100}
        assert rec.fills("p-uso")[0].commission == pytest.approx(1.0)
        broker.submit_many(
            [
                order("f-mcl", "MCLZ3", Side.SELL, 1, reason="flatten"),
                order("f-uso", "USO", Side.BUY, 100, reason="flatten"),
            ]
        )
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("f-uso"))
        server.push_trade("MCL", 75.30)
        server.push_trade("USO", 71.95, 500)
        await wait_until(lambda: len(rec.fills()) == 4)
        snap = await broker.snapshot()
        assert snap.positions == {}
        assert sorted(f.fill_id for f in snap.fills) == sorted(f.fill_id for f in rec.fills())
        values = broker.account_values()
        assert values["RealizedPnL"] == pytest.approx(0.20 * 100 + 0.10 * 100)
    finally:
        await broker.close()


async def test_pair_leg_rejected_is_reported_while_the_other_fills(server: TwsServer, client_id):
    broker, rec = await make_broker(server, client_id)
    try:
        server.reject_next("USO", "no shares to borrow")
        broker.submit_many(
            [order("r-mcl", "MCLZ3", Side.BUY, 1), order("r-uso", "USO", Side.SELL, 100)]
        )
        await wait_until(lambda: OrderStatus.REJECTED in rec.statuses("r-uso"))
        assert "no shares to borrow" in rec.last("r-uso").reason
        server.push_trade("MCL", 75.10)
        await wait_until(lambda: OrderStatus.FILLED in rec.statuses("r-mcl"))
        assert not rec.fills("r-uso")
        # the caller unwinds the filled leg
        broker.submit(order("r-unwind", "MCLZ3", Side.SELL, 1, reason="unwind"))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("r-unwind"))
        server.push_trade("MCL", 75.05)
        await wait_until(lambda: OrderStatus.FILLED in rec.statuses("r-unwind"))
        assert (await broker.snapshot()).positions == {}
    finally:
        await broker.close()


async def test_pair_leg_partly_filled_is_reported(server: TwsServer, client_id):
    broker, rec = await make_broker(server, client_id)
    try:
        server.partial_next("USO", 30)
        broker.submit_many(
            [order("x-mcl", "MCLZ3", Side.BUY, 1), order("x-uso", "USO", Side.SELL, 100)]
        )
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("x-uso"))
        server.push_trade("MCL", 75.10)
        server.push_trade("USO", 72.05, 500)
        await wait_until(lambda: OrderStatus.PARTIALLY_FILLED in rec.statuses("x-uso"))
        part = rec.last("x-uso")
        assert (part.filled_qty, part.remaining_qty) == (30, 70)
        assert [f.qty for f in rec.fills("x-uso")] == [30]
        broker.cancel("x-uso")  # the caller takes the rest off and resizes the other leg
        await wait_until(lambda: OrderStatus.CANCELLED in rec.statuses("x-uso"))
        assert rec.last("x-uso").filled_qty == 30
        assert (await broker.snapshot()).positions == {"MCLZ3": 1, "USO": -30}
    finally:
        await broker.close()


async def test_fill_during_a_dropped_socket_is_recovered_exactly_once(server: TwsServer, client_id):
    broker, rec = await make_broker(server, client_id)
    try:
        broker.submit(order("d-1", "MCLZ3", Side.BUY, 1, type=OrderType.LIMIT, limit_price=74.80))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("d-1"))
        assert server.drop(client_id) == 1
        await wait_until(lambda: not broker.session.is_connected)
        server.push_trade("MCL", 74.70)  # fills while the socket is down
        assert server.book.executions and not rec.fills()
        await wait_until(lambda: broker.session.reconnects == 1 and rec.fills("d-1"))
        await wait_until(lambda: OrderStatus.FILLED in rec.statuses("d-1"))
        [fill] = rec.fills("d-1")
        assert fill.qty == 1 and fill.commission == pytest.approx(0.85)
        # another reconcile (say a second reconnect) tells nothing twice
        await broker.reconcile()
        # a listener added after the broker's runs after the broker's reconcile is done
        told: list[str] = []

        async def listener(kind: str) -> None:
            told.append(kind)

        broker.session.add_listener(listener)
        server.drop(client_id)
        await wait_until(lambda: "reconnected" in told, what="the reconcile after reconnect 2")
        broker.session.remove_listener(listener)
        assert broker.session.reconnects == 2
        assert len(rec.fills("d-1")) == 1
        assert rec.statuses("d-1").count(OrderStatus.FILLED) == 1
    finally:
        await broker.close()


async def test_working_order_is_still_managed_after_a_reconnect(server: TwsServer, client_id):
    broker, rec = await make_broker(server, client_id)
    try:
        broker.submit(order("w-1", "MCLZ3", Side.SELL, 2, type=OrderType.LIMIT, limit_price=76.00))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("w-1"))
        server.drop(client_id)
        await wait_until(lambda: broker.session.reconnects == 1)
        broker.modify("w-1", limit_price=75.90)
        await wait_until(
            lambda: any(o.placed.lmt_price == 75.90 for o in server.book.orders.values())
        )
        server.push_trade("MCL", 75.95)
        await wait_until(lambda: OrderStatus.FILLED in rec.statuses("w-1"))
        assert [f.qty for f in rec.fills("w-1")] == [2]
    finally:
        await broker.close()


async def test_link_lost_and_restored_recovers_fills(server: TwsServer, client_id, caplog):
    broker, rec = await make_broker(server, client_id)
    try:
        broker.submit(order("k-1", "MCLZ3", Side.BUY, 1, type=OrderType.LIMIT, limit_price=74.80))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("k-1"))
        server.connectivity_lost()
        await wait_until(lambda: not broker.session.link_up)
        server.push_trade("MCL", 74.75)  # TWS tells nothing while its link is down
        assert server.book.executions  # the order did fill at the server
        await round_trip(broker)
        assert not rec.fills()
        server.connectivity_restored()  # 1102
        await wait_until(lambda: OrderStatus.FILLED in rec.statuses("k-1"))
        assert len(rec.fills("k-1")) == 1
        assert "1100" in caplog.text and "1102" in caplog.text
    finally:
        await broker.close()


async def test_client_id_in_use_is_a_clear_error(server: TwsServer, client_id):
    first, _ = await make_broker(server, client_id)
    try:
        params = IBBroker.Params(host="127.0.0.1", port=server.port, client_id=client_id)
        # another process with the same client id (in-process users share one session)
        session = IBSession(resolve_profile(params))
        with pytest.raises(IBConnectionError, match="already in use") as info:
            await session.connect()
        assert f"client id {client_id}" in str(info.value)
        assert isinstance(info.value, RunnerError)  # printed without a traceback
        assert first.session.is_connected
        await session.close()
    finally:
        await first.close()


async def test_unreachable_tws_is_a_clear_error(unused_tcp_port):
    broker = IBBroker(IBBroker.Params(host="127.0.0.1", port=unused_tcp_port, client_id=1))
    with pytest.raises(IBConnectionError, match="is TWS / IB Gateway running"):
        await broker.connect()


async def test_unknown_symbol_is_rejected(server: TwsServer, client_id):
    broker, rec = await make_broker(server, client_id)
    try:
        broker.submit(order("u-1", "ZZZZ", Side.BUY, 1))
        await wait_until(lambda: rec.statuses("u-1"))
        assert rec.statuses("u-1") == [OrderStatus.REJECTED]
        assert "ZZZZ" in rec.last("u-1").reason
    finally:
        await broker.close()


async def test_restart_reads_back_fills_and_positions(server: TwsServer, client_id):
    broker, rec = await make_broker(server, client_id)
    broker.submit(order("z-1", "MCLZ3", Side.BUY, 3))
    await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("z-1"))
    server.push_trade("MCL", 75.00)
    await wait_until(lambda: OrderStatus.FILLED in rec.statuses("z-1"))
    broker.submit(order("z-2", "MCLZ3", Side.SELL, 3, type=OrderType.LIMIT, limit_price=77.0))
    await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("z-2"))
    await broker.close()
    again, rec2 = await make_broker(server, client_id)
    try:
        snap = await again.snapshot()
        assert [(f.client_id, f.qty, f.side) for f in snap.fills] == [("z-1", 3, Side.BUY)]
        assert snap.positions == {"MCLZ3": 3}
        assert [(u.client_id, u.status) for u in snap.open_orders] == [
            ("z-2", OrderStatus.ACCEPTED)
        ]
        again.cancel("z-2")  # an order from before the restart is still ours to manage
        await wait_until(lambda: OrderStatus.CANCELLED in rec2.statuses("z-2"))
        assert not rec2.fills()  # the old fill is the journal's, not a new event
    finally:
        await again.close()


async def test_reconnects_with_backoff_while_tws_is_away(server: TwsServer, client_id, caplog):
    broker, rec = await make_broker(server, client_id)
    try:
        broker.submit(order("g-1", "MCLZ3", Side.BUY, 1, type=OrderType.LIMIT, limit_price=74.00))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("g-1"))
        await server.stop_listening()
        await wait_until(lambda: caplog.text.count("IB reconnect failed") >= 2)
        assert not broker.session.is_connected
        await server.resume_listening()
        await wait_until(lambda: broker.session.reconnects == 1)
        server.push_trade("MCL", 73.90)
        await wait_until(lambda: OrderStatus.FILLED in rec.statuses("g-1"))
        assert len(rec.fills("g-1")) == 1
    finally:
        await broker.close()


def test_profile_fields_come_from_the_connection_and_inline_values_win():
    from runner_plugins.ib.config import IBProfile

    profile = IBProfile(
        kind="ib", host="10.0.0.5", port=4002, client_id=17, account="DU9", timeout=7.5
    )
    p = resolve_profile(IBBroker.Params(connection="ib_paper"), profile)
    assert (p.host, p.port, p.client_id, p.account, p.timeout) == ("10.0.0.5", 4002, 17, "DU9", 7.5)
    p = resolve_profile(IBBroker.Params(connection="ib_paper", client_id=3, port=4001), profile)
    assert (p.host, p.port, p.client_id) == ("10.0.0.5", 4001, 3)
    p = resolve_profile(IBBroker.Params())
    assert (p.host, p.port, p.client_id, p.account) == ("127.0.0.1", 7497, 1, "")


async def test_cancel_before_the_order_left_is_honoured(server: TwsServer, client_id):
    broker, rec = await make_broker(server, client_id)
    try:
        broker.submit(order("c-1", "MCLZ3", Side.BUY, 1, type=OrderType.LIMIT, limit_price=70.0))
        broker.cancel("c-1")  # still qualifying the contract: nothing has been sent yet
        await wait_until(lambda: rec.statuses("c-1"))
        assert rec.statuses("c-1") == [OrderStatus.CANCELLED]
        assert not [o for o in server.book.orders.values() if o.client_id == client_id]
        entry = order("c-2", "MCLZ3", Side.BUY, 1, type=OrderType.LIMIT, limit_price=70.0)
        stop = order(
            "c-2.s", "MCLZ3", Side.SELL, 1, type=OrderType.STOP, stop_price=69.0, parent_id="c-2"
        )
        broker.submit_bracket(Bracket(entry, stop=stop))
        broker.cancel("c-2")  # a bracket goes out whole, then its entry is cancelled
        await wait_until(
            lambda: (
                OrderStatus.CANCELLED in rec.statuses("c-2")
                and OrderStatus.CANCELLED in rec.statuses("c-2.s")
            )
        )
    finally:
        await broker.close()


async def test_socket_dropped_as_the_fill_goes_out(server: TwsServer, client_id):
    broker, rec = await make_broker(server, client_id)
    try:
        broker.submit(order("q-1", "MCLZ3", Side.BUY, 2, type=OrderType.LIMIT, limit_price=74.80))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("q-1"))
        server.drop_at_next_execution(client_id)
        server.push_trade("MCL", 74.80, 5)
        await wait_until(lambda: broker.session.reconnects == 1)
        await wait_until(lambda: OrderStatus.FILLED in rec.statuses("q-1"))
        assert [(f.qty, f.price) for f in rec.fills("q-1")] == [(2, 74.80)]
        assert rec.fills("q-1")[0].commission == pytest.approx(1.70)
        mine = [e for e in rec.events if e.client_id == "q-1"]
        fill_at = next(i for i, e in enumerate(mine) if isinstance(e, Fill))
        filled_at = next(
            i
            for i, e in enumerate(mine)
            if isinstance(e, OrderUpdate) and e.status is OrderStatus.FILLED
        )
        assert fill_at < filled_at  # the position changes before the order is done
        assert rec.statuses("q-1").count(OrderStatus.FILLED) == 1
    finally:
        await broker.close()


async def test_two_bots_on_one_connection_see_only_their_own_orders(server: TwsServer, client_id):
    a, rec_a = await make_broker(server, client_id)
    b, rec_b = await make_broker(server, client_id)
    try:
        assert a.session is b.session and server.client_ids().count(client_id) == 1
        a.submit(order("A-1", "MCLZ3", Side.BUY, 1))
        b.submit(order("B-1", "MCLZ3", Side.SELL, 2))
        await wait_until(
            lambda: (
                OrderStatus.ACCEPTED in rec_a.statuses("A-1")
                and OrderStatus.ACCEPTED in rec_b.statuses("B-1")
            )
        )
        server.push_trade("MCL", 75.10)
        await wait_until(
            lambda: (
                OrderStatus.FILLED in rec_a.statuses("A-1")
                and OrderStatus.FILLED in rec_b.statuses("B-1")
            )
        )
        assert {e.client_id for e in rec_a.events} == {"A-1"}
        assert {e.client_id for e in rec_b.events} == {"B-1"}
        # a reconnect reads back every execution of the connection: still only our own
        server.drop(client_id)
        await wait_until(lambda: a.session.reconnects == 1)
        await a.reconcile()
        await b.reconcile()
        assert [f.client_id for f in rec_a.fills()] == ["A-1"]
        assert [f.client_id for f in rec_b.fills()] == ["B-1"]
    finally:
        await a.close()
        await b.close()


async def test_lost_execution_report_is_read_back(server: TwsServer, client_id, caplog):
    broker, rec = await make_broker(server, client_id, fill_grace=0.05)
    try:
        broker.submit(order("m-1", "MCLZ3", Side.BUY, 1))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("m-1"))
        server.lose_next_execution(client_id)
        server.push_trade("MCL", 75.05)
        await wait_until(lambda: OrderStatus.FILLED in rec.statuses("m-1"))
        assert [(f.qty, f.price) for f in rec.fills("m-1")] == [(1, 75.05)]
        assert rec.fills("m-1")[0].commission == pytest.approx(0.85)
        assert isinstance(rec.events[-1], OrderUpdate) and broker.session.reconnects == 0
        assert "without its executions" not in caplog.text
    finally:
        await broker.close()
