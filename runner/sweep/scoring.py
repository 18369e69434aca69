"""From a trial's metrics to the number Optuna maximises, or the reason it is pruned."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from runner.sweep.model import SweepFile


@dataclass(frozen=True, slots=True)
class Score:
    value: float | None
    """In-sample objective (the mean over training windows); None: pruned or failed."""
    reason: str = ""
    failed: bool = False
    out_of_sample: float | None = None
    """Mean objective over the test windows (walk-forward only)."""


def window_value(row: dict[str, Any], metric: str) -> float | None:
    value = row.get(metric)
    if value is None or not isinstance(value, int | float) or math.isnan(value):
        return None
    return float(value)


def _unscored(metric: str, value: Any) -> str:
    if value is None and metric == "sharpe":
        return "sharpe not reported (fewer than 20 daily returns)"
    if value is not None and math.isinf(value):
        return f"{metric} is infinite (no losing trade or no drawdown)"
    return f"{metric} not available"


def score(config: SweepFile, runs: list[dict[str, Any]], error: str | None) -> Score:
    """Training runs come first, then (walk-forward) as many test runs."""
    if error is not None:
        return Score(None, error, failed=True)
    metric = config.objective.metric
    n = len(runs) // 2 if config.walk_forward is not None else len(runs)
    train, test = runs[:n], runs[n:]
    values = []
    for i, row in enumerate(train):
        where = f" in window {i + 1}" if config.walk_forward is not None else ""
        if row["trades"] < config.objective.min_trades:
            return Score(
                None, f"{row['trades']} trades{where} < min_trades {config.objective.min_trades}"
            )
        for c in config.constraints:
            got = row.get(c.metric)
            if got is None:
                return Score(None, f"{c.metric}{where} not available for a constraint")
            if c.min is not None and got < c.min:
                return Score(None, f"{c.metric} {got:.4g}{where} < min {c.min:g}")
            if c.max is not None and got > c.max:
                return Score(None, f"{c.metric} {got:.4g}{where} > max {c.max:g}")
        v = window_value(row, metric)
        if v is None or math.isinf(v):
            return Score(None, _unscored(metric, row.get(metric)) + where)
        values.append(v)
    oos = [window_value(r, metric) for r in test]
    finite = [v for v in oos if v is not None and not math.isinf(v)]
    return Score(
        sum(values) / len(values),
        out_of_sample=sum(finite) / len(finite) if finite else None,
    )
