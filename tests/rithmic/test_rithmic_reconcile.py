"""Reconciliation against the local R|Protocol server over real TLS: a position booked to
the account behind the bot's back is found periodically and after a gateway restart, and
handled by the bot's policy; a stop the venue cancels is placed again; a snapshot that
cannot be taken leaves the bot's position as it was, with entries held."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from rithmic_support import SYMBOL, conn, until

from runner_plugins.rithmic.client import Plant
from runner_plugins.rithmic.execution import RithmicBroker
from runner_sims.rithmic.server import RithmicServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "runtime"))
from reconcile_support import Desk

SECOND = 1_000_000_000


def working_stops(server: RithmicServer) -> list:
    return [o for o in server.orders.values() if not o.done and o.order.stop_price is not None]


async def _desk(server: RithmicServer, tmp_path: Path, policy: str) -> tuple[Desk, float]:
    broker = RithmicBroker(RithmicBroker.Params(**conn(server)))
    desk = Desk(tmp_path, broker, SYMBOL, policy)
    desk.watch_connection()
    await broker.connect()
    market = server.market(SYMBOL)  # trades print (and fill market orders) from now on
    await until(lambda: market.last > 0, what="a price")
    price = market.last
    desk.bar(price)
    assert await desk.check("start") == "agree"
    return desk, price


async def test_protect_periodically_after_a_restart_and_a_cancelled_stop(
    server: RithmicServer, tmp_path: Path
) -> None:
    desk, price = await _desk(server, tmp_path, "protect")
    broker = desk.broker
    assert isinstance(broker, RithmicBroker)
    stopping = asyncio.Event()
    periodic = asyncio.create_task(desk.reconciler.run(desk.bots, stopping))
    try:
        # periodic: the account gets a position no order of the bot made
        await server.book_position(SYMBOL, 1, price)
        desk.clock_ns += 6 * SECOND  # the first look only sets the due time
        await until(lambda: desk.reconciler.of(desk.runner).due, what="the periodic schedule")
        desk.clock_ns += 6 * SECOND
        await until(lambda: desk.kinds("difference"), what="a periodic difference")
        (diff,) = desk.kinds("difference")
        assert (diff.cause, diff.bot_position, diff.broker_position) == ("periodic", 0, 1)
        assert not desk.runner.entries_allowed() and desk.position == 1
        await until(lambda: len(working_stops(server)) == 1, what="the stop at the server")
        (stop,) = working_stops(server)
        assert stop.order.side.name == "SELL" and stop.order.qty == 1
        level = stop.order.stop_price

        # the venue cancels the stop: it is placed again at the same level
        assert await server.cancel_order(stop.user_tag)
        await until(lambda: desk.kinds("stop_restored"), what="the stop placed again")
        (restored,) = desk.kinds("stop_restored")
        assert restored.action == "replaced" and restored.price == level
        await until(
            lambda: [s.user_tag for s in working_stops(server)] == [restored.new_client_id],
            what="the new stop working at the server",
        )

        # a gateway restart; the account gets another contract while it is down
        plant = broker.client[Plant.ORDER]
        before = plant.reconnects
        back = asyncio.Event()
        restart = asyncio.create_task(server.restart(back))
        await until(lambda: desk.kinds("disconnected"), what="the drop reported")
        await server.book_position(SYMBOL, 1, price)
        # while it is down a comparison cannot be made: unknown, never flat
        assert await desk.check() == "unknown"
        assert desk.position == 1 and not desk.runner.entries_allowed()
        back.set()
        await restart
        await until(lambda: plant.reconnects > before, what="the reconnect")
        await until(
            lambda: any(d.cause == "reconnect" for d in desk.kinds("difference")),
            what="the difference found after the reconnect",
            timeout=60,
        )
        again = [d for d in desk.kinds("difference") if d.cause == "reconnect"][0]
        assert (again.bot_position, again.broker_position) == (1, 2)
        await until(
            lambda: [s.order.qty for s in working_stops(server)] == [2],
            what="one stop for the whole position",
        )
        assert working_stops(server)[0].order.stop_price == level
        assert desk.position == 2 == server.positions[SYMBOL].net
        assert not desk.runner.entries_allowed()
        # nothing sent twice: every order the bot sent is one order at the server
        tags = [o.user_tag for o in server.orders.values()]
        assert len(tags) == len(set(tags))
    finally:
        stopping.set()
        await periodic
        await desk.reconciler.close()
        await broker.close()
        desk.journal.close()


async def test_flatten_closes_the_brokers_position_and_verifies(
    server: RithmicServer, tmp_path: Path
) -> None:
    desk, price = await _desk(server, tmp_path, "flatten")
    try:
        await server.book_position(SYMBOL, -2, price)
        assert await desk.check() == "difference"
        (close,) = desk.sent("close")
        assert close.order.side.name == "BUY" and close.order.qty == 2
        await until(lambda: server.positions[SYMBOL].net == 0, what="the close filled")
        await until(lambda: close.status.is_done, what="the close reported")
        assert await desk.check() == "agree"
        assert desk.position == 0 and desk.runner.entries_allowed()
        assert desk.kinds("entries_resumed")
        assert len(desk.sent("close")) == 1
    finally:
        await desk.reconciler.close()
        await desk.broker.close()
        desk.journal.close()


async def test_a_stop_reported_gone_that_still_works_is_cancelled_once(
    server: RithmicServer, tmp_path: Path
) -> None:
    """A venue that says a stop is no longer working when it is (TWS after a restart): the
    bot places the stop again at once, and the next comparison cancels the old one, so the
    position never has two stops that could both trigger."""
    from runner.model import OrderStatus, OrderUpdate

    desk, price = await _desk(server, tmp_path, "adopt")
    try:
        await server.book_position(SYMBOL, 1, price)
        assert await desk.check() == "difference"
        await until(lambda: len(working_stops(server)) == 1, what="the stop at the server")
        (old,) = desk.live_stops()
        await until(lambda: old.status is OrderStatus.ACCEPTED, what="the stop accepted")
        desk.runner.on_order_update(
            OrderUpdate(
                old.order.client_id, OrderStatus.CANCELLED, desk.t, reason="no longer working"
            )
        )
        (restored,) = desk.kinds("stop_restored")
        await until(lambda: len(working_stops(server)) == 2, what="two stops at the server")
        assert await desk.check() == "difference"
        (extra,) = [d for d in desk.kinds("difference") if d.difference.startswith("order")]
        assert extra.client_id == old.order.client_id
        assert extra.action == "cancelled at the broker"
        await until(
            lambda: [s.user_tag for s in working_stops(server)] == [restored.new_client_id],
            what="only the new stop left",
        )
        assert await desk.check() == "agree"
        cancels = [m for m in server.received if m == 316]
        assert len(cancels) == 1  # the old stop's cancel, sent once
    finally:
        await desk.reconciler.close()
        await desk.broker.close()
        desk.journal.close()


async def test_bots_on_one_account_are_compared_by_their_shares(
    server: RithmicServer, tmp_path: Path
) -> None:
    """Two bots trade the same contract on one account: the account's position is the sum
    of theirs, so neither takes the other's for a difference; a position no bot made is
    taken over by one of them, once."""
    from runner.model import OrderType, Side

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, price = await _desk(server, tmp_path / "a", "adopt")
    b_broker = RithmicBroker(RithmicBroker.Params(**conn(server)))
    b = Desk(tmp_path / "b", b_broker, SYMBOL, "adopt", name="rb2")
    await b_broker.connect()
    b.bar(price)
    rec = a.reconciler
    rec.peers = lambda: [a.runner, b.runner]
    try:
        om = a.runner.om
        order = om.new_order(a.runner.by_symbol[SYMBOL], Side.BUY, 2, OrderType.MARKET, reason="x")
        assert order is not None
        om.submit(order, role="close", group="")
        await until(lambda: a.position == 2, what="bot a's own fill")
        await until(lambda: server.positions[SYMBOL].net == 2, what="the account holds 2")
        inst = a.runner.by_symbol[SYMBOL]
        om.brackets.place_stop(inst, price - 50 * inst.contract.tick_size)  # protected
        assert await rec.check(b.runner, b.config, "periodic") == "agree"
        assert await rec.check(a.runner, a.config, "periodic") == "agree"
        assert b.position == 0

        await server.book_position(SYMBOL, -1, price)
        outcomes = await asyncio.gather(
            rec.check(b.runner, b.config, "periodic"), rec.check(a.runner, a.config, "periodic")
        )
        assert sorted(outcomes) == ["agree", "difference"]
        assert a.position + b.position == 1 == server.positions[SYMBOL].net
        assert len(a.kinds("difference")) == 1
    finally:
        await rec.close()
        await b_broker.close()
        await a.broker.close()
        a.journal.close()
        b.journal.close()


async def test_a_stop_found_missing_at_a_comparison_is_placed_again(
    server: RithmicServer, tmp_path: Path
) -> None:
    """The venue cancelled the stop and the notification never came (lost in a drop): the
    comparison's snapshot finds the stop gone (the broker reads its orders back and reports
    the cancel, or the comparison marks it cancelled) and it is placed again."""
    desk, price = await _desk(server, tmp_path, "adopt")
    try:
        await server.book_position(SYMBOL, -1, price)
        assert await desk.check() == "difference"
        await until(lambda: len(working_stops(server)) == 1, what="the stop at the server")
        (sim,) = working_stops(server)
        (old,) = desk.live_stops()
        await until(lambda: old.status.value == "accepted", what="the stop accepted")
        server.desk.cancel(sim)
        server.desk.out.clear()  # its notifications are lost
        assert not working_stops(server) and not old.status.is_done
        await desk.check()
        assert old.status.value == "cancelled"
        (restored,) = desk.kinds("stop_restored")
        assert restored.client_id == old.order.client_id and restored.action == "replaced"
        await until(
            lambda: [s.user_tag for s in working_stops(server)] == [restored.new_client_id],
            what="the stop working again",
        )
        (again,) = working_stops(server)
        assert again.order.stop_price == sim.order.stop_price and again.order.side.name == "BUY"
        assert await desk.check() == "agree"
    finally:
        await desk.reconciler.close()
        await desk.broker.close()
        desk.journal.close()


async def test_a_position_without_a_stop_gets_one_at_a_comparison(
    server: RithmicServer, tmp_path: Path
) -> None:
    """The bot and the broker agree on a position no stop protects (the process died
    between an entry's fill and its stop): the comparison places the stop, once."""
    from runner.model import OrderType, Side

    desk, price = await _desk(server, tmp_path, "protect")
    try:
        om = desk.runner.om
        inst = desk.runner.by_symbol[SYMBOL]
        entry = om.new_order(inst, Side.BUY, 1, OrderType.MARKET, reason="x")
        assert entry is not None
        om.submit(entry, role="close", group="")  # a bare order: nothing protects the fill
        await until(lambda: desk.position == 1, what="the entry's fill")
        await until(lambda: server.positions[SYMBOL].net == 1, what="the account holds 1")
        assert not working_stops(server)

        assert await desk.check() == "difference"
        (diff,) = desk.kinds("difference")
        assert diff.difference == "position held without a working stop"
        assert (diff.bot_position, diff.broker_position) == (1, 1)
        assert "stop for 1" in diff.action and diff.client_id
        await until(
            lambda: [s.user_tag for s in working_stops(server)] == [diff.client_id],
            what="the stop at the server",
        )
        (stop,) = working_stops(server)
        assert stop.order.side.name == "SELL" and stop.order.stop_price < price
        assert await desk.check() == "agree"  # covered now: nothing sent again
        assert len(working_stops(server)) == 1 and len(desk.kinds("difference")) == 1
        assert desk.runner.entries_allowed()  # the bot's own position: entries go on
    finally:
        await desk.reconciler.close()
        await desk.broker.close()
        desk.journal.close()
