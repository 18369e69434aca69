"""The bot pipeline end to end on hand-made bars: brackets, reversals, legs, risk limits."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

import pytest

from runner.api import BrokerCapabilities
from runner.config.project import load_project
from runner.engine.backtest import EventLog
from runner.engine.engine import Engine
from runner.engine.factory import build_bot
from runner.events import (
    Event,
    ExitLevelSkipped,
    Filled,
    Flatten,
    LateFill,
    LegFailed,
    Notice,
    OrderCancelled,
    OrderSent,
    RiskLimit,
    Signal,
)
from runner.model import (
    MINUTE_NS,
    Bar,
    Order,
    OrderStatus,
    OrderUpdate,
    from_datetime,
)
from runner.plugins import registry
from runner_plugins.paper.broker import PaperBroker

E = TypeVar("E", bound=Event)
DAY = date(2026, 1, 6)
T0 = from_datetime(datetime(2026, 1, 6, 15, 0, tzinfo=UTC))


def bot_file(tmp_path: Path, body: str, name: str = "t") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"schema_version: 1\nname: {name}\n{body}")
    return path


def build(tmp_path: Path, body: str, broker=None, capital: float = 100_000.0):
    project = load_project([bot_file(tmp_path, body)], base=tmp_path)
    assert not project.errors, [str(e) for e in project.errors]
    (loaded,) = project.bots
    log = EventLog()
    broker = broker or PaperBroker(PaperBroker.Params(slippage_ticks=0, commission_per_contract=0))
    runner = build_bot(loaded, broker, on=DAY, emit=log, capital=capital)
    return runner, Engine([runner]), log


def bars(symbol: str, closes: list[float], start: int = T0, spread: float = 0.5) -> list[Bar]:
    out = []
    prev = closes[0]
    for i, c in enumerate(closes):
        ts = start + i * MINUTE_NS
        o = prev
        out.append(
            Bar(symbol, ts, ts + MINUTE_NS, o, max(o, c) + spread, min(o, c) - spread, c, 100)
        )
        prev = c
    return out


GC = """
instruments:
  gc: {root: GC}
signals:
  - use: rule
    long: "close > 101"
    short: "close < 99"
"""


def kinds(log: EventLog, kind: type[E]) -> list[E]:
    return [e for e in log.events if isinstance(e, kind)]


def test_bracket_at_the_broker_target_fill_cancels_the_stop(tmp_path):
    runner, engine, log = build(
        tmp_path,
        GC
        + """
exits:
  - {use: stop_target, stop: {points: 2.0}, target: {points: 3.0}}
""",
    )
    sym = runner.ctx.primary.symbol
    engine.run(bars(sym, [100, 100, 101.5, 102, 103, 105, 106]))
    orders = kinds(log, OrderSent)
    assert [(o.reason, o.type) for o in orders[:3]] == [
        ("entry", "market"),
        ("stop", "stop"),
        ("target", "limit"),
    ]
    assert orders[1].stop == 99.5 and orders[2].limit == 104.5
    fills = kinds(log, Filled)
    assert [(f.role, f.price, f.position) for f in fills[:2]] == [
        ("entry", 101.5, 1),
        ("target", 104.5, 0),
    ]
    assert [e.client_id for e in kinds(log, OrderCancelled)][:1] == [orders[1].client_id]
    trade = runner.portfolio.trades[0]
    assert trade.gross_pnl == pytest.approx(300.0)


class NoBracketBroker(PaperBroker):
    """A broker with no server-side brackets: the engine manages stop and target."""

    capabilities = BrokerCapabilities()


def test_engine_managed_bracket_when_the_broker_has_none(tmp_path):
    broker = NoBracketBroker(NoBracketBroker.Params(slippage_ticks=0, commission_per_contract=0))
    runner, engine, log = build(
        tmp_path,
        GC
        + """
exits:
  - {use: stop_target, stop: {points: 2.0}, target: {points: 3.0}}
""",
        broker=broker,
    )
    sym = runner.ctx.primary.symbol
    engine.run(bars(sym, [100, 100, 101.5, 101.6, 100.2, 99.0, 98.0]))
    orders = kinds(log, OrderSent)
    # entry alone first; stop and target only after the entry filled
    assert [o.reason for o in orders[:3]] == ["entry", "stop", "target"]
    sequence = [
        (e.name, e.reason if isinstance(e, OrderSent) else e.role)
        for e in log.events
        if isinstance(e, OrderSent | Filled)
    ]
    assert sequence[:4] == [
        ("order", "entry"),
        ("fill", "entry"),
        ("order", "stop"),
        ("order", "target"),
    ]
    fills = kinds(log, Filled)
    assert [(f.role, f.position) for f in fills] == [("entry", 1), ("stop", 0)]
    assert fills[1].price == 99.5
    assert runner.ctx.primary.position == 0
    # the target was cancelled with the stop's fill
    assert not [r for r in runner.live.values() if r.role in ("stop", "target")]


def test_opposite_signal_reverses_in_one_bar(tmp_path):
    runner, engine, log = build(tmp_path, GC)
    sym = runner.ctx.primary.symbol
    engine.run(bars(sym, [100, 101.5, 101.5, 98.5, 98.0, 98.0]))
    fills = [(f.role, f.side, f.position) for f in kinds(log, Filled)]
    assert fills == [("entry", "BUY", 1), ("close", "SELL", 0), ("entry", "SELL", -1)]
    assert [s.direction for s in kinds(log, Signal)] == ["long", "short"]
    assert runner.ctx.primary.position == -1


def test_order_rate_limit_trips_and_is_logged(tmp_path):
    runner, engine, log = build(
        tmp_path,
        GC
        + """
risk: {max_position: 5, max_orders_per_minute: 2}
""",
    )
    sym = runner.ctx.primary.symbol
    closes = [100, 101.5, 98.5, 101.5, 98.5, 101.5]
    # all bars inside one minute of engine time: the third order is refused
    engine.run(
        [Bar(sym, T0 + i, T0 + i + 1, c, c + 1, c - 1, c, 100) for i, c in enumerate(closes)]
    )
    limits = kinds(log, RiskLimit)
    assert limits and limits[0].limit == "max_orders_per_minute"
    assert len([o for o in kinds(log, OrderSent) if o.reason == "entry"]) <= 2


def test_daily_loss_flattens_and_halts(tmp_path):
    runner, engine, log = build(
        tmp_path,
        GC
        + """
risk: {max_position: 1, max_daily_loss: 300}
""",
    )
    sym = runner.ctx.primary.symbol
    engine.run(bars(sym, [100, 101.5, 101.5, 100.0, 98.0, 101.5, 102, 103]))
    (limit,) = kinds(log, RiskLimit)
    assert limit.limit == "max_daily_loss"
    assert kinds(log, Flatten)[0].reason == "max_daily_loss"
    assert runner.risk.halted
    assert runner.ctx.primary.position == 0
    # no entry after the halt, although close > 101 again
    assert len([o for o in kinds(log, OrderSent) if o.reason == "entry"]) == 1


PAIR = """
instruments:
  mcl: {root: MCL}
  uso: {symbol: USO}
indicators:
  hedge: {use: hedge_ratio, instrument: mcl, x: uso, lookback: 5}
signals:
  - {use: zscore_pairs, hedge: hedge, y: mcl, x: uso, entry: 1.5, exit: 0.2}
risk: {max_position: 1000}
"""


class RejectingBroker(PaperBroker):
    """Rejects every order for one symbol, as a real broker may reject a leg."""

    def submit(self, order: Order) -> None:
        if order.symbol == "USO":
            self.sink(
                OrderUpdate(
                    order.client_id, OrderStatus.REJECTED, order.ts, reason="no shortable shares"
                )
            )
            return
        super().submit(order)


def pair_bars(runner) -> list[Bar]:
    mcl = runner.ctx.instruments["mcl"].symbol
    y = [100.0, 100.5, 101.0, 100.8, 101.2, 101.0, 101.4, 104.5, 104.0, 103.5, 103.0]
    x = [35.0, 35.2, 35.3, 35.25, 35.4, 35.35, 35.5, 35.55, 35.6, 35.6, 35.65]
    out = []
    for i in range(len(y)):
        ts = T0 + i * MINUTE_NS
        out.append(Bar(mcl, ts, ts + MINUTE_NS, y[i], y[i] + 0.05, y[i] - 0.05, y[i], 1000))
        out.append(Bar("USO", ts, ts + MINUTE_NS, x[i], x[i] + 0.01, x[i] - 0.01, x[i], 1000))
    return sorted(out, key=lambda b: (b.end, b.symbol))


def test_pair_legs_are_sent_together_with_hedged_size(tmp_path):
    runner, engine, log = build(tmp_path, PAIR)
    engine.run(pair_bars(runner))
    entries = [o for o in kinds(log, OrderSent) if o.reason == "entry"]
    assert len(entries) == 2
    assert {o.symbol for o in entries} == {runner.ctx.instruments["mcl"].symbol, "USO"}
    assert entries[0].ts == entries[1].ts
    mcl, uso = entries
    assert mcl.side != uso.side
    assert uso.qty > 100  # 1 MCL = 100 barrels against beta * 100 shares


def test_a_rejected_leg_unwinds_the_other(tmp_path):
    broker = RejectingBroker(RejectingBroker.Params(slippage_ticks=0, commission_per_contract=0))
    runner, engine, log = build(tmp_path, PAIR, broker=broker)
    engine.run(pair_bars(runner))
    failed = kinds(log, LegFailed)
    assert failed and all(f.symbol == "USO" and f.status == "rejected" for f in failed)
    assert all(i.position == 0 for i in runner.ctx.instruments.values())
    mcl_fills = [f for f in kinds(log, Filled) if f.symbol != "USO"]
    assert [f.position for f in mcl_fills] in ([], [1, 0], [-1, 0])


def test_a_raising_plugin_reaches_the_error_handler_and_spares_other_bots(tmp_path):
    good, _, good_log = build(tmp_path, GC)
    bad, _, _ = build(tmp_path, GC)

    def boom(ctx):
        raise RuntimeError("plugin bug")

    bad.pipeline.signals = [boom]
    seen = []
    engine = Engine([good, bad], on_error=lambda bot, exc: seen.append((bot.name, str(exc))))
    sym = good.ctx.primary.symbol
    engine.run(bars(sym, [100, 101.5, 101.5]))
    assert seen and all(s == ("t", "plugin bug") for s in seen)
    assert [f.role for f in kinds(good_log, Filled)] == ["entry"]


def test_the_registry_has_every_kind_the_bots_use():
    names = {(i.kind.value, i.name) for i in registry().all()}
    for kind, name in [
        ("indicator", "rsi"),
        ("signal", "rule"),
        ("exit", "stop_target"),
        ("sizer", "fixed"),
        ("feed", "replay"),
        ("broker", "paper"),
        ("filter", "session"),
    ]:
        assert (kind, name) in names


class TooLateToCancelBroker(RejectingBroker):
    """Rejects USO and cannot cancel anything: the MCL entry fills on its way out."""

    def cancel(self, client_id: str) -> None:
        return None


def test_an_entry_that_fills_after_the_unwind_is_closed_at_once(tmp_path):
    broker = TooLateToCancelBroker(
        TooLateToCancelBroker.Params(slippage_ticks=0, commission_per_contract=0)
    )
    runner, engine, log = build(tmp_path, PAIR, broker=broker)
    engine.run(pair_bars(runner))
    late = kinds(log, LateFill)
    assert late and late[0].symbol == runner.ctx.instruments["mcl"].symbol
    assert all(i.position == 0 for i in runner.ctx.instruments.values())
    closes = [o for o in kinds(log, OrderSent) if o.reason == "late_fill"]
    assert len(closes) == len(late)


def test_a_plugins_own_notices_reach_the_event_log(tmp_path):
    runner, _, log = build(tmp_path, GC)
    runner.ctx.log("exit_level_skipped", exit="stop_target", level="stop", reason="atr not warm")
    (event,) = kinds(log, ExitLevelSkipped)
    assert event.bot == "t" and event.reason == "atr not warm"
    # a name of its own, or fields its class lacks: kept as a notice, and the bot runs on
    runner.ctx.log("my_note", x=1)
    runner.ctx.log("exit_level_skipped", exit="stop_target", why="typo")
    first, second = kinds(log, Notice)
    assert (first.name, first.payload()) == ("my_note", {"x": 1})
    assert second.name == "exit_level_skipped" and second.bot == "t"
    assert second.payload()["why"] == "typo"
    assert second.problem.startswith("fields do not fit ExitLevelSkipped: ")
