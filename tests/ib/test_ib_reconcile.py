"""Reconciliation against the local TWS server through the real ib_async client: another
client of the same account trades behind the bot's back; the bot's comparison finds it
periodically and after a TWS restart and adopts it with a stop; a stop TWS cancels on its
own is placed again; a TWS that cannot be reached is "unknown", never flat."""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path

from runner.model import Order, OrderStatus, OrderType, Side
from runner_plugins.ib.execution import IBBroker
from runner_sims.ib.server import TwsServer
from tests.ib.conftest import wait_until
from tests.ib.test_ib_broker import make_broker

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "runtime"))
from reconcile_support import Desk

SYMBOL = "MCLZ3"
SECOND = 1_000_000_000


def server_stops(server: TwsServer, client_id: int) -> list:
    return [
        o
        for o in server.book.orders.values()
        if o.client_id == client_id and not o.is_done and o.placed.order_type == "STP"
    ]


async def elsewhere(server: TwsServer, other: IBBroker, cid: str, side: Side, qty: int) -> None:
    """The same account trades from another client (a trader's own TWS window)."""
    other.submit(Order(cid, "", SYMBOL, side, qty, OrderType.MARKET))
    await wait_until(
        lambda: any(o.placed.order_ref == cid for o in server.book.orders.values()),
        what="the other client's order at TWS",
    )
    server.push_trade(SYMBOL, 75.01, 10)
    await wait_until(
        lambda: all(o.is_done for o in server.book.orders.values() if o.placed.order_ref == cid),
        what="the other client's fill",
    )


async def test_adopt_periodically_after_a_restart_and_a_cancelled_stop(
    server: TwsServer, tmp_path: Path, client_id: int
) -> None:
    broker, _ = await make_broker(server, client_id)
    other, _ = await make_broker(server, client_id + 100)
    desk = Desk(tmp_path, broker, SYMBOL, "adopt", on=date(2013, 10, 7))
    broker.sink = desk.runner.on_broker_event
    desk.watch_connection()
    stopping = asyncio.Event()
    periodic = asyncio.create_task(desk.reconciler.run(desk.bots, stopping))
    try:
        desk.bar(75.01)
        assert await desk.check("start") == "agree"

        await elsewhere(server, other, "manual-1", Side.BUY, 1)
        desk.clock_ns += 6 * SECOND
        await wait_until(lambda: desk.reconciler.of(desk.runner).due, what="the schedule")
        desk.clock_ns += 6 * SECOND
        await wait_until(lambda: desk.kinds("difference"), what="a periodic difference")
        (diff,) = desk.kinds("difference")
        assert (diff.cause, diff.bot_position, diff.broker_position) == ("periodic", 0, 1)
        assert diff.action.startswith("position adopted") and desk.runner.entries_allowed()
        await wait_until(lambda: len(server_stops(server, client_id)) == 1, what="the stop")
        (stop,) = server_stops(server, client_id)
        assert stop.placed.action == "SELL" and stop.placed.qty == 1
        level = stop.placed.aux_price

        # TWS cancels the stop on its own: the bot places it again at the same level
        server.book.cancel(client_id, stop.order_id)
        await wait_until(lambda: desk.kinds("stop_restored"), what="the stop placed again")
        (restored,) = desk.kinds("stop_restored")
        assert restored.action == "replaced" and restored.price == level
        await wait_until(
            lambda: (
                [s.placed.order_ref for s in server_stops(server, client_id)]
                == [restored.new_client_id]
            ),
            what="the new stop at TWS",
        )

        # TWS restarts; meanwhile the other client turns the account short
        await elsewhere(server, other, "manual-2", Side.SELL, 2)
        await server.restart()
        await wait_until(
            lambda: any(d.cause == "reconnect" for d in desk.kinds("difference")),
            what="the difference after the reconnect",
            timeout=60,
        )
        found = [d for d in desk.kinds("difference") if d.cause == "reconnect"]
        # (TWS replays the account's executions after the restart, the other client's among
        # them: not the bot's orders, so not booked as the bot's position)
        assert (found[0].bot_position, found[0].broker_position) == (1, -1)
        assert {e.client_id for e in desk.kinds("unknown_fill")} <= {"manual-1", "manual-2"}
        await wait_until(
            lambda: (
                [(s.placed.action, s.placed.qty) for s in server_stops(server, client_id)]
                == [("BUY", 1)]
            ),
            what="the long's stop cancelled, a stop for the short placed",
        )
        assert desk.position == -1

        # TWS unreachable: unknown, entries held, the position kept
        server.drop(client_id)
        await server.stop_listening()
        assert await desk.check() == "unknown"
        assert desk.position == -1 and not desk.runner.entries_allowed()
        await server.resume_listening()
        await wait_until(lambda: desk.kinds("reconnected"), what="back")
        await wait_until(lambda: desk.runner.entries_allowed(), what="entries allowed again")
        assert desk.kinds("entries_resumed")[-1].cause in ("reconnect", "periodic")
        refs = [o.placed.order_ref for o in server.book.orders.values() if o.client_id == client_id]
        assert len(refs) == len(set(refs))  # nothing sent twice
        assert all(r.status is not OrderStatus.PENDING_NEW for r in desk.sent("stop"))
    finally:
        stopping.set()
        await periodic
        await desk.reconciler.close()
        await other.close()
        await broker.close()
        desk.journal.close()


async def test_bots_on_one_ib_account_are_compared_by_their_shares(
    server: TwsServer, tmp_path: Path, client_id: int
) -> None:
    """Two bots on two client ids of one IB account: the account's position is the sum of
    theirs, so neither takes the other's for a difference (both brokers name the account
    as their fill session once connected)."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a_broker, _ = await make_broker(server, client_id)
    b_broker, _ = await make_broker(server, client_id + 100)
    assert a_broker.fill_session == b_broker.fill_session == "ib/DU1234567"
    a = Desk(tmp_path / "a", a_broker, SYMBOL, "protect", on=date(2013, 10, 7))
    b = Desk(tmp_path / "b", b_broker, SYMBOL, "protect", name="rb2", on=date(2013, 10, 7))
    a_broker.sink = a.runner.on_broker_event
    b_broker.sink = b.runner.on_broker_event
    a.bar(75.01)
    b.bar(75.01)
    rec = a.reconciler
    rec.peers = lambda: [a.runner, b.runner]
    try:
        om = a.runner.om
        sent = om.new_order(a.runner.by_symbol[SYMBOL], Side.BUY, 2, OrderType.MARKET, reason="x")
        assert sent is not None
        om.submit(sent, role="close", group="")
        await wait_until(
            lambda: any(o.placed.order_ref == sent.client_id for o in server.book.orders.values()),
            what="bot a's order at TWS",
        )
        server.push_trade(SYMBOL, 75.01, 10)
        await wait_until(lambda: a.position == 2, what="bot a's own fill")
        inst = a.runner.by_symbol[SYMBOL]
        om.brackets.place_stop(inst, 74.0)  # protected: the comparison finds nothing to add
        for _ in range(2):  # a difference must be seen twice before it is acted on
            assert await rec.check(b.runner, b.config, "periodic") == "agree"
            assert await rec.check(a.runner, a.config, "periodic") == "agree"
        assert b.position == 0 and not b.kinds("difference") and b.runner.entries_allowed()
    finally:
        await rec.close()
        await b_broker.close()
        await a_broker.close()
        a.journal.close()
        b.journal.close()
