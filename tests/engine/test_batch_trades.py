"""A backtest with whole-history indicators trades exactly as one that updates them bar by
bar, the way live and paper runs do: every shipped bot, every trade, every metric and
every point of the equity curve.

The golden trade lists (tests/bots/golden) come from the default backtest, which computes
indicators ahead; this is the check that the live path would have traded the same.
"""

from __future__ import annotations

from dataclasses import astuple
from datetime import date
from pathlib import Path

import pytest

from runner.config.project import load_project
from runner.engine.backtest import BacktestResult, run_backtest
from runner.engine.batch import BatchOutOfStep, install
from runner.engine.engine import Engine
from runner.engine.factory import build_bot, simulated_broker
from runner.plugins import registry
from runner_plugins.feeds.replay import load_bars
from tests.correctness.test_gold_reference import gold_without_bond_filter

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("shipped")
    loaded = load_project([ROOT / "strategies.d", ROOT / "schedules"], base=base)
    assert not loaded.errors, [str(e) for e in loaded.errors]
    assert len(loaded.bots) == len(list((ROOT / "strategies.d").glob("*.yaml")))
    return loaded


def _run(project, batch: bool) -> BacktestResult:
    return run_backtest(
        project.bots, registry(), schedules=project.schedules, batch_indicators=batch
    )


def test_every_shipped_bot_trades_the_same_with_incremental_indicators(project) -> None:
    ahead, incremental = _run(project, True), _run(project, False)
    assert ahead.bars == incremental.bars > 0
    assert [b.bot for b in ahead.bots] == [b.bot for b in incremental.bots]
    for a, b in zip(ahead.bots, incremental.bots, strict=True):
        assert a.trades, f"{a.bot} made no trade: nothing was compared"
        assert [astuple(t) for t in a.trades] == [astuple(t) for t in b.trades], a.bot
        assert a.metrics == b.metrics, a.bot
        assert a.open_positions == b.open_positions, a.bot
        assert list(a.equity_curve) == list(b.equity_curve), a.bot
    assert ahead.portfolio == incremental.portfolio


def test_bars_other_than_the_computed_ones_stop_the_run(tmp_path: Path) -> None:
    """The cursor checks each bar's end against the one its values were computed for."""
    loaded = load_project([gold_without_bond_filter(tmp_path), ROOT / "schedules"], base=tmp_path)
    assert not loaded.errors
    bot = loaded.bots[0]
    reg = registry()
    runner = build_bot(
        bot,
        simulated_broker(bot, reg),
        on=date(2013, 10, 7),
        emit=lambda event: None,
        schedules=loaded.schedules,
    )
    symbol = runner.ctx.primary.symbol
    bars = load_bars("GC", symbol=symbol)
    assert install([runner], {symbol}, lambda s: bars[1:]) == 3  # rsi, bb, atr
    with pytest.raises(BatchOutOfStep, match=f"{symbol}: a bar ending at {bars[0].end}"):
        Engine([runner]).run(bars)


def _gold(loaded):
    bot = loaded.bots[0]
    return build_bot(
        bot,
        simulated_broker(bot, registry()),
        on=date(2013, 10, 7),
        emit=lambda event: None,
        schedules=loaded.schedules,
    )


def test_a_bot_alone_runs_its_own_loop_with_the_same_decisions(tmp_path: Path) -> None:
    """``Engine.run`` of one bot on one instrument hands the loop to its intake
    (``run_alone``); ``process`` bar by bar takes the general path. Bars of a symbol the
    bot does not read only end slices; a second bar of its symbol in a slice settles the
    first without a decision."""
    loaded = load_project([gold_without_bond_filter(tmp_path), ROOT / "schedules"], base=tmp_path)
    assert not loaded.errors
    alone, general = _gold(loaded), _gold(loaded)
    symbol = alone.ctx.primary.symbol
    gc = load_bars("GC", symbol=symbol)
    zn = load_bars("ZN", symbol="ZNZ3")
    merged = sorted([*gc, *zn, *gc[100:200:7]], key=lambda b: b.end)
    engine = Engine([alone])
    assert engine._alone() is alone
    assert engine.run(merged) == len(merged)
    other = Engine([general])
    for bar in merged:
        other.process(bar)
    other.flush()
    assert alone.portfolio.trades, "no trade: nothing was compared"
    assert [astuple(t) for t in alone.portfolio.trades] == [
        astuple(t) for t in general.portfolio.trades
    ]
    assert list(alone.portfolio.equity_curve) == list(general.portfolio.equity_curve)
