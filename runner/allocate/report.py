"""An allocation as tables for the terminal (80 columns and up) and as JSON."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table
from rich.text import Text

from runner.allocate.plan import Allocation
from runner.allocate.returns import annual_volatility

TITLES = {
    "equal": "equal weight",
    "inverse_vol": "inverse volatility",
    "risk_parity": "risk parity",
    "max_sharpe": "maximum Sharpe",
}


def _pct(value: float) -> str:
    return "n/a" if not math.isfinite(value) else f"{value * 100:.1f}%"


def allocation_table(a: Allocation) -> Table:
    """Each bot's allocation old -> new, with what the method read of it."""
    vol = annual_volatility(a.returns.matrix)
    cap = f", cap {a.cap:g}" if a.method == "max_sharpe" else ""
    table = Table(title=f"Allocation: {TITLES[a.method]}{cap}", title_justify="left")
    for header in ("Bot", "Old", "New", "Vol/yr", "Return %"):
        table.add_column(header, justify="left" if header == "Bot" else "right")
    for bot in a.bots:
        table.add_row(
            Text(bot),
            f"{a.old[bot]:.4g}",
            f"{a.new[bot]:.4f}",
            _pct(float(vol[a.returns.bots.index(bot)])),
            f"{a.per_bot_before[bot].return_pct:.2f}",
        )
    return table


def correlation_table(a: Allocation) -> Table:
    """The correlation matrix, bots numbered so that the columns stay narrow."""
    corr = a.returns.correlation()
    table = Table(
        title=f"Correlation of daily returns ({a.returns.count} days)", title_justify="left"
    )
    table.add_column("Bot")
    for i in range(len(a.returns.bots)):
        table.add_column(str(i + 1), justify="right")
    for i, bot in enumerate(a.returns.bots):
        cells = ["-" if not math.isfinite(v) else f"{v:+.2f}" for v in corr[i]]
        table.add_row(Text(f"{i + 1} {bot}"), *cells)
    return table


def print_allocation(a: Allocation, console: Console, warn: Console) -> None:
    from runner.reporting import print_metrics
    from runner.tablefit import print_fitted

    for note in a.warnings:
        warn.print(Text.assemble(("warning: ", "yellow"), note), soft_wrap=True)
    print_fitted(allocation_table(a), console)
    for bot, origin in a.sweeps.items():
        console.print(Text(origin.line(bot)), soft_wrap=True)
    for note in a.notes:
        console.print(Text(f"note: {note}"), soft_wrap=True)
    rows = [("before", a.before.to_dict()), ("after", a.after.to_dict())]
    print_metrics(rows, console, title="Portfolio before and after")
    print_fitted(correlation_table(a), console)
    if any(not np.isfinite(v) for v in a.returns.correlation().ravel()):
        console.print("- : a bot whose daily returns never moved has no correlation")


def allocation_json(a: Allocation) -> dict[str, Any]:
    """Everything the tables show, JSON-safe (no NaN: null)."""
    vol = annual_volatility(a.returns.matrix)
    corr = a.returns.correlation()

    def num(v: float) -> float | None:
        return float(v) if math.isfinite(v) else None

    return {
        "method": a.method,
        "cap": a.cap if a.method == "max_sharpe" else None,
        "daily_returns": a.returns.count,
        "bots": [
            {
                "bot": bot,
                "file": str(a.files[bot]),
                "capital": a.capital[bot],
                "old": a.old[bot],
                "new": a.new[bot],
                "volatility": num(float(vol[a.returns.bots.index(bot)])),
                "before": a.per_bot_before[bot].to_dict(),
                "after": a.per_bot_after[bot].to_dict(),
                "sweep": a.sweeps[bot].to_dict() if bot in a.sweeps else None,
            }
            for bot in a.bots
        ],
        "portfolio": {"before": a.before.to_dict(), "after": a.after.to_dict()},
        "correlation": {
            bot: {other: num(float(corr[i, j])) for j, other in enumerate(a.returns.bots)}
            for i, bot in enumerate(a.returns.bots)
        },
        "notes": list(a.notes),
        "warnings": list(a.warnings),
    }
