"""The simulated account across gateway restarts: kept in process by default, kept across
processes with a state file (``--state``), and lost only when the wipe fault asks for it."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rithmic_support import SIM_START, SYMBOL, gc_bars, sim_clock
from sim_wire import Wire, login

from runner_plugins.rithmic.protocol.templates import BY_NAME
from runner_sims.rithmic.server import RithmicServer
from runner_sims.rithmic.state import StateFileError

ACCT = {"account_id": "SIM-0001", "fcm_id": "RUNNERFCM", "ib_id": "RUNNERIB"}
RUNNER = Path(sys.executable).with_name("runner")


def msg(name: str, **fields: object) -> object:
    return BY_NAME[name](**fields)


def order(tag: str, price: float | None = None) -> object:
    kind = {"price_type": 1, "price": price} if price is not None else {"price_type": 2}
    return msg(
        "RequestNewOrder",
        symbol=SYMBOL,
        quantity=1,
        transaction_type=1,
        duration=1,
        user_tag=tag,
        **kind,
        **ACCT,
    )


async def trade(server: RithmicServer) -> tuple[str, str, str]:
    """A filled market buy and a resting limit buy; (filled basket, fill id, resting basket)."""
    wire = await login(server, "order")
    try:
        await wire.ask(msg("RequestSubscribeForOrderUpdates", **ACCT))
        filled = (await wire.ask(order("filled"))).rows[0].basket_id
        _, fill = await wire.until(lambda t, m: t == 352 and m.notify_type == 5)
        resting = (await wire.ask(order("resting", 10.0))).rows[0].basket_id
        await wire.until(lambda t, m: t == 351 and m.basket_id == resting and m.notify_type == 13)
        return filled, fill.fill_id, resting
    finally:
        await wire.close()


async def next_basket(server: RithmicServer, tag: str) -> str:
    wire = await login(server, "order")
    try:
        return (await wire.ask(order(tag, 10.0))).rows[0].basket_id
    finally:
        await wire.close()


async def restart_now(server: RithmicServer, **fault: bool) -> None:
    back = asyncio.Event()
    back.set()
    await server.restart(back, **fault)


async def test_a_restart_keeps_positions_working_orders_and_id_counters(
    server: RithmicServer,
) -> None:
    filled, fill_id, resting = await trade(server)
    await restart_now(server)
    assert server.positions[SYMBOL].net == 1
    assert [(o.user_tag, o.basket_id, o.done) for o in server.orders.values()] == [
        ("resting", resting, False)
    ]
    assert [f["fill_id"] for f in server.fills] == [fill_id]
    later = await next_basket(server, "after-restart")
    assert int(later) > max(int(filled), int(resting))  # never a number handed out before
    # the resting order still works at the exchange: a cancel reaches it
    wire = await login(server, "order")
    cancel = await wire.ask(msg("RequestCancelOrder", basket_id=resting, **ACCT))
    assert list(cancel.final.rp_code) == ["0"]
    await wire.close()


async def test_the_wipe_fault_loses_the_account_and_its_numbering(
    server: RithmicServer,
) -> None:
    await trade(server)
    await restart_now(server, wipe=True)
    account = server.account()
    assert (account.positions, account.working, account.executions) == ({}, [], [])
    assert server.desk.matcher.working() == []  # gone from the exchange as well
    assert await next_basket(server, "after-wipe") == "1000001"


async def test_the_reuse_ids_fault_keeps_the_account_but_numbers_from_the_start(
    server: RithmicServer,
) -> None:
    filled, _, resting = await trade(server)
    await restart_now(server, reuse_ids=True)
    assert server.positions[SYMBOL].net == 1 and resting in server.orders
    assert await next_basket(server, "reused") == filled  # the finished order's number


async def test_a_state_file_carries_the_account_into_a_new_process(tmp_path: Path) -> None:
    state = tmp_path / "account.json"

    def make() -> RithmicServer:
        return RithmicServer(
            {"GC": gc_bars()},
            clock=sim_clock(),
            cert_dir=tmp_path / "certs",
            trades_per_second=400,
            state_file=state,
        )

    first = await make().start()
    try:
        filled, fill_id, resting = await trade(first)
    finally:
        await first.stop()
    assert not list(tmp_path.glob(".*.tmp"))  # written whole, by a rename
    saved = json.loads(state.read_text())
    assert saved["next_basket"] == int(resting) + 1

    second = await make().start()
    try:
        assert second.positions[SYMBOL].net == 1
        assert [(o.user_tag, o.basket_id) for o in second.orders.values()] == [("resting", resting)]
        later = await next_basket(second, "second-process")
        assert int(later) == int(resting) + 1
        # executions replay as before, and the working order is live on the new engine
        wire = await login(second, "order")
        replay = await wire.ask(msg("RequestReplayExecutions", **ACCT))
        assert [(m.basket_id, m.fill_id) for t, m in replay.others if t == 352] == [
            (filled, fill_id)
        ]
        await wire.ask(msg("RequestSubscribeForOrderUpdates", **ACCT))
        cancel = await wire.ask(msg("RequestCancelOrder", basket_id=resting, **ACCT))
        assert list(cancel.final.rp_code) == ["0"]
        await wire.until(
            lambda t, m: t == 351 and m.basket_id == resting and m.completion_reason == "Cancel"
        )
        await wire.close()
    finally:
        await second.stop()
    assert json.loads(state.read_text())["next_basket"] == int(later) + 1


def test_a_broken_state_file_is_named_with_its_line_or_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "version": 1,\n  oops\n}\n')
    with pytest.raises(StateFileError, match=r"bad\.json:3: not JSON"):
        RithmicServer({"GC": gc_bars()}, clock=sim_clock(), state_file=bad)
    bad.write_text(json.dumps({"version": 1, "account_id": "SIM-0001"}))
    with pytest.raises(StateFileError, match=r"bad\.json: field history: Field required"):
        RithmicServer({"GC": gc_bars()}, clock=sim_clock(), state_file=bad)
    with pytest.raises(StateFileError, match="does not exist"):
        RithmicServer({"GC": gc_bars()}, clock=sim_clock(), state_file=tmp_path / "no" / "s.json")
    other = tmp_path / "other.json"
    keeper = RithmicServer({"GC": gc_bars()}, clock=sim_clock(), account_id="SIM-0002")
    keeper.state_file = other
    keeper.save_state()
    with pytest.raises(StateFileError, match="field account_id: 'SIM-0002'"):
        RithmicServer({"GC": gc_bars()}, clock=sim_clock(), state_file=other)


def test_the_command_reports_a_broken_state_file_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2,")
    done = subprocess.run(
        [
            str(RUNNER),
            "sim",
            "rithmic",
            "--symbols",
            "GC",
            "--start",
            SIM_START,
            "--state",
            str(bad),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"error: {bad}:1: not JSON: Expecting value"]


async def test_a_client_sees_no_answer_lost_to_a_restart_without_state(
    server: RithmicServer,
) -> None:
    """The session-level view of the same promise: after a restart a client reconnects and
    show orders lists the working order with the basket id it had before."""
    _, _, resting = await trade(server)
    await restart_now(server)
    wire: Wire = await login(server, "order")
    shown = await wire.ask(msg("RequestShowOrders", **ACCT))
    assert [m.basket_id for t, m in shown.others if t == 351] == [resting]
    await wire.close()
