"""Repeated drops of the ticker and order connections while orders fill.

The client must reconnect each plant, re-subscribe, and reconcile so that it ends with
exactly the server's orders, fills and position: no fill lost, no order sent twice.
"""

from __future__ import annotations

from collections import Counter

from rithmic_support import SYMBOL, until

from runner.model import Fill, Order, OrderStatus, OrderType, OrderUpdate, Side, Trade
from runner_plugins.rithmic.client import Plant
from runner_plugins.rithmic.data import RithmicFeed
from runner_plugins.rithmic.execution import RithmicBroker
from runner_sims.rithmic.server import RithmicServer


def _last_status(events: list) -> dict[str, OrderStatus]:
    out: dict[str, OrderStatus] = {}
    for e in events:
        if isinstance(e, OrderUpdate):
            out[e.client_id] = e.status
    return out


async def test_drops_while_orders_fill(
    server: RithmicServer,
    broker: tuple[RithmicBroker, list],
    feed: tuple[RithmicFeed, list],
) -> None:
    b, events = broker
    f, market = feed
    await f.subscribe([SYMBOL])
    await until(lambda: SYMBOL in server.markets, what="market running")
    sent: list[str] = []
    drops = 0
    ticker = f.client[Plant.TICKER]
    order_plant = b.client[Plant.ORDER]
    for round_ in range(8):
        # odd rounds: answers to new orders are slow, so a drop catches some in flight
        server.faults.delay_templates[312] = 0.3 if round_ % 2 else 0.0
        batch: list[str] = []
        for k in range(3):
            cid = f"o{round_}-{k}"
            side = Side.BUY if (round_ + k) % 2 == 0 else Side.SELL
            last = server.markets[SYMBOL].last
            if k == 2:  # a limit order just through the market: fills on a later trade
                off = -0.2 if side is Side.BUY else 0.2
                order = Order(
                    cid, "bot", SYMBOL, side, 1, OrderType.LIMIT, limit_price=round(last + off, 1)
                )
            else:
                order = Order(cid, "bot", SYMBOL, side, 1 + k)
            b.submit(order)
            sent.append(cid)
            batch.append(cid)
        # drop once the server holds the round's orders: in odd rounds their answers are
        # then still on the way (the server holds them back 0.3 s)
        await until(
            lambda batch=batch: set(batch) <= {o.user_tag for o in server.orders.values()},
            what=f"round {round_}'s orders at the server",
        )
        reconnects = (ticker.reconnects, order_plant.reconnects)
        drops += server.drop("ticker") > 0
        drops += server.drop("order") > 0
        # sent while the order plant is down: must be placed once it is back
        b.submit(Order(f"o{round_}-down", "bot", SYMBOL, Side.BUY, 1))
        sent.append(f"o{round_}-down")
        # The next drop comes once both plants are back and every order sent so far is
        # named by the server: each drop cuts a live link, and no order is lost twice (an
        # order whose re-send is lost as well is rejected, by design, not placed).
        await until(
            lambda r=reconnects: (
                ticker.reconnects > r[0]
                and order_plant.reconnects > r[1]
                and ticker.connected.is_set()
                and order_plant.connected.is_set()
            ),
            what=f"both plants back after drop {round_}",
        )
        await until(
            lambda: all(t.basket_id for t in b._by_cid.values()),
            timeout=60,
            what=f"every order up to round {round_} known by basket id",
        )
    server.faults.delay_templates.clear()

    # settle: both plants back, every order named by the server, nothing in flight
    await until(order_plant.connected.is_set, what="order plant back")
    await until(
        lambda: all(t.basket_id for t in b._by_cid.values()),
        timeout=60,
        what="every order known by basket id",
    )
    snap = await b.snapshot()
    await until(
        lambda: b.positions.get(SYMBOL, 0) == server.positions[SYMBOL].net,
        what="PnL position equal to the server's",
    )

    # orders: each client id exactly once on the server, none missing
    tags = Counter(o.user_tag for o in server.orders.values() if not o.original_basket_id)
    assert sorted(tags) == sorted(sent)
    assert set(tags.values()) == {1}, "an order was duplicated"

    # fills: the same set, each reported once
    server_fills = {f"{x['basket_id']}.{x['fill_id']}" for x in server.fills}
    our_fills = [e.fill_id for e in events if isinstance(e, Fill)]
    assert len(our_fills) == len(set(our_fills)), "a fill was reported twice"
    assert set(our_fills) == server_fills, "a fill was lost"
    assert {f.fill_id for f in snap.fills} == server_fills

    # position: fills and the PnL plant agree with the server
    signed = sum(e.qty * int(e.side) for e in events if isinstance(e, Fill))
    assert signed == server.positions[SYMBOL].net == snap.positions[SYMBOL]

    # order states: what we last heard equals what the server holds
    last = _last_status(events)
    for sim in server.orders.values():
        if sim.original_basket_id:
            continue
        want = (
            OrderStatus.FILLED
            if sim.done and sim.completion_reason == "Fill"
            else OrderStatus.ACCEPTED
            if not sim.done
            else OrderStatus.CANCELLED
        )
        assert last[sim.user_tag] == want, sim.user_tag
    assert sorted(u.client_id for u in snap.open_orders) == sorted(
        o.user_tag for o in server.orders.values() if not o.done
    )

    # the feed came back each time and kept streaming
    assert drops == 16
    assert ticker.reconnects == 8 and order_plant.reconnects == 8
    before = sum(isinstance(e, Trade) for e in market)
    await until(
        lambda: sum(isinstance(e, Trade) for e in market) > before + 10,
        what="trades after the last reconnect",
    )
    assert server.received.count(100) == ticker.reconnects + 1


async def test_pnl_plant_drop_recovers_the_position(
    server: RithmicServer, broker: tuple[RithmicBroker, list]
) -> None:
    b, events = broker
    b.submit(Order("p0", "bot", SYMBOL, Side.BUY, 1))
    await until(lambda: b.positions.get(SYMBOL) == 1, what="first position")
    pnl = b.client[Plant.PNL]
    server.drop("pnl")
    b.submit(Order("p1", "bot", SYMBOL, Side.BUY, 3))  # fills while the PnL plant is down
    await until(
        lambda: any(isinstance(e, Fill) and e.client_id == "p1" for e in events), what="fill of p1"
    )
    await until(lambda: pnl.reconnects == 1, what="PnL plant back")
    await until(lambda: b.positions.get(SYMBOL) == 4, what="position from the snapshot")
    assert server.positions[SYMBOL].net == 4
    assert server.received.count(402) >= 2


async def test_cancel_and_modify_survive_a_lost_request_and_a_drop(
    server: RithmicServer,
) -> None:
    from rithmic_support import conn

    b = RithmicBroker(RithmicBroker.Params(**conn(server), request_timeout=1.0))
    events: list = []
    b.sink = events.append
    await b.connect()
    try:
        for cid in ("w1", "w2"):
            b.submit(Order(cid, "bot", SYMBOL, Side.BUY, 1, OrderType.LIMIT, limit_price=10.0))
        await until(lambda: all(t.basket_id for t in b._by_cid.values()), what="working")
        sims = {o.user_tag: o for o in server.orders.values()}

        server.faults.ignore[316] = 1  # the first cancel never arrives
        b.cancel("w1")
        await until(lambda: sims["w1"].done, what="cancel sent again after the timeout")
        assert server.received.count(316) == 2

        server.drop("order")
        b.modify("w2", limit_price=11.0)  # the plant is down right now
        await until(lambda: sims["w2"].order.limit_price == 11.0, what="modify after reconnect")
        assert _last_status(events)["w1"] is OrderStatus.CANCELLED
        assert _last_status(events)["w2"] is OrderStatus.ACCEPTED
    finally:
        await b.close()
