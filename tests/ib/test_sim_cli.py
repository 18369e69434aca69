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
