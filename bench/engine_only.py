"""The gold bot's backtest with its bars already in memory: what the engine itself costs.

Builds the bot the way ``run_backtest`` does (paper broker, columnar equity curve,
whole-history indicators), then times the indicator precomputation, ``Engine.run`` over a
list of ``Bar`` objects and the metrics, and nothing else (no file reading, no Bar
building).
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner.config.project import load_project
from runner.engine.batch import install
from runner.engine.engine import Engine
from runner.engine.factory import build_bot, resolve_instruments, simulated_broker
from runner.plugins import registry
from runner.portfolio.metrics import compute_metrics

if TYPE_CHECKING:
    from runner.model import Bar

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class EngineRun:
    seconds: float
    run_seconds: float  # Engine.run alone
    trades: list[Any]
    bars: int


def gold_bot(bot_file: Path, base: Path) -> Any:
    project = load_project([bot_file, ROOT / "schedules"], base=base)
    if project.errors:
        raise SystemExit("\n".join(str(e) for e in project.errors))
    return project


def run_engine(
    project: Any,
    bars: list[Bar],
    arrays: dict[str, Any],
    on: date,
    *,
    batch: bool = True,
    profile: bool = False,
) -> EngineRun:
    """``bars`` and ``arrays`` (``end`` and the prices) hold the same history."""
    reg = registry()
    bot = project.bots[0]
    runner = build_bot(
        bot, simulated_broker(bot, reg), on=on, emit=lambda e: None, schedules=project.schedules
    )
    runner.portfolio.keep_columns()
    symbol = runner.ctx.primary.symbol
    if bars and bars[0].symbol != symbol:
        raise ValueError(f"bars of {bars[0].symbol}, the bot trades {symbol}")
    t0 = time.process_time()
    if batch:
        install([runner], {symbol}, lambda s: bars, lambda s: arrays)
    engine = Engine([runner])
    t1 = time.process_time()
    if profile:
        import cProfile
        import pstats

        pr = cProfile.Profile()
        pr.enable()
        engine.run(bars)
        pr.disable()
        pstats.Stats(pr).sort_stats("tottime").print_stats(25)
    else:
        gc.freeze()  # as run_backtest does: the objects made before the run stay
        try:
            engine.run(bars)
        finally:
            gc.unfreeze()
    t2 = time.process_time()
    pf = runner.portfolio
    compute_metrics(pf.trades, pf.equity_curve, runner.ctx.capital)
    t3 = time.process_time()
    return EngineRun(t3 - t0, t2 - t1, list(pf.trades), len(bars))


def symbol_of(project: Any, on: date) -> str:
    """The contract the bot trades when the run starts on ``on`` (bars must carry it)."""
    config = project.bots[0].config
    return resolve_instruments(config, on)[config.primary].symbol
