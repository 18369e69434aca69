"""Every trial of a study as a table: for the terminal, Parquet and CSV."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from rich.table import Table

from runner.sweep.model import LoadedSweep

if TYPE_CHECKING:
    import optuna

SHOWN = ("trades", "total_pnl", "profit_factor", "max_drawdown_pct", "return_pct")


def _mean(rows: list[dict[str, Any]], key: str) -> float | None:
    vals = [r.get(key) for r in rows]
    nums = [float(v) for v in vals if isinstance(v, int | float) and not math.isinf(v)]
    return sum(nums) / len(nums) if nums else None


def trials_frame(study: optuna.Study, sweep: LoadedSweep) -> pd.DataFrame:
    """One row per trial: its state, objective in and out of sample, parameters and
    metrics (the mean over training windows in a walk-forward)."""
    wf = sweep.config.walk_forward is not None
    rows = []
    for t in study.get_trials(deepcopy=False):
        runs: list[dict[str, Any]] = t.user_attrs.get("runs", [])
        train = runs[: len(runs) // 2] if wf else runs
        row: dict[str, Any] = {
            "trial": t.number,
            "state": t.state.name.lower(),
            "objective": t.value,
        }
        if wf:
            row["out_of_sample"] = t.user_attrs.get("out_of_sample")
        for name in sweep.config.parameters:
            row[name] = t.params.get(name)
        for key in SHOWN:
            row[key] = _mean(train, key)
        row["reason"] = t.user_attrs.get("reason", "")
        rows.append(row)
    return pd.DataFrame(rows)


def write_frames(frame: pd.DataFrame, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    csv, parquet = folder / "trials.csv", folder / "trials.parquet"
    frame.to_csv(csv, index=False)
    # a choice parameter may mix types (1.5, 2): Parquet wants one type per column
    typed = frame.copy()
    for col in typed.columns:
        if typed[col].dtype == object and col not in ("state", "reason"):
            typed[col] = typed[col].map(lambda v: None if v is None else str(v))
    typed.to_parquet(parquet, index=False)
    return [csv, parquet]


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    return str(value)


def top_table(frame: pd.DataFrame, sweep: LoadedSweep, top: int) -> Table:
    metric = sweep.config.objective.metric
    done = frame[frame["state"] == "complete"].sort_values(
        ["objective", "trial"], ascending=[False, True]
    )
    table = Table(title=f"Sweep {sweep.name}: best {min(top, len(done))} of {len(frame)} trials")
    cols = ["trial", "objective"]
    if "out_of_sample" in frame.columns:
        cols.append("out_of_sample")
    cols += [*sweep.config.parameters, *SHOWN]
    for c in cols:
        label = f"{metric} (in)" if c == "objective" else c
        label = f"{metric} (out)" if c == "out_of_sample" else label
        table.add_column(label, justify="right" if c not in sweep.config.parameters else "left")
    for _, row in done.head(top).iterrows():
        table.add_row(*(_cell(row[c]) for c in cols))
    return table
