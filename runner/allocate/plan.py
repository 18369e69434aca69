"""From bot files to a proposed allocation: backtest, weigh, backtest again.

Both backtests go through :func:`runner.engine.backtest.run_backtest`, the entry point of
``runner backtest``: "before" is the bots as their files stand, "after" is the same bots
with the proposed weights as their ``risk.allocation``. A bot whose "before" run is
already known (a sweep's best trial, :mod:`.sweeps`) is given rather than backtested; its
run takes its place in the bots' order, so the figures are those of one backtest of all. How a bot's trades depend on its
capital is the bot's own business (a fixed-contract sizer ignores it, a risk-per-trade
sizer scales with it), so the "after" figures are what the engine does with the new
allocations, not a weighted sum of the old returns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from runner.allocate.methods import Proposal, propose
from runner.allocate.returns import DailyReturns, daily_returns
from runner.portfolio.metrics import MIN_DAILY_RETURNS, Metrics, aggregate

if TYPE_CHECKING:
    from runner.allocate.sweeps import SweepOrigin
    from runner.config.botcheck import LoadedBot
    from runner.engine.backtest import BacktestResult, BotResult


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
    sweeps: dict[str, SweepOrigin] = field(default_factory=dict)
    """The bots that are a sweep's best trial, and whether its run was read or re-run."""


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


def _order(bots: list[LoadedBot], registry: Any, window: BacktestWindow) -> list[str]:
    """The bots in the order one backtest of them all runs and sums them: grouped by feed,
    in the order the groups first appear (float sums depend on the order)."""
    from runner.engine.backtest import FeedOverrides, backtest_feeds

    overrides = FeedOverrides(window.data, window.start, window.end, catalog=window.catalog)
    return [b.config.name for g in backtest_feeds(bots, registry, overrides) for b in g.bots]


def _before(
    bots: list[LoadedBot],
    registry: Any,
    window: BacktestWindow,
    schedules: dict[str, Any],
    given: Mapping[str, BotResult],
) -> tuple[list[BotResult], Metrics, list[str]]:
    """Each bot's run as the bots stand, in the backtest's order; the portfolio; warnings."""
    run = [b for b in bots if b.name not in given]
    if not given:
        result = _backtest(run, registry, window, schedules)
        return result.bots, result.portfolio, result.warnings
    by_name = dict(given)
    warnings: list[str] = []
    if run:
        result = _backtest(run, registry, window, schedules)
        by_name.update({b.bot: b for b in result.bots})
        warnings = result.warnings
    ordered = [by_name[n] for n in _order(bots, registry, window)]
    portfolio = aggregate({b.bot: (b.trades, b.equity_curve, b.capital) for b in ordered})
    return ordered, portfolio, warnings


def allocate(
    bots: list[LoadedBot],
    registry: Any,
    method: str,
    *,
    cap: float = 1.0,
    window: BacktestWindow | None = None,
    schedules: dict[str, Any] | None = None,
    given: Mapping[str, BotResult] | None = None,
    sweeps: Mapping[str, SweepOrigin] | None = None,
) -> Allocation:
    """Backtest ``bots``, propose their allocation by ``method``, and backtest the proposal.

    ``given``: bots whose run as they stand is known, by name; they are not backtested
    before, only after (with the proposed allocation).

    Raises ``AllocationError`` (a ValueError) for input the method cannot use, and what
    ``run_backtest`` raises for data it cannot read.
    """
    window = window or BacktestWindow()
    schedules = schedules or {}
    names = tuple(b.name for b in bots)
    before_bots, before_portfolio, before_warnings = _before(
        bots, registry, window, schedules, given or {}
    )
    curves = {b.bot: (b.equity_curve, b.capital) for b in before_bots}
    returns = daily_returns(curves)
    proposal: Proposal = propose(method, returns.matrix, returns.bots, cap)
    weights = dict(zip(returns.bots, rounded(proposal.weights), strict=True))
    after = _backtest(
        [with_allocation(b, weights[b.name]) for b in bots], registry, window, schedules
    )
    warnings = list(dict.fromkeys([*before_warnings, *after.warnings]))
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
        for b in before_bots
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
        before=before_portfolio,
        after=after.portfolio,
        per_bot_before={b.bot: b.metrics for b in before_bots},
        per_bot_after=after_bots,
        notes=list(proposal.notes),
        warnings=warnings,
        sweeps=dict(sweeps or {}),
    )
