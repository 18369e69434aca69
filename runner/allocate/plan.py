"""From bot files to a proposed allocation: backtest, weigh, backtest again.

Both backtests go through :func:`runner.engine.backtest.run_backtest`, the entry point of
``runner backtest``: "before" is the bots as their files stand, "after" is the same bots
with the proposed weights as their ``risk.allocation``. How a bot's trades depend on its
capital is the bot's own business (a fixed-contract sizer ignores it, a risk-per-trade
sizer scales with it), so the "after" figures are what the engine does with the new
allocations, not a weighted sum of the old returns.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from runner.allocate.methods import Proposal, propose
from runner.allocate.returns import DailyReturns, daily_returns
from runner.portfolio.metrics import MIN_DAILY_RETURNS, Metrics

if TYPE_CHECKING:
    from runner.config.botcheck import LoadedBot
    from runner.engine.backtest import BacktestResult


@dataclass(frozen=True)
class BacktestWindow:
    """What the command line says about the history to replay (None: the bots' own)."""

    data: Path | None = None
    start: date | None = None
    end: date | None = None
    catalog: Path | None = None


@dataclass
class Allocation:
    """A proposal and the evidence for it."""

    method: str
    cap: float
    bots: tuple[str, ...]
    files: dict[str, Path]
    old: dict[str, float]
    new: dict[str, float]
    capital: dict[str, float]  # each bot's ``capital`` (before allocation)
    returns: DailyReturns
    before: Metrics
    after: Metrics
    per_bot_before: dict[str, Metrics]
    per_bot_after: dict[str, Metrics]
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def with_allocation(bot: LoadedBot, allocation: float) -> LoadedBot:
    """The same loaded bot with another ``risk.allocation``."""
    risk = bot.config.risk.model_copy(update={"allocation": allocation})
    return dataclasses.replace(bot, config=bot.config.model_copy(update={"risk": risk}))


def rounded(weights: np.ndarray) -> list[float]:
    """Weights as written to a file: 4 decimals, none rounded down to 0."""
    return [max(round(float(w), 4), 0.0001) for w in weights]


def _backtest(
    bots: list[LoadedBot], registry: Any, window: BacktestWindow, schedules: dict[str, Any]
) -> BacktestResult:
    from runner.engine.backtest import run_backtest

    return run_backtest(
        bots,
        registry,
        data=window.data,
        start=window.start,
        end=window.end,
        schedules=schedules,
        catalog=window.catalog,
        keep_events=False,
    )


def allocate(
    bots: list[LoadedBot],
    registry: Any,
    method: str,
    *,
    cap: float = 1.0,
    window: BacktestWindow | None = None,
    schedules: dict[str, Any] | None = None,
) -> Allocation:
    """Backtest ``bots``, propose their allocation by ``method``, and backtest the proposal.

    Raises ``AllocationError`` (a ValueError) for input the method cannot use, and what
    ``run_backtest`` raises for data it cannot read.
    """
    window = window or BacktestWindow()
    schedules = schedules or {}
    names = tuple(b.name for b in bots)
    before = _backtest(bots, registry, window, schedules)
    curves = {b.bot: (b.equity_curve, b.capital) for b in before.bots}
    returns = daily_returns(curves)
    proposal: Proposal = propose(method, returns.matrix, returns.bots, cap)
    weights = dict(zip(returns.bots, rounded(proposal.weights), strict=True))
    after = _backtest(
        [with_allocation(b, weights[b.name]) for b in bots], registry, window, schedules
    )
    warnings = list(dict.fromkeys([*before.warnings, *after.warnings]))
    after_bots = {b.bot: b.metrics for b in after.bots}
    if returns.count < MIN_DAILY_RETURNS:
        warnings.insert(
            0,
            f"the weights rest on {returns.count} daily returns "
            f"(fewer than {MIN_DAILY_RETURNS}): too few to trust; backtest a longer period "
            "(--from/--to, or more data)",
        )
    fewer = [
        f"{b.bot} ({b.metrics.trades} -> {after_bots[b.bot].trades})"
        for b in before.bots
        if after_bots[b.bot].trades < b.metrics.trades
    ]
    if fewer:
        warnings.append(
            "with the new allocations some bots trade less (a sizer that sizes from "
            f"capital may size to 0 contracts on a smaller allocation): {', '.join(fewer)}"
        )
    capitals = {b.name: b.config.capital for b in bots}
    if len(set(capitals.values())) > 1:
        warnings.append(
            "the bots' capital settings differ, so equal allocations are not equal dollars: "
            "each bot trades capital x allocation"
        )
    return Allocation(
        method=method,
        cap=cap,
        bots=names,
        files={b.name: b.path for b in bots},
        old={b.name: b.config.risk.allocation for b in bots},
        new={n: weights[n] for n in names},
        capital=capitals,
        returns=returns,
        before=before.portfolio,
        after=after.portfolio,
        per_bot_before={b.bot: b.metrics for b in before.bots},
        per_bot_after=after_bots,
        notes=list(proposal.notes),
        warnings=warnings,
    )
