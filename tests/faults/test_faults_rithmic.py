"""A live bot on the local R|Protocol server (real TLS WebSockets) through its faults:
a gateway restart keeping the account, a drop right after an order reached the broker,
a drop of every plant, and kill -9 of ``runner start`` right after an order reached the
server, with a start again on the same log folder. After each, once things settle, the journal's positions and
working orders equal the server's account; at the end every execution the server made is
in the journal exactly once, no order reached it twice and every cut is in the JSON logs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.harness import Harness, RithmicVenue


@pytest.mark.slow
async def test_rithmic_faults_leave_the_runner_equal_to_the_broker(tmp_path: Path) -> None:
    async with Harness(RithmicVenue(), tmp_path / "rithmic", seed=11) as h:
        await h.trading(1, 120)
        await h.gateway_restart(down=0.5)
        await h.trading(1, 120)
        await h.drop_mid_fill(120)
        await h.trading(1, 120)
        h.drop()
        await h.trading(1, 120)
        assert await h.check(120), h.tally.mismatches
        await h.kill9_after_next_order(120)
        await h.trading(1, 120)
        assert await h.check(120), h.tally.mismatches
        code = await h.settle_stop()
    t = h.tally
    assert code == 0, h.run.output()[-3000:]
    assert sum(t.faults.values()) == 5  # kill -9 right after an order counts twice
    assert t.broker_fills >= 5 and t.journal_fills == t.broker_fills
    assert t.lost_fills == [] and t.duplicate_fills == []
    assert t.duplicate_orders == []
    assert t.unprotected == []
    assert t.unlogged_faults == [] and t.logged_disconnects >= 3
    # flat at the broker after the shutdown flatten, and the journal says the same
    assert h.venue.account().positions == {} and h.run.positions() == {}
    assert h.venue.account().working == []


async def test_a_first_login_during_a_gateway_restart_waits_for_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A runner started again after kill -9 may meet the gateway's own restart: its first
    login keeps trying (for the connect timeout) instead of failing the start."""
    import asyncio
    import logging

    from runner_plugins.rithmic.execution import RithmicBroker
    from tests.faults.harness import PASSWORD
    from tests.waiting import until

    caplog.set_level(logging.INFO, logger="runner_plugins.rithmic.client")
    venue = RithmicVenue()
    await venue.start(tmp_path)
    back = asyncio.Event()
    restart = asyncio.create_task(venue.srv.restart(back))
    broker = RithmicBroker(
        RithmicBroker.Params(
            uri=venue.srv.uri,
            ca_file=str(venue.srv.ca_file),
            user="trader",
            password=PASSWORD,
            system_name="Rithmic Test",
            reconnect_min=0.05,
            reconnect_max=0.2,
        )
    )
    broker.sink = lambda event: None
    connecting = asyncio.create_task(broker.connect())
    try:
        await until(
            lambda: connecting.done() or "trying again" in caplog.text, what="a refused try"
        )
        assert not connecting.done(), connecting.exception()
        back.set()
        await restart
        await asyncio.wait_for(connecting, 60)
        assert venue.srv.logged_in("order") == 1
    finally:
        back.set()
        await broker.close()
        await venue.stop()
