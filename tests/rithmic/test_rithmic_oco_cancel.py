"""The cancel a bot sends for the other leg of a bracket whose first leg just filled
crosses the server's own OCO cancel on the wire: its refusal is expected, not a warning."""

from __future__ import annotations

import logging

import pytest
from rithmic_support import SYMBOL, until

from runner.model import Bracket, Fill, Order, OrderStatus, OrderType, OrderUpdate, Side, Trade
from runner_plugins.rithmic.execution import RithmicBroker
from runner_sims.rithmic.server import RithmicServer


async def test_cancelling_the_leg_the_server_already_ended_is_not_a_warning(
    server: RithmicServer,
    broker: tuple[RithmicBroker, list],
    caplog: pytest.LogCaptureFixture,
) -> None:
    b, events = broker
    legs = {"e1-stop": "e1-target", "e1-target": "e1-stop"}
    asked: list[str] = []

    def sink(event: object) -> None:
        events.append(event)
        # what the order manager does on a bracket exit: cancel the rest of the group at once
        if isinstance(event, Fill) and event.client_id in legs and not asked:
            asked.append(legs[event.client_id])
            b.cancel(legs[event.client_id])

    b.sink = sink
    b.submit(Order("warm", "bot", SYMBOL, Side.BUY, 1))
    await until(lambda: any(isinstance(e, Fill) for e in events), what="warm fill")
    last = server.markets[SYMBOL].last
    b.on_market(Trade(SYMBOL, 0, last, 1))
    group = "e1.oco"
    b.submit_bracket(
        Bracket(
            Order("e1", "bot", SYMBOL, Side.BUY, 1),
            Order(
                "e1-stop",
                "bot",
                SYMBOL,
                Side.SELL,
                1,
                OrderType.STOP,
                stop_price=last - 0.3,
                oco_group=group,
            ),
            Order(
                "e1-target",
                "bot",
                SYMBOL,
                Side.SELL,
                1,
                OrderType.LIMIT,
                limit_price=last + 0.3,
                oco_group=group,
            ),
        )  # fmt: skip
    )
    caplog.set_level(logging.INFO, logger="runner_plugins.rithmic")
    await until(lambda: bool(asked), timeout=60, what="a bracket leg to fill")
    other = asked[0]

    def ended() -> bool:
        return any(
            isinstance(e, OrderUpdate) and e.client_id == other and e.status.is_done for e in events
        )

    await until(ended, what="the other leg ended")
    # the cancel's answer has come back once the server answers a later request
    b.submit(Order("probe", "bot", SYMBOL, Side.SELL, 1))
    await until(
        lambda: any(isinstance(e, Fill) and e.client_id == "probe" for e in events),
        what="a later order answered",
    )
    statuses = [e.status for e in events if isinstance(e, OrderUpdate) and e.client_id == other]
    assert statuses[-1] is OrderStatus.CANCELLED
    about = [r for r in caplog.records if r.getMessage().startswith(f"cancel of {other}")]
    assert about, "the cancel crossed nothing: the test did not reach the race it is about"
    assert all(r.levelno < logging.WARNING for r in about), [r.getMessage() for r in about]
    assert "already ended at the server" in about[-1].getMessage()
