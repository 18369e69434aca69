"""The MCL/USO pairs bot trading both legs on Interactive Brokers (real ib_async, local TWS).

The bot is the shipped strategy's shape (hedge ratio and spread z-score), built from YAML
by the same factory as every bot; its broker is the ``ib`` plugin connected to the local
TWS-API server. Bars are handed to the engine directly so the signal comes on a known bar;
the orders, fills, rejects and partial fills all travel the real socket protocol.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from runner.config.project import load_project
from runner.engine.backtest import EventLog
from runner.engine.engine import Engine
from runner.engine.factory import build_bot
from runner.model import MINUTE_NS, Bar
from runner_plugins.ib.execution import IBBroker
from runner_sims.ib.server import TwsServer
from tests.ib.conftest import wait_until

PAIR = """schema_version: 1
name: mcl_uso_ib
mode: live
instruments:
  mcl: {symbol: MCLZ3}
  uso: {symbol: USO}
indicators:
  hedge: {use: hedge_ratio, instrument: mcl, x: uso, lookback: 5}
signals:
  - {use: zscore_pairs, hedge: hedge, y: mcl, x: uso, entry: 1.4, exit: 0.2}
exits:
  - {use: time_exit, bars: 1000}
risk: {max_position: 1000, max_daily_loss: 1000000}
"""

T0 = 1_381_150_800 * 10**9  # 2013-10-07 13:00 UTC
Y = [100.0, 100.5, 101.0, 100.8, 101.2, 101.0, 101.4, 104.5]  # MCL jumps on the last bar
X = [35.0, 35.2, 35.3, 35.25, 35.4, 35.35, 35.5, 35.55]
Y_BACK = [104.0]  # the spread comes back: |z| < exit
X_BACK = [35.6]


def slices(ys: list[float], xs: list[float], start: int) -> list[list[Bar]]:
    out = []
    for i, (y, x) in enumerate(zip(ys, xs, strict=True)):
        ts = T0 + (start + i) * MINUTE_NS
        out.append(
            [
                Bar("MCLZ3", ts, ts + MINUTE_NS, y, y + 0.05, y - 0.05, y, 1000),
                Bar("USO", ts, ts + MINUTE_NS, x, x + 0.01, x - 0.01, x, 1000),
            ]
        )
    return out


async def make_bot(tmp_path: Path, server: TwsServer, client_id: int):
    (tmp_path / "pair.yaml").write_text(PAIR)
    project = load_project([tmp_path / "pair.yaml"], base=tmp_path)
    assert not project.errors, [str(e) for e in project.errors]
    broker = IBBroker(
        IBBroker.Params(
            host="127.0.0.1",
            port=server.port,
            client_id=client_id,
            connect_timeout=30,
            reconnect_initial=0.05,
            reconnect_max=0.2,
        )
    )
    await broker.connect()
    log = EventLog()
    runner = build_bot(project.bots[0], broker, on=date(2013, 10, 7), emit=log)
    return runner, Engine([runner]), log, broker


def feed(engine: Engine, bars: list[list[Bar]]) -> None:
    for group in bars:
        for bar in group:
            engine.process(bar)
        engine.flush()


async def trade_until_flat(server: TwsServer, runner, timeout: float = 60.0) -> None:
    """Print trades until every order is done and the bot is flat (a few rounds, unless the
    machine is slow: the bound is generous and the pause is only a pace, not a wait)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if not runner.live and all(i.position == 0 for i in runner.ctx.instruments.values()):
            return
        server.push_trade("MCLZ3", 104.50, 10)
        server.push_trade("USO", 35.55, 5000)
        await asyncio.sleep(0.1)
    held = [(i.symbol, i.position) for i in runner.ctx.instruments.values()]
    raise AssertionError(f"not flat within {timeout:g} s: {held}, working {list(runner.live)}")


def accepted(runner, n: int) -> bool:
    """``n`` orders working and acknowledged by the server (trades pushed earlier miss them)."""
    live = list(runner.live.values())
    return len(live) == n and all(r.status.value == "accepted" for r in live)


def events(log: EventLog, kind: str) -> list[dict]:
    return [{"event": e.name, **e.payload()} for e in log.events if e.name == kind]


async def server_positions(broker: IBBroker) -> dict[str, int]:
    return {s: int(q) for s, q in (await broker.snapshot()).positions.items() if q}


async def test_pair_enters_both_legs_together_and_exits_flat(tmp_path, server, client_id):
    runner, engine, log, broker = await make_bot(tmp_path, server, client_id)
    try:
        feed(engine, slices(Y, X, 0))
        entries = [o for o in events(log, "order") if o["reason"] == "entry"]
        assert {o["symbol"] for o in entries} == {"MCLZ3", "USO"}
        assert entries[0]["side"] != entries[1]["side"]
        uso_qty = next(o["qty"] for o in entries if o["symbol"] == "USO")
        await wait_until(lambda: accepted(runner, 2))
        server.push_trade("MCLZ3", 104.50, 10)
        server.push_trade("USO", 35.55, 5000)
        await wait_until(
            lambda: (
                runner.ctx.instruments["uso"].position != 0
                and runner.ctx.instruments["mcl"].position != 0
            )
        )
        mine = {i.symbol: i.position for i in runner.ctx.instruments.values()}
        assert mine == {"MCLZ3": -1, "USO": uso_qty}  # short the rich MCL, long USO
        assert await server_positions(broker) == mine
        feed(engine, slices(Y_BACK, X_BACK, len(Y)))
        closes = [o for o in events(log, "order") if o["reason"] != "entry"]
        assert {o["symbol"] for o in closes} == {"MCLZ3", "USO"}
        await wait_until(lambda: accepted(runner, 2))
        server.push_trade("MCLZ3", 104.00, 10)
        server.push_trade("USO", 35.60, 5000)
        await wait_until(lambda: all(i.position == 0 for i in runner.ctx.instruments.values()))
        assert await server_positions(broker) == {}
        assert len(runner.portfolio.trades) == 2
    finally:
        await broker.close()


async def test_a_rejected_leg_unwinds_the_filled_one(tmp_path, server, client_id):
    runner, engine, log, broker = await make_bot(tmp_path, server, client_id)
    try:
        server.reject_next("USO", "no shares to locate")
        feed(engine, slices(Y, X, 0))
        await wait_until(lambda: events(log, "leg_failed"))
        (failed,) = events(log, "leg_failed")
        assert failed["symbol"] == "USO" and failed["action"] == "unwind"
        assert "no shares to locate" in failed["reason"]
        # the MCL entry may fill before its cancel arrives: the bot then closes it at once
        await trade_until_flat(server, runner)
        assert await server_positions(broker) == {}
    finally:
        await broker.close()


async def test_a_partly_filled_leg_reduces_the_other(tmp_path, server, client_id):
    runner, engine, log, broker = await make_bot(tmp_path, server, client_id)
    try:
        feed(engine, slices(Y, X, 0))
        uso_qty = next(o["qty"] for o in events(log, "order") if o["symbol"] == "USO")
        part = uso_qty * 3 // 4
        server.partial_next("USO", part)
        await wait_until(lambda: accepted(runner, 2))
        server.push_trade("MCLZ3", 104.50, 10)
        server.push_trade("USO", 35.55, 5000)
        await wait_until(lambda: runner.ctx.instruments["uso"].position == part)
        # a bar later the rest of the USO leg is taken off and MCL cut to the same share:
        # round(1 lot * 3/4) = 1 lot, so MCL stays and the position is the smaller hedge
        feed(engine, slices([104.4], [35.56], len(Y)))
        await wait_until(lambda: events(log, "leg_failed"))
        (failed,) = events(log, "leg_failed")
        assert failed["action"] == "reduce" and failed["filled"] == part
        await wait_until(lambda: not runner.live, timeout=30)
        mine = {i.symbol: i.position for i in runner.ctx.instruments.values() if i.position}
        assert mine == {"MCLZ3": -1, "USO": part}
        assert await server_positions(broker) == mine
    finally:
        await broker.close()


async def test_a_leg_too_small_to_keep_a_hedge_unwinds_both(tmp_path, server, client_id):
    runner, engine, log, broker = await make_bot(tmp_path, server, client_id)
    try:
        feed(engine, slices(Y, X, 0))
        uso_qty = next(o["qty"] for o in events(log, "order") if o["symbol"] == "USO")
        server.partial_next("USO", uso_qty // 4)  # 1 MCL * 1/4 rounds to no MCL at all
        await wait_until(lambda: accepted(runner, 2))
        server.push_trade("MCLZ3", 104.50, 10)
        server.push_trade("USO", 35.55, 5000)
        await wait_until(lambda: runner.ctx.instruments["uso"].position == uso_qty // 4)
        feed(engine, slices([104.4], [35.56], len(Y)))
        await wait_until(lambda: events(log, "leg_failed"))
        assert events(log, "leg_failed")[0]["action"] == "unwind"
        await wait_until(lambda: accepted(runner, 2))
        server.push_trade("MCLZ3", 104.40, 10)
        server.push_trade("USO", 35.56, 5000)
        await wait_until(lambda: all(i.position == 0 for i in runner.ctx.instruments.values()))
        assert await server_positions(broker) == {}
    finally:
        await broker.close()
