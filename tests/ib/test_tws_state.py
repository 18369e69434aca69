"""What the local TWS keeps across restarts: contract ids (always, as real ones are
permanent) and, with a state file, the account, its working orders, executions and id
counters; losing all of it stays available as an explicit fault."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from runner.api import OrderStatus, OrderType, Side
from runner_sims.ib.server import TwsServer
from runner_sims.ib.state import StateFileError
from tests.ib.conftest import sim_clock, synthetic_bars, wait_until
from tests.ib.test_ib_broker import make_broker, order


def _server(state: Path | None = None, port: int = 0) -> TwsServer:
    return TwsServer(
        {"MCL": synthetic_bars("MCL", 75.0)}, clock=sim_clock(), state=state, port=port
    )


async def test_a_contract_id_resolves_in_a_server_that_never_handed_it_out(
    ib_lib: ModuleType, client_id: int
):
    async with _server() as first:
        c = await ib_lib.IB().connectAsync("127.0.0.1", first.port, clientId=client_id, timeout=30)
        try:
            [fut] = await c.qualifyContractsAsync(
                ib_lib.Future(symbol="MCL", lastTradeDateOrContractMonth="202701", exchange="NYMEX")
            )
        finally:
            c.disconnect()
    async with _server() as second:  # a fresh process: nothing qualified there yet
        second.push_trade("MCL", 75.5, 2)
        c = await ib_lib.IB().connectAsync("127.0.0.1", second.port, clientId=client_id, timeout=30)
        errors: list[int] = []
        c.errorEvent += lambda req_id, code, *rest: errors.append(code)
        try:
            by_id = ib_lib.Contract(conId=fut.conId, exchange="NYMEX")
            ticker = c.reqMktData(by_id)
            second.push_trade("MCL", 75.6, 3)
            await wait_until(lambda: ticker.last == 75.6)
            [details] = await c.reqContractDetailsAsync(ib_lib.Contract(conId=fut.conId))
            assert details.contract.localSymbol == "MCLF7"
            assert 200 not in errors
        finally:
            c.disconnect()


async def test_after_a_restart_a_known_contract_id_is_subscribed_again_as_it_is(
    server: TwsServer, ib_lib: ModuleType, client_id: int
):
    c = await ib_lib.IB().connectAsync("127.0.0.1", server.port, clientId=client_id, timeout=30)
    [fut] = await c.qualifyContractsAsync(
        ib_lib.Future(symbol="MCL", lastTradeDateOrContractMonth="202612", exchange="NYMEX")
    )
    c.disconnect()
    await server.restart()
    c = await ib_lib.IB().connectAsync("127.0.0.1", server.port, clientId=client_id, timeout=30)
    errors: list[int] = []
    c.errorEvent += lambda req_id, code, *rest: errors.append(code)
    try:
        ticker = c.reqMktData(ib_lib.Contract(conId=fut.conId, exchange="NYMEX"))
        server.push_trade("MCL", 75.77, 1)
        await wait_until(lambda: ticker.last == 75.77)
        assert 200 not in errors
    finally:
        c.disconnect()


async def test_the_state_file_carries_the_account_into_a_new_server(
    ib_lib: ModuleType, tmp_path: Path, client_id: int
):
    path = tmp_path / "tws-state.json"
    first = _server(path)
    await first.start()
    broker, rec = await make_broker(first, client_id)
    try:
        broker.submit(order("s-1", "MCLZ6", Side.BUY, 2))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("s-1"))
        first.push_trade("MCLZ6", 75.10, 5)
        await wait_until(lambda: OrderStatus.FILLED in rec.statuses("s-1"))
        broker.submit(order("s-2", "MCLZ6", Side.SELL, 1, type=OrderType.LIMIT, limit_price=76.50))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("s-2"))
    finally:
        await broker.close()
        await first.stop()
    before = first.account()
    saved = json.loads(path.read_text())
    assert len(saved["orders"]) == 2 and len(saved["executions"]) == 1

    second = _server(path)  # another process reading the same file
    assert second.account() == before
    await second.start()
    c = await ib_lib.IB().connectAsync("127.0.0.1", second.port, clientId=client_id, timeout=30)
    try:
        [pos] = c.positions()
        assert (pos.contract.localSymbol, pos.position) == ("MCLZ6", 2.0)
        [working] = c.openTrades()
        assert working.order.orderRef == "s-2" and working.orderStatus.status == "Submitted"
        [fill] = await c.reqExecutionsAsync()
        assert fill.execution.orderRef == "s-1" and fill.execution.shares == 2
        # the working limit order is still at the book: a trade through it fills it
        second.push_trade("MCLZ6", 76.60, 5)
        await wait_until(lambda: working.orderStatus.status == "Filled")
        new_fill = [f for f in c.fills() if f.execution.orderRef == "s-2"]
        assert new_fill and new_fill[0].execution.execId != fill.execution.execId
        # ids go on from where they were: no perm id or order id is used twice
        perms = [o.perm_id for o in second.book.orders.values()]
        assert len(set(perms)) == len(perms)
        assert second.book.next_order_id(client_id) > max(o for _, o in second.book.orders)
    finally:
        c.disconnect()
        await second.stop()
    assert json.loads(path.read_text())["executions"][-1]["shares"] == 1


async def test_losing_everything_is_an_explicit_fault(server: TwsServer, client_id: int):
    broker, rec = await make_broker(server, client_id)
    try:
        broker.submit(order("l-1", "MCLZ6", Side.BUY, 1))
        await wait_until(lambda: OrderStatus.ACCEPTED in rec.statuses("l-1"))
        server.push_trade("MCLZ6", 75.10, 5)
        await wait_until(lambda: OrderStatus.FILLED in rec.statuses("l-1"))
        await server.restart()
        assert server.account().positions == {"MCLZ6": 1}  # a restart keeps the account
        await server.restart(lose_state=True)
        assert server.account().positions == {} and server.book.executions == []
        assert server.book.next_perm == 1_000_001
    finally:
        await broker.close()


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("{not json", "line 1"),
        ('{"format": 1, "counters": {"next_perm": "x"}}', "counters.next_perm"),
        (
            '{"format": 1, "counters": {"next_perm": 5, "next_exec": 1, "exec_prefix": "a"},'
            ' "accounts": [{"name": "DU1", "initial_cash": 1, "commissions": 0,'
            ' "positions": [{"listing": {"root": "NOPE"}}]}]}',
            "accounts[0].positions[0].listing.root",
        ),
    ],
)
def test_a_bad_state_file_is_named_with_its_field(tmp_path: Path, text: str, named: str):
    path = tmp_path / "state.json"
    path.write_text(text)
    with pytest.raises(StateFileError) as err:
        _server(path)
    assert str(path) in str(err.value) and named in str(err.value)
