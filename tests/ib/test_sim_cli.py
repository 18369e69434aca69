"""``runner sim ib`` prints HOST:PORT first and serves the real client there."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from tests.ib.conftest import SIM_START, wait_until


async def test_sim_ib_prints_host_port_first_and_serves(tmp_path, ib_lib):
    runner = Path(sys.executable).with_name("runner")
    proc = await asyncio.create_subprocess_exec(
        str(runner),
        "sim",
        "ib",
        "--start",
        SIM_START,
        "--port",
        "0",
        "--speed",
        "0",
        "--symbols",
        "GC",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=tmp_path,
    )
    try:
        first = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode().strip()
        host, _, port = first.rpartition(":")
        assert host == "127.0.0.1" and port.isdigit()
        c = await ib_lib.IB().connectAsync(host, int(port), clientId=3, timeout=30)
        try:
            [gc] = await c.qualifyContractsAsync(
                ib_lib.Future(symbol="GC", exchange="COMEX", lastTradeDateOrContractMonth="202612")
            )
            assert gc.localSymbol == "GCZ6"
        finally:
            c.disconnect()
    finally:
        proc.terminate()
        await proc.wait()
    assert proc.returncode is not None


async def test_sim_ib_fault_flags(tmp_path, ib_lib):
    runner = Path(sys.executable).with_name("runner")
    proc = await asyncio.create_subprocess_exec(
        str(runner),
        "sim",
        "ib",
        "--start",
        SIM_START,
        "--speed",
        "0",
        "--symbols",
        "MCL",
        "--reject-orders",
        "1",
        "--link-flap-every",
        "0.5",
        "--flap-loses-data",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=tmp_path,
    )
    try:
        host, _, port = (
            (await asyncio.wait_for(proc.stdout.readline(), 30)).decode().strip().rpartition(":")
        )
        c = await ib_lib.IB().connectAsync(host, int(port), clientId=4, timeout=30)
        codes: list[int] = []
        c.errorEvent += lambda req_id, code, text, contract: codes.append(code)
        try:
            [fut] = await c.qualifyContractsAsync(
                ib_lib.Future(symbol="MCL", exchange="NYMEX", lastTradeDateOrContractMonth="202612")
            )
            trade = c.placeOrder(fut, ib_lib.MarketOrder("BUY", 1))
            await wait_until(
                lambda: 1101 in codes and trade.orderStatus.status == "Cancelled",
                timeout=60,
                what="a link flap that lost data (1101) and the order rejected",
            )
            assert trade.log[-1].errorCode == 201
            assert codes.index(1100) < codes.index(1101)
        finally:
            c.disconnect()
    finally:
        proc.terminate()
        await proc.wait()


async def _sim(tmp_path: Path, *args: str) -> tuple[asyncio.subprocess.Process, str, int]:
    runner = Path(sys.executable).with_name("runner")
    proc = await asyncio.create_subprocess_exec(
        str(runner),
        "sim",
        "ib",
        "--start",
        SIM_START,
        "--speed",
        "0",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=tmp_path,
    )
    assert proc.stdout is not None
    first = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode().strip()
    if not first:
        assert proc.stderr is not None
        raise AssertionError((await proc.stderr.read()).decode())
    host, _, port = first.rpartition(":")
    return proc, host, int(port)


async def test_sim_ib_state_survives_a_restart_of_the_process(tmp_path, ib_lib):
    state = tmp_path / "tws.json"
    proc, host, port = await _sim(tmp_path, "--symbols", "MCL", "--state", str(state))
    try:
        c = await ib_lib.IB().connectAsync(host, port, clientId=5, timeout=30)
        try:
            [fut] = await c.qualifyContractsAsync(
                ib_lib.Future(symbol="MCL", exchange="NYMEX", lastTradeDateOrContractMonth="202612")
            )
            trade = c.placeOrder(fut, ib_lib.LimitOrder("BUY", 1, 1.00, orderRef="keep-me"))
            await wait_until(lambda: trade.orderStatus.status == "Submitted")
            await wait_until(lambda: state.exists() and "keep-me" in state.read_text())
        finally:
            c.disconnect()
    finally:
        proc.terminate()
        await proc.wait()
    proc, host, port = await _sim(tmp_path, "--symbols", "MCL", "--state", str(state))
    try:
        c = await ib_lib.IB().connectAsync(host, port, clientId=5, timeout=30)
        try:
            [working] = c.openTrades()  # read back at connect: the order outlived the process
            assert (
                working.order.orderRef == "keep-me" and working.order.permId == trade.order.permId
            )
            assert working.contract.conId == fut.conId
        finally:
            c.disconnect()
    finally:
        proc.terminate()
        await proc.wait()


async def test_sim_ib_names_a_bad_state_file(tmp_path):
    state = tmp_path / "tws.json"
    state.write_text('{"format": 1, "counters": []}')
    runner = Path(sys.executable).with_name("runner")
    proc = await asyncio.create_subprocess_exec(
        str(runner),
        "sim",
        "ib",
        "--state",
        str(state),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=tmp_path,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 2 and out == b""
    text = err.decode()
    assert str(state) in text and "field counters" in text and "Traceback" not in text
