"""A gateway restart under a live broker, over real TLS, end to end into the journal.

The restarted server keeps the account (position, working orders, executions). With the
``reuse_ids`` fault it numbers its orders and fills from the first number again, so new
orders get basket ids and fill ids already used before the restart, one of them by an
order already cancelled.
The broker, the order manager and the journal must still end with exactly the server's fills
and position: no fill lost, none merged, none given to the wrong order, no order sent twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from pathlib import Path

import pytest
from rithmic_support import SYMBOL, conn, until

from runner.api.context import BotContext, InstrumentState
from runner.api.contracts import get_spec
from runner.config.bot import RiskConfig
from runner.engine.risk import RiskGuard
from runner.journal.store import Journal
from runner.model import Fill, Order, OrderStatus, OrderType, OrderUpdate, Side
from runner.orders import OrderManager
from runner.portfolio import Portfolio
from runner_plugins.rithmic.client import Plant
from runner_plugins.rithmic.execution import RithmicBroker
from runner_sims.rithmic.server import RithmicServer

LOGGER = "runner_plugins.rithmic.client"


def _manager(broker: RithmicBroker, journal: Journal) -> OrderManager:
    spec = get_spec("GC")
    assert spec is not None
    ctx = BotContext("b", {"gc": InstrumentState("gc", SYMBOL, spec, True)}, {}, 100_000.0, "UTC")
    portfolio = Portfolio("b", 100_000.0, lambda symbol: spec)
    risk = RiskGuard(RiskConfig(max_position=10), "UTC")
    om = OrderManager("b", ctx, broker, portfolio, risk, lambda event: None)
    om.journal = journal
    return om


def _status(events: list, cid: str) -> OrderStatus | None:
    ups = [e for e in events if isinstance(e, OrderUpdate) and e.client_id == cid]
    return ups[-1].status if ups else None


def _failures(caplog: pytest.LogCaptureFixture, plant: Plant, level: int) -> int:
    return sum(
        1
        for r in caplog.records
        if r.name == LOGGER
        and r.levelno == level
        and r.getMessage().startswith(f"{plant.label} plant")
        and ("cannot reconnect" in r.getMessage() or "failed:" in r.getMessage())
    )


async def test_restart_reuses_basket_and_fill_ids_without_merging_fills(
    server: RithmicServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    broker = RithmicBroker(RithmicBroker.Params(**conn(server)))
    journal = Journal(tmp_path / "journal.sqlite")
    journal.start_run(0)
    om = _manager(broker, journal)
    events: list = []

    def sink(event: OrderUpdate | Fill) -> None:
        events.append(event)
        om.on_broker_event(event)

    statuses: list = []
    broker.status = statuses.append
    await broker.connect()
    broker.sink = sink
    try:

        def send(side: Side, qty: int, limit: float | None = None) -> str:
            kind = OrderType.LIMIT if limit is not None else OrderType.MARKET
            order = Order(om.next_id(), "b", SYMBOL, side, qty, kind, limit_price=limit)
            om.submit(order, "test", "")
            return order.client_id

        def done(cid: str) -> bool:
            return om.orders[cid].status.is_done

        filled = send(Side.BUY, 1)
        cancelled = send(Side.BUY, 1, limit=10.0)
        resting = send(Side.BUY, 2, limit=10.0)
        await until(lambda: done(filled), what="the first fill")
        await until(lambda: _status(events, cancelled) is OrderStatus.ACCEPTED, what="accepted")
        om.cancel(cancelled)
        await until(lambda: done(cancelled), what="the cancel")
        await until(lambda: _status(events, resting) is OrderStatus.ACCEPTED, what="resting")
        before = {o.user_tag: o.basket_id for o in server.orders.values()}
        assert [f["fill_id"] for f in server.fills] == ["X1"]

        # the gateway goes down and stays down until every plant has failed to reconnect twice
        order_plant = broker.client[Plant.ORDER]
        reconnects = order_plant.reconnects
        back = asyncio.Event()
        restart = asyncio.create_task(server.restart(back, reuse_ids=True))
        plants = list(broker.client.plants)
        await until(
            lambda: all(_failures(caplog, p, logging.DEBUG) >= 1 for p in plants),
            what="repeated failed reconnects",
        )
        back.set()
        await restart
        await until(
            lambda: (
                order_plant.reconnects > reconnects
                and all(p.connected.is_set() for p in broker.client.plants.values())
            ),
            what="every plant back",
        )
        # one line per plant when reconnecting starts failing, then silence, then one line back
        for p in plants:
            assert _failures(caplog, p, logging.WARNING) == 1
        assert not [r for r in caplog.records if "reconnect" in r.getMessage() and r.levelno > 30]
        await broker.reconcile()  # the reconcile after the reconnect has run as well

        sold = send(Side.SELL, 1)  # gets the first order's basket id and fill id again
        bought = send(Side.BUY, 1)  # gets the cancelled order's basket id
        await until(lambda: done(sold) and done(bought), what="fills after the restart")
        after = {o.user_tag: o.basket_id for o in server.orders.values()}
        assert after[sold] == before[filled] and after[bought] == before[cancelled]
        assert after[resting] == before[resting]  # survived the restart
        tags = Counter((f["basket_id"], f["fill_id"]) for f in server.fills)
        assert tags[(before[filled], "X1")] == 2  # the same ids, two executions

        snap = await broker.snapshot()  # a reconcile replays every execution once more
        await until(lambda: broker.positions.get(SYMBOL) == 1, what="the PnL plant position")

        server_fills = sorted((f["user_tag"], f["qty"], f["price"]) for f in server.fills)
        got = sorted((f.client_id, f.qty, f.price) for f in events if isinstance(f, Fill))
        assert got == server_fills
        assert sorted((f.client_id, f.qty, f.price) for f in snap.fills) == server_fills
        assert len(om.fills) == 3 and om.fills.duplicates == 0
        assert om.book.get(SYMBOL).qty == server.positions[SYMBOL].net == 1
        assert om.orders[cancelled].status is OrderStatus.CANCELLED  # no fill given to it
        assert om.orders[cancelled].filled == 0
        assert [(u.client_id, u.remaining_qty) for u in snap.open_orders] == [(resting, 2)]
        assert sorted(server.received).count(312) == 5  # no order sent twice

        jb = journal.bot("b")
        assert sorted((f.client_id, f.qty, f.price) for f in jb.fills) == server_fills
        assert jb.positions() == {SYMBOL: 1}
        assert len({f.key for f in jb.fills}) == 3
        assert any(s.state.value == "disconnected" for s in statuses)
    finally:
        await broker.close()
        journal.close()


def test_an_untagged_basket_id_reused_after_a_restart_is_a_new_order() -> None:
    """Orders placed elsewhere carry no user tag; a finished one never works again, so a
    working order under its basket id is another order of a restarted gateway."""
    from runner_plugins.rithmic.protocol.templates import new

    broker = RithmicBroker(RithmicBroker.Params(uri="wss://127.0.0.1:1"))
    events: list = []
    broker.sink = events.append

    def note(notify_type: int, status: str, **kw: object) -> None:
        broker._on_order_notification(
            351,
            new(
                "RithmicOrderNotification",
                notify_type=notify_type,
                status=status,
                basket_id="1000001",
                symbol=SYMBOL,
                transaction_type=1,
                quantity=1,
                price_type=2,
                **kw,
            ),
        )

    note(13, "open")
    note(15, "complete", completion_reason="Cancel")
    note(13, "open")  # after the restart: the same basket id, another order
    assert [(e.client_id, e.status) for e in events] == [
        ("rithmic:1000001", OrderStatus.ACCEPTED),
        ("rithmic:1000001", OrderStatus.CANCELLED),
        ("rithmic:1000001#2", OrderStatus.ACCEPTED),
    ]


def test_a_fill_id_reused_for_an_order_working_through_a_restart_is_a_new_fill() -> None:
    """An order working through a gateway restart may see the same fill id twice: the
    exchange time and filled size tell a second execution from a replay of the first."""
    from runner_plugins.rithmic.protocol.templates import new

    broker = RithmicBroker(RithmicBroker.Params(uri="wss://127.0.0.1:1"))
    events: list = []
    broker.sink = events.append
    broker.fill_session = "rithmic/test/SIM-0001"

    def fill(ssboe: int, total: int, price: float) -> None:
        broker._on_exchange_notification(
            352,
            new(
                "ExchangeOrderNotification",
                notify_type=5,
                basket_id="1000002",
                user_tag="rest-1",
                fill_id="X1",
                symbol=SYMBOL,
                transaction_type=1,
                quantity=3,
                price_type=1,
                fill_size=1,
                fill_price=price,
                total_fill_size=total,
                ssboe=ssboe,
                source_ssboe=ssboe,
                source_usecs=5,
            ),
        )

    fill(100, 1, 2000.0)
    fill(100, 1, 2000.0)  # replayed after a reconnect
    fill(200, 2, 2001.0)  # the restarted gateway's first fill: X1 again
    fill(100, 1, 2000.0)  # both replayed once more
    fill(200, 2, 2001.0)
    got = [(f.fill_id, f.price, f.key) for f in events if isinstance(f, Fill)]
    assert got == [
        ("1000002.X1", 2000.0, ("rithmic/test/SIM-0001", "rest-1", "1000002.X1")),
        ("1000002.X1#2", 2001.0, ("rithmic/test/SIM-0001", "rest-1", "1000002.X1#2")),
    ]
    assert [u.status for u in events if isinstance(u, OrderUpdate)] == [
        OrderStatus.PARTIALLY_FILLED,
        OrderStatus.PARTIALLY_FILLED,
    ]


async def test_the_sim_restarts_on_a_timer_keeping_the_account(server: RithmicServer) -> None:
    from runner_sims.rithmic.simcli import SimOptions, _start_faults

    broker = RithmicBroker(RithmicBroker.Params(**conn(server)))
    broker.sink = lambda event: None
    await broker.connect()
    jobs: list[asyncio.Task] = []
    try:
        broker.submit(Order("rest", "b", SYMBOL, Side.BUY, 1, OrderType.LIMIT, limit_price=10.0))
        await until(lambda: len(server.orders) == 1, what="the resting order")
        _start_faults(SimOptions(restart_every=0.2, restart_down=0.05), server, [], jobs)
        await until(lambda: server.restarts >= 2, what="two restarts")
        assert [(o.user_tag, o.basket_id, o.done) for o in server.orders.values()] == [
            ("rest", "1000001", False)
        ]
        jobs.pop().cancel()
        plants = broker.client.plants.values()
        await until(lambda: all(p.connected.is_set() for p in plants), what="every plant back")
        snap = await broker.snapshot()
        assert [u.client_id for u in snap.open_orders] == ["rest"]
    finally:
        for job in jobs:
            job.cancel()
        await asyncio.gather(*jobs, return_exceptions=True)
        await broker.close()


async def test_bracket_legs_across_a_restart_stay_with_their_entry(
    server: RithmicServer, broker: tuple[RithmicBroker, list]
) -> None:
    """Legs share their entry's tag; after a restart a new entry reuses a finished order's
    basket id, and each leg must still be told apart by its entry's tag."""
    from runner.model import Bracket, Trade

    b, events = broker

    def bracket(name: str, last: float) -> Bracket:
        return Bracket(
            Order(name, "b", SYMBOL, Side.BUY, 1),
            Order(f"{name}-stop", "b", SYMBOL, Side.SELL, 1, OrderType.STOP, stop_price=last - 30),
            Order(
                f"{name}-target", "b", SYMBOL, Side.SELL, 1, OrderType.LIMIT, limit_price=last + 30
            ),
        )

    def working(cid: str) -> bool:
        return _status(events, cid) is OrderStatus.ACCEPTED

    b.submit(Order("m", "b", SYMBOL, Side.BUY, 1))
    await until(lambda: _status(events, "m") is OrderStatus.FILLED, what="the first fill")
    last = server.markets[SYMBOL].last
    b.on_market(Trade(SYMBOL, 0, last, 1))
    b.submit_bracket(bracket("e1", last))
    await until(lambda: working("e1-stop") and working("e1-target"), what="e1's legs")

    back = asyncio.Event()
    back.set()
    await server.restart(back, reuse_ids=True)
    plants = b.client.plants.values()
    await until(
        lambda: b.client[Plant.ORDER].reconnects >= 1 and all(p.connected.is_set() for p in plants),
        what="every plant back",
    )
    await b.reconcile()
    b.submit_bracket(bracket("e2", last))
    await until(lambda: working("e2-stop") and working("e2-target"), what="e2's legs")
    baskets = {(o.user_tag, o.price_type): o.basket_id for o in server.orders.values()}
    assert baskets[("e2", 2)] == "1000001"  # the first order's basket id, reused

    b.cancel("e1-stop")
    await until(lambda: _status(events, "e1-stop") is OrderStatus.CANCELLED, what="cancelled")
    snap = await b.snapshot()
    assert sorted(u.client_id for u in snap.open_orders) == ["e1-target", "e2-stop", "e2-target"]
    assert {u.client_id: u.broker_id for u in snap.open_orders}["e2-stop"] == "1000001-S"
    assert sorted((f.client_id, f.fill_id) for f in snap.fills) == [
        ("e1", "1000002.X2"),
        ("e2", "1000001.X1"),
        ("m", "1000001.X1"),
    ]
    await until(lambda: b.positions.get(SYMBOL) == 3, what="the PnL plant position")
    assert server.positions[SYMBOL].net == 3
