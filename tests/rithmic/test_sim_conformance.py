"""The simulator against the protocol reference, over raw frames (``sim_wire``): log in to
every plant, send every request template our protos describe, and check each answer's
template id, the echoed ``user_msg`` and the order of ``rq_handler_rp_code`` rows before
the one final ``rp_code``. No request may go unanswered.

The plant of each template and the request fields below come from the protocol reference
(rithmic-protocol-flow.md and -fields.md), not from the server's dispatch table.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rithmic_support import SYMBOL
from sim_wire import Answer, Wire, login

import runner_sims.rithmic
from runner_plugins.rithmic.protocol.templates import BY_NAME, CLASSES
from runner_sims.rithmic.server import RithmicServer

PLANT_OF: dict[int, str] = {
    **dict.fromkeys((14, 100, 109, 111, 113, 115, 117, 121), "ticker"),
    **dict.fromkeys((200, 202, 204, 206), "history"),
    **dict.fromkeys(
        (300, 302, 304, 306, 308, 310, 312, 314, 316, 318, 320, 322, 324, 326, 328, 330),
        "order",
    ),
    **dict.fromkeys((332, 334, 336, 338, 340, 342, 346, 3504, 3506, 3508, 3512), "order"),
    **dict.fromkeys((400, 402), "pnl"),
    **dict.fromkeys((500, 502, 506), "repository"),
}
SESSION = {10, 12, 16, 18}  # login, logout, system info, heartbeat: every connection
# answered with their own response and an error code by this build (see the sim's README);
# the history ones are served once the tick-bar handlers are in
NO_DATA_YET = {3512, 500}  # no fills yet; no agreement left to accept
ACCOUNT = "SIM-0001"


def msg(name: str, **fields: Any) -> Any:
    return BY_NAME[name](**fields)


class Walk:
    """The request for each template, built from what earlier answers told (basket ids)."""

    def __init__(self) -> None:
        self.baskets: dict[str, str] = {}
        self.agreement = ""

    def request(self, tid: int) -> Any:
        acct = {"account_id": ACCOUNT, "fcm_id": "RUNNERFCM", "ib_id": "RUNNERIB"}
        far_buy = {"price_type": 1, "price": 10.0, "transaction_type": 1, "duration": 1}
        built: dict[int, Callable[[], Any]] = {
            14: lambda: msg("RequestReferenceData", symbol=SYMBOL, exchange="COMEX"),
            100: lambda: msg(
                "RequestMarketDataUpdate", symbol=SYMBOL, exchange="COMEX", request=1, update_bits=1
            ),
            109: lambda: msg("RequestSearchSymbols", search_text="GC", pattern=2),
            111: lambda: msg("RequestProductCodes", exchange="COMEX"),
            113: lambda: msg("RequestFrontMonthContract", symbol="GC", exchange="COMEX"),
            115: lambda: msg("RequestDepthByOrderSnapshot", symbol=SYMBOL, exchange="COMEX"),
            117: lambda: msg(
                "RequestDepthByOrderUpdates", symbol=SYMBOL, exchange="COMEX", request=1
            ),
            121: lambda: msg("RequestAuxilliaryReferenceData", symbol=SYMBOL, exchange="COMEX"),
            200: lambda: msg("RequestTimeBarUpdate", symbol=SYMBOL, exchange="COMEX", request=1),
            202: lambda: msg(
                "RequestTimeBarReplay",
                symbol=SYMBOL,
                exchange="COMEX",
                bar_type=2,
                bar_type_period=1,
                direction=2,
                user_max_count=5,
            ),
            204: lambda: msg(
                "RequestTickBarUpdate",
                symbol=SYMBOL,
                exchange="COMEX",
                request=1,
                bar_type=1,
                bar_type_specifier="5",
            ),
            206: lambda: msg(
                "RequestTickBarReplay",
                symbol=SYMBOL,
                exchange="COMEX",
                bar_type=1,
                bar_type_specifier="5",
                direction=2,
                user_max_count=5,
            ),
            300: lambda: msg("RequestLoginInfo"),
            302: lambda: msg("RequestAccountList", fcm_id="RUNNERFCM", ib_id="RUNNERIB"),
            304: lambda: msg("RequestAccountRmsInfo", fcm_id="RUNNERFCM", ib_id="RUNNERIB"),
            306: lambda: msg("RequestProductRmsInfo", **acct),
            308: lambda: msg("RequestSubscribeForOrderUpdates", **acct),
            310: lambda: msg("RequestTradeRoutes", subscribe_for_updates=False),
            312: lambda: msg(
                "RequestNewOrder",
                symbol=SYMBOL,
                exchange="COMEX",
                quantity=1,
                user_tag="walk-new",
                **far_buy,
                **acct,
            ),
            314: lambda: msg(
                "RequestModifyOrder",
                basket_id=self.baskets["312"],
                symbol=SYMBOL,
                exchange="COMEX",
                quantity=2,
                price=11.0,
                price_type=1,
                **acct,
            ),
            316: lambda: msg("RequestCancelOrder", basket_id=self.baskets["312"], **acct),
            318: lambda: msg("RequestShowOrderHistoryDates"),
            320: lambda: msg("RequestShowOrders", **acct),
            322: lambda: msg("RequestShowOrderHistory", basket_id=self.baskets["312"], **acct),
            324: lambda: msg("RequestShowOrderHistorySummary", **acct),
            326: lambda: msg(
                "RequestShowOrderHistoryDetail", basket_id=self.baskets["312"], **acct
            ),
            328: lambda: msg(
                "RequestOCOOrder",
                symbol=[SYMBOL, SYMBOL],
                exchange=["COMEX", "COMEX"],
                quantity=[1, 1],
                price=[10.0, 100_000.0],
                transaction_type=[1, 2],
                price_type=[1, 1],
                duration=[1, 1],
                user_tag=["walk-oco-buy", "walk-oco-sell"],
                **acct,
            ),
            330: lambda: msg(
                "RequestBracketOrder",
                symbol=SYMBOL,
                exchange="COMEX",
                quantity=1,
                user_tag="walk-bracket",
                bracket_type=3,
                stop_ticks=40,
                target_ticks=40,
                **far_buy,
                **acct,
            ),
            332: lambda: msg(
                "RequestUpdateTargetBracketLevel",
                basket_id=self.baskets["330"],
                target_ticks=60,
                **acct,
            ),
            334: lambda: msg(
                "RequestUpdateStopBracketLevel",
                basket_id=self.baskets["330"],
                stop_ticks=60,
                **acct,
            ),
            336: lambda: msg("RequestSubscribeToBracketUpdates", **acct),
            338: lambda: msg("RequestShowBrackets", **acct),
            340: lambda: msg("RequestShowBracketStops", **acct),
            342: lambda: msg("RequestListExchangePermissions", user="trader"),
            346: lambda: msg("RequestCancelAllOrders", **acct),
            3504: lambda: msg("RequestExitPosition", symbol=SYMBOL, exchange="COMEX", **acct),
            3506: lambda: msg("RequestReplayExecutions", **acct),
            3508: lambda: msg(
                "RequestAccountRmsUpdates", request="subscribe", update_bits=1, **acct
            ),
            3512: lambda: msg("RequestShowFillHistory", **acct),
            400: lambda: msg("RequestPnLPositionUpdates", request=1, **acct),
            402: lambda: msg("RequestPnLPositionSnapshot", **acct),
            500: lambda: msg("RequestListUnacceptedAgreements"),
            502: lambda: msg("RequestListAcceptedAgreements"),
            506: lambda: msg("RequestShowAgreement", agreement_id=self.agreement),
        }
        return built[tid]()

    def learn(self, tid: int, answer: Answer) -> None:
        if tid in (312, 330) and answer.rows:
            self.baskets[str(tid)] = answer.rows[0].basket_id
        if tid == 502 and answer.rows:
            self.agreement = answer.rows[0].agreement_id


def request_templates() -> set[int]:
    return {tid for tid, cls in CLASSES.items() if cls.__name__.startswith("Request")}


def test_the_walk_covers_every_request_template_of_our_protos() -> None:
    assert request_templates() == set(PLANT_OF) | SESSION


async def test_every_request_of_every_plant_gets_its_own_answer(server: RithmicServer) -> None:
    # discovery before any login: system info on a connection of its own
    wire = await Wire.open(server)
    info = await wire.ask(msg("RequestRithmicSystemInfo"))
    assert list(info.final.rp_code) == ["0"] and "Rithmic Test" in info.final.system_name
    await wire.close()

    walk = Walk()
    answered: dict[int, Answer] = {}
    for plant in ("ticker", "history", "order", "pnl", "repository"):
        wire = await login(server, plant)
        beat = await wire.ask(msg("RequestHeartbeat"))
        assert list(beat.final.rp_code) == ["0"]
        for tid in sorted(t for t, p in PLANT_OF.items() if p == plant):
            answer = await wire.ask(walk.request(tid))
            code = list(answer.final.rp_code)
            assert code, tid
            final_marks = list(getattr(answer.final, "rq_handler_rp_code", []))
            assert not final_marks, f"{tid}: final answer marked as a row"
            if tid in NO_DATA_YET:
                assert code[0] == "7", (tid, code)
            else:
                assert code == ["0"], (tid, code)
            assert not any(t == 75 for t, _ in answer.others), f"{tid}: a Reject came back"
            walk.learn(tid, answer)
            answered[tid] = answer
        bye = await wire.ask(msg("RequestLogout"))
        assert list(bye.final.rp_code) == ["0"]
        await wire.close()
    assert set(answered) == set(PLANT_OF)

    # what the answers say, beyond their shape
    assert answered[302].rows[0].account_id == ACCOUNT
    assert {r.exchange for r in answered[310].rows} >= {"COMEX", "CME"}
    assert [len(r.basket_id) for r in answered[328].rows] == [2]  # one row, both legs
    assert SYMBOL in [f.symbol for f in answered[109].rows]  # CONTAINS: MGC too
    assert answered[113].final.trading_symbol == SYMBOL
    assert len(answered[202].rows) == 5
    assert {r.depth_side for r in answered[115].rows} == {1, 2}
    assert answered[506].rows[0].agreement_id == walk.agreement != ""


async def test_oco_answer_names_both_legs_and_a_fill_cancels_the_other(
    server: RithmicServer,
) -> None:
    wire = await login(server, "order")
    acct = {"account_id": ACCOUNT, "fcm_id": "RUNNERFCM", "ib_id": "RUNNERIB"}
    await wire.ask(msg("RequestSubscribeForOrderUpdates", **acct))
    answer = await wire.ask(
        msg(
            "RequestOCOOrder",
            symbol=[SYMBOL, SYMBOL],
            quantity=[1, 1],
            price=[100_000.0, 10.0],
            transaction_type=[1, 1],  # the first buys at any price: it fills at once
            price_type=[1, 1],
            user_tag=["oco-fills", "oco-cancelled"],
            **acct,
        )
    )
    (row,) = answer.rows
    assert list(row.user_tag) == ["oco-fills", "oco-cancelled"]
    fills, cancelled = row.basket_id
    await wire.until(lambda t, m: t == 352 and m.notify_type == 5 and m.basket_id == fills)
    await wire.until(
        lambda t, m: t == 351 and m.basket_id == cancelled and m.completion_reason == "Cancel"
    )
    await wire.close()


async def test_requests_out_of_place_are_answered_at_once(server: RithmicServer) -> None:
    wire = await Wire.open(server)
    early = await wire.ask(msg("RequestAccountList"))  # before any login
    assert list(early.final.rp_code)[0] == "5"
    await wire.close()

    ticker = await login(server, "ticker")
    wrong = await ticker.ask(msg("RequestShowOrders", account_id=ACCOUNT))
    assert "order plant" in list(wrong.final.rp_code)[1]
    await ticker.send(msg("Reject"))  # not a request: refused with a Reject
    tid, reject = await ticker.until(lambda t, m: t == 75)
    assert list(reject.rp_code)[0] == "6"
    await ticker.close()


def test_the_readme_lists_every_request_template() -> None:
    readme = Path(runner_sims.rithmic.__file__).with_name("README.md").read_text()
    listed = {
        int(line.split()[1])
        for line in readme.splitlines()
        if line.startswith("| ") and line[2].isdigit()
    }
    assert listed == request_templates()


async def test_depth_by_order_updates_follow_the_book_the_snapshot_shows(
    server: RithmicServer,
) -> None:
    ticker = await login(server, "ticker")
    subscribed = await ticker.ask(
        msg("RequestDepthByOrderUpdates", symbol=SYMBOL, exchange="COMEX", request=1)
    )
    assert list(subscribed.final.rp_code) == ["0"]
    _, batch = await ticker.until(lambda t, m: t == 160)
    assert list(batch.update_type) == [3, 3, 1, 1]  # DELETE the old pair, NEW the new one
    assert list(batch.transaction_type) == [1, 2, 1, 2]
    _, end = await ticker.until(
        lambda t, m: t == 161 and m.sequence_number == batch.sequence_number
    )
    assert list(end.symbol) == [SYMBOL]
    snapshot = await ticker.ask(msg("RequestDepthByOrderSnapshot", symbol=SYMBOL))
    seq = {r.sequence_number for r in snapshot.rows}
    (current,) = seq
    _, same = await ticker.until(lambda t, m: t == 160 and m.sequence_number == current)
    shown = {(r.depth_side, r.depth_price, r.exchange_order_id[0]) for r in snapshot.rows}
    new_orders = (same.transaction_type[2:], same.depth_price[2:], same.exchange_order_id[2:])
    added = set(zip(*new_orders, strict=True))
    assert shown == added
    bid, ask = sorted(p for _, p, _ in shown)
    tick = server.spec_for(SYMBOL).tick_size
    assert round(ask - bid, 10) == round(2 * tick, 10)
    await ticker.close()
