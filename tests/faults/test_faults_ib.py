"""A live bot on the local TWS (the real ib_async and ib_insync clients over a real socket)
through its faults: TWS restarting (clients dropped, account kept, contract ids forgotten),
a drop right after an order reached TWS, a drop as an execution report goes out, link flaps
that lose the market data subscriptions (1101) and that keep them (1102), and kill -9 of
``runner start`` at a seeded moment with a start again on the same log folder. After each,
once things settle, the journal's positions and working orders equal the account TWS holds;
at the end every execution is in the journal exactly once, no orderRef reached TWS twice and
every cut and flap is in the JSON logs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.harness import Harness, IBVenue
from tests.ib.conftest import ib_lib  # noqa: F401 - the fixture, in scope for usefixtures

pytestmark = pytest.mark.usefixtures("ib_lib")  # every test once per client library


@pytest.mark.slow
async def test_ib_faults_leave_the_runner_equal_to_the_broker(tmp_path: Path) -> None:
    async with Harness(IBVenue(seed=5), tmp_path / "ib", seed=5) as h:
        await h.trading(1, 120)
        await h.gateway_restart(down=0.5)
        await h.trading(1, 120)
        await h.drop_mid_fill(120)
        await h.trading(1, 120)
        await h.drop_at_next_execution(120)
        await h.trading(1, 120)
        h.flap(data_lost=True)
        await h.trading(1, 120)
        h.flap(data_lost=False)
        await h.trading(1, 120)
        assert await h.check(120), h.tally.mismatches
        await h.kill9()
        await h.trading(1, 120)
        assert await h.check(120), h.tally.mismatches
        code = await h.settle_stop()
    t = h.tally
    assert code == 0, h.run.output()[-3000:]
    assert sum(t.faults.values()) == 6
    assert t.broker_fills >= 6 and t.journal_fills == t.broker_fills
    assert t.lost_fills == [] and t.duplicate_fills == []
    assert t.duplicate_orders == []
    assert t.unprotected == []
    assert t.unlogged_faults == [] and t.logged_disconnects >= 5
    assert h.venue.account().positions == {} and h.run.positions() == {}
    assert h.venue.account().working == []


async def test_a_first_connection_during_a_tws_restart_waits_for_it(caplog) -> None:
    """Found by the soak: a runner started again (after kill -9) while TWS restarted
    exited, its feed's first connection refused. The first connection now keeps trying
    for its connect timeout while nothing accepts connections."""
    import asyncio
    import logging

    from runner_plugins.ib.execution import IBBroker
    from runner_sims.ib.server import TwsServer
    from tests.waiting import until

    caplog.set_level(logging.INFO, logger="runner_plugins.ib.client")
    server = TwsServer({}, speed=0.0)
    await server.start()
    await server.stop_listening()  # TWS is restarting
    broker = IBBroker(
        IBBroker.Params(
            host="127.0.0.1",
            port=server.port,
            client_id=31,
            connect_timeout=60,
            reconnect_initial=0.05,
            reconnect_max=0.2,
        )
    )
    connecting = asyncio.create_task(broker.connect())
    try:
        await until(
            lambda: connecting.done() or "trying again" in caplog.text, what="a refused try"
        )
        assert not connecting.done(), connecting.exception()
        await server.resume_listening()
        await asyncio.wait_for(connecting, 60)
        assert 31 in server.client_ids()
    finally:
        await broker.close()
        await server.stop()


async def test_a_first_connection_nothing_answers_still_fails_clearly() -> None:
    """With nothing there for the whole connect timeout, the error names the address."""
    import pytest

    from runner_plugins.ib.client import IBConnectionError
    from runner_plugins.ib.execution import IBBroker
    from runner_sims.ib.server import TwsServer

    server = TwsServer({}, speed=0.0)
    await server.start()
    await server.stop_listening()
    broker = IBBroker(
        IBBroker.Params(host="127.0.0.1", port=server.port, client_id=32, connect_timeout=0.3)
    )
    try:
        with pytest.raises(IBConnectionError, match="nothing accepts connections"):
            await broker.connect()
    finally:
        await broker.close()
        await server.stop()
