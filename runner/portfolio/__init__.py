"""Fills to positions, PnL, closed trades, equity curves and performance metrics."""

from runner.portfolio.book import PositionBook
from runner.portfolio.ledger import Portfolio
from runner.portfolio.metrics import Metrics, aggregate, combine_curves, compute_metrics
from runner.portfolio.position import Position
from runner.portfolio.trades import ClosedTrade

__all__ = [
    "ClosedTrade",
    "Metrics",
    "Portfolio",
    "Position",
    "PositionBook",
    "aggregate",
    "combine_curves",
    "compute_metrics",
]
