"""A full client's day against the simulator, written from the protocol reference only and
spoken in raw frames (``sim_wire``): the order plant's login sequence as complete clients
run it, an order placed and filled, then the reconcile a client does after any doubt (show
orders, replay executions, fill history, the PnL snapshot)."""

from __future__ import annotations

from rithmic_support import SYMBOL
from sim_wire import login

from runner_plugins.rithmic.protocol.templates import BY_NAME
from runner_sims.rithmic.server import RithmicServer

ACCT = {"account_id": "SIM-0001", "fcm_id": "RUNNERFCM", "ib_id": "RUNNERIB"}


def msg(name: str, **fields: object) -> object:
    return BY_NAME[name](**fields)


async def test_login_sequence_trade_and_reconcile(server: RithmicServer) -> None:
    order = await login(server, "order")
    pnl = await login(server, "pnl")
    try:
        info = await order.ask(msg("RequestLoginInfo"))
        assert list(info.final.rp_code) == ["0"] and info.final.fcm_id == ACCT["fcm_id"]
        accounts = await order.ask(msg("RequestAccountList", fcm_id="RUNNERFCM", ib_id="RUNNERIB"))
        assert [a.account_id for a in accounts.rows] == [ACCT["account_id"]]
        routes = await order.ask(msg("RequestTradeRoutes", subscribe_for_updates=True))
        route = {r.exchange: r.trade_route for r in routes.rows}["COMEX"]
        for name, fields in (
            ("RequestSubscribeForOrderUpdates", ACCT),
            ("RequestAccountRmsInfo", {"fcm_id": "RUNNERFCM", "ib_id": "RUNNERIB"}),
            ("RequestAccountRmsUpdates", {"request": "subscribe", "update_bits": 1, **ACCT}),
            ("RequestProductRmsInfo", ACCT),
            ("RequestListExchangePermissions", {"user": "trader"}),
            ("RequestShowOrders", ACCT),
            ("RequestShowBrackets", ACCT),
            ("RequestShowBracketStops", ACCT),
        ):
            answer = await order.ask(msg(name, **fields))
            assert list(answer.final.rp_code) == ["0"], (name, list(answer.final.rp_code))
        empty = await order.ask(msg("RequestShowFillHistory", **ACCT))
        assert empty.rows == [] and list(empty.final.rp_code)[0] == "7"
        await pnl.ask(msg("RequestPnLPositionUpdates", request=1, **ACCT))

        placed = await order.ask(
            msg(
                "RequestNewOrder",
                symbol=SYMBOL,
                exchange="COMEX",
                quantity=1,
                transaction_type=1,
                price_type=2,
                duration=1,
                trade_route=route,
                user_tag="full-client-1",
                **ACCT,
            )
        )
        (row,) = placed.rows
        basket = row.basket_id
        assert row.user_tag == "full-client-1" and list(placed.final.rp_code) == ["0"]
        _, fill = await order.until(
            lambda t, m: t == 352 and m.notify_type == 5 and m.basket_id == basket
        )
        assert fill.fill_size == 1 and fill.user_tag == "full-client-1"
        await order.until(
            lambda t, m: t == 351 and m.basket_id == basket and m.completion_reason == "Fill"
        )
        await pnl.until(lambda t, m: t == 450 and m.symbol == SYMBOL and m.net_quantity == 1)

        # the reconcile: every answer agrees with the fill the stream reported
        order.seen.clear()
        shown = await order.ask(msg("RequestShowOrders", **ACCT))
        snaps = [m for t, m in shown.others if t == 351 and m.basket_id == basket]
        assert [(s.is_snapshot, s.status, s.total_fill_size) for s in snaps] == [
            (True, "complete", 1)
        ]
        replay = await order.ask(msg("RequestReplayExecutions", **ACCT))
        replayed = [m for t, m in replay.others if t == 352 and m.notify_type == 5]
        assert [(m.basket_id, m.fill_id, m.fill_price) for m in replayed] == [
            (basket, fill.fill_id, fill.fill_price)
        ]
        history = await order.ask(msg("RequestShowFillHistory", **ACCT))
        assert [(r.basket_id, r.fill_id, r.fill_size) for r in history.rows] == [
            (basket, fill.fill_id, 1)
        ]
        snapshot = await pnl.ask(msg("RequestPnLPositionSnapshot", **ACCT))
        positions = [m for t, m in snapshot.others if t == 450 and m.is_snapshot]
        assert [(p.symbol, p.net_quantity, p.avg_open_fill_price) for p in positions] == [
            (SYMBOL, 1, fill.fill_price)
        ]
        accounts_pnl = [m for t, m in snapshot.others if t == 451 and m.is_snapshot]
        assert [a.net_quantity for a in accounts_pnl] == [1]
    finally:
        await order.close()
        await pnl.close()
