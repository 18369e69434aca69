"""What the order plant's less common requests do to the account, over raw frames: exit
position, bracket levels moved before and after the entry fills (with BracketUpdates to
subscribers), and the order history views."""

from __future__ import annotations

from rithmic_support import SYMBOL
from sim_wire import Wire, login

from runner_plugins.rithmic.protocol.templates import BY_NAME
from runner_sims.rithmic.server import RithmicServer

ACCT = {"account_id": "SIM-0001", "fcm_id": "RUNNERFCM", "ib_id": "RUNNERIB"}


def msg(name: str, **fields: object) -> object:
    return BY_NAME[name](**fields)


async def trader(server: RithmicServer) -> Wire:
    wire = await login(server, "order")
    await wire.ask(msg("RequestSubscribeForOrderUpdates", **ACCT))
    return wire


def buy(tag: str, **kind: object) -> object:
    return msg(
        "RequestNewOrder",
        symbol=SYMBOL,
        quantity=1,
        transaction_type=1,
        duration=1,
        user_tag=tag,
        **(kind or {"price_type": 2}),
        **ACCT,
    )


async def test_exit_position_cancels_working_orders_and_flattens(server: RithmicServer) -> None:
    wire = await trader(server)
    await wire.ask(buy("long"))
    await wire.until(lambda t, m: t == 352 and m.notify_type == 5 and m.user_tag == "long")
    resting = (await wire.ask(buy("resting", price_type=1, price=10.0))).rows[0].basket_id
    answer = await wire.ask(msg("RequestExitPosition", symbol=SYMBOL, **ACCT))
    assert [(r.symbol, r.exchange) for r in answer.rows] == [(SYMBOL, "COMEX")]
    assert list(answer.final.rp_code) == ["0"]
    await wire.until(
        lambda t, m: t == 351 and m.basket_id == resting and m.completion_reason == "Cancel"
    )
    _, flat = await wire.until(
        lambda t, m: t == 352 and m.notify_type == 5 and m.user_tag == "exit-position"
    )
    assert flat.transaction_type == 2 and flat.fill_size == 1
    assert server.positions[SYMBOL].net == 0
    assert server.account().working == []
    await wire.close()


async def test_bracket_levels_move_before_and_after_the_entry_fills(
    server: RithmicServer,
) -> None:
    wire = await trader(server)
    await wire.ask(msg("RequestSubscribeToBracketUpdates", **ACCT))
    tick = server.spec_for(SYMBOL).tick_size

    def bracket(tag: str, **kind: object) -> object:
        return msg(
            "RequestBracketOrder",
            symbol=SYMBOL,
            quantity=1,
            transaction_type=1,
            duration=1,
            user_tag=tag,
            bracket_type=3,
            stop_ticks=20,
            target_ticks=20,
            **kind,
            **ACCT,
        )

    # pending: the entry rests, its levels are ticks only
    pending = (await wire.ask(bracket("pending", price_type=1, price=10.0))).rows[0].basket_id
    moved = await wire.ask(
        msg("RequestUpdateStopBracketLevel", basket_id=pending, stop_ticks=35, **ACCT)
    )
    assert list(moved.final.rp_code) == ["0"]
    stops = await wire.ask(msg("RequestShowBracketStops", **ACCT))
    assert [(r.basket_id, r.stop_ticks, r.stop_quantity_released) for r in stops.rows] == [
        (pending, "35", "0")
    ]
    _, note = await wire.until(lambda t, m: t == 353 and m.basket_id == pending)
    assert (note.stop_ticks, note.target_ticks) == (35, 20)

    # working: the entry filled, moving the target moves the target leg's price
    live = (await wire.ask(bracket("live", price_type=2))).rows[0].basket_id
    await wire.until(lambda t, m: t == 351 and m.basket_id == f"{live}-T" and m.notify_type == 13)
    entry = server.orders[live]
    moved = await wire.ask(
        msg("RequestUpdateTargetBracketLevel", basket_id=live, target_ticks=50, **ACCT)
    )
    assert list(moved.final.rp_code) == ["0"]
    target = server.orders[f"{live}-T"].order
    assert target.limit_price == round(entry.avg_price + 50 * tick, 10)
    shown = await wire.ask(msg("RequestShowBrackets", **ACCT))
    assert {r.basket_id: (r.target_ticks, r.target_quantity_released) for r in shown.rows} == {
        pending: ("20", "0"),
        live: ("50", "1"),
    }
    await wire.until(lambda t, m: t == 353 and m.basket_id == live and m.target_ticks == 50)

    # a basket with no bracket is refused with the response's own error
    missing = await wire.ask(
        msg("RequestUpdateStopBracketLevel", basket_id="nope", stop_ticks=5, **ACCT)
    )
    assert list(missing.final.rp_code)[0] == "5"
    await wire.close()


async def test_order_history_views_list_the_day_and_the_basket(server: RithmicServer) -> None:
    wire = await trader(server)
    first = (await wire.ask(buy("h1", price_type=1, price=10.0))).rows[0].basket_id
    second = (await wire.ask(buy("h2", price_type=1, price=11.0))).rows[0].basket_id
    await wire.ask(msg("RequestCancelOrder", basket_id=first, **ACCT))
    day = server.today().strftime("%Y%m%d")

    dates = await wire.ask(msg("RequestShowOrderHistoryDates"))
    assert [list(r.date) for r in dates.rows] == [[day]]

    wire.seen.clear()
    summary = await wire.ask(msg("RequestShowOrderHistorySummary", date=day, **ACCT))
    listed = {m.basket_id: m.status for t, m in summary.others if t == 351 and m.is_snapshot}
    assert listed == {first: "complete", second: "open"}

    wire.seen.clear()
    detail = await wire.ask(msg("RequestShowOrderHistoryDetail", basket_id=second, **ACCT))
    assert [m.basket_id for t, m in detail.others if t == 351 and m.is_snapshot] == [second]

    other_day = await wire.ask(msg("RequestShowOrderHistoryDetail", date="20200101", **ACCT))
    assert list(other_day.final.rp_code)[0] == "7"
    await wire.close()
