"""Metrics tables for the terminal and report folders (trades CSV, equity PNG, metrics.json)."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from runner.model import to_datetime

COLUMNS = (
    ("trades", "Trades", "{:d}"),
    ("total_pnl", "PnL $", "{:,.2f}"),
    ("win_rate", "Win %", "{:.1%}"),
    ("profit_factor", "PF", "{:.2f}"),
    ("max_drawdown", "Max DD $", "{:,.2f}"),
    ("sharpe", "Sharpe", "{:.2f}"),
    ("expectancy", "Expect. $", "{:,.2f}"),
    ("avg_win", "Avg win $", "{:,.2f}"),
    ("avg_loss", "Avg loss $", "{:,.2f}"),
)


SUPERVISION = (("restarts", "Restarts", "{:d}"), ("down_s", "Down", "duration"))
"""Columns shown only when some bot of a run was down (restarted after a crash, or left
down): how often it came back and how long it was out, in market time for a replay."""


def duration(seconds: float) -> str:
    """``3d 04h``, ``2h 05m``, ``7m 30s``, ``45s``: a span at a glance."""
    s = int(round(seconds))
    days, rest = divmod(s, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours:02d}h"
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"


def _fmt(value: Any, pattern: str) -> str:
    if pattern == "duration" and isinstance(value, int | float):
        return duration(value) if value else "-"
    if value is None:
        return "-"
    if isinstance(value, float) and math.isinf(value):
        return "inf"
    if isinstance(value, float) and math.isnan(value):
        return "-"
    try:
        return pattern.format(value)
    except (ValueError, TypeError):
        return str(value)


def metrics_table(rows: Sequence[tuple[str, dict[str, Any]]], title: str = "Backtest") -> Table:
    table = Table(title=title, header_style="bold", show_lines=False)
    table.add_column("Bot", style="cyan", no_wrap=True)
    columns: tuple[tuple[str, str, str], ...] = COLUMNS
    if any(m.get("down_s") for _, m in rows):
        columns = COLUMNS + SUPERVISION
    for _, label, _ in columns:
        table.add_column(label, justify="right")
    for i, (name, m) in enumerate(rows):
        last = i == len(rows) - 1 and name == "PORTFOLIO"
        na = m.get("not_reported") or {}
        cells = ["n/a" if key in na else _fmt(m.get(key), pat) for key, _, pat in columns]
        pnl = m.get("total_pnl") or 0.0
        cells[1] = f"[{'green' if pnl >= 0 else 'red'}]{cells[1]}[/]"
        table.add_row(f"[bold]{name}[/]" if last else name, *cells, end_section=last)
    return table


def print_metrics(
    rows: Sequence[tuple[str, dict[str, Any]]],
    console: Console | None = None,
    title: str = "Backtest",
) -> None:
    from runner.tablefit import print_fitted

    # folded to the terminal's width, never truncated; logs and pipes get a wide table
    console = console or Console()
    print_fitted(metrics_table(rows, title), console)
    for line in not_reported_notes(rows):
        console.print(line, markup=False, highlight=False)


def not_reported_notes(rows: Sequence[tuple[str, dict[str, Any]]]) -> list[str]:
    """Why a table shows ``n/a``: one line per figure and reason, naming its rows."""
    reasons: dict[tuple[str, str], list[str]] = {}
    for name, m in rows:
        for key, why in (m.get("not_reported") or {}).items():
            reasons.setdefault((key, why), []).append(name)
    out = []
    for (key, why), names in reasons.items():
        label = next((lab for k, lab, _ in COLUMNS if k == key), key)
        who = "every row" if len(names) == len(rows) else ", ".join(names)
        out.append(f"{label} n/a: {why} ({who})")
    return out


TRADE_FIELDS = (
    "bot",
    "symbol",
    "side",
    "qty",
    "entry_time",
    "entry_price",
    "exit_time",
    "exit_price",
    "pnl",
    "commission",
    "reason",
)


def _trade_row(t: Any) -> dict[str, Any]:
    d = t.to_dict() if hasattr(t, "to_dict") else dict(vars(t))
    row = {k: d.get(k, "") for k in TRADE_FIELDS}
    for name, key in (("entry_time", "entry_ts"), ("exit_time", "exit_ts")):
        ts = d.get(key)
        if isinstance(ts, int):
            row[name] = to_datetime(ts).isoformat()
    side = d.get("side")
    row["side"] = getattr(side, "name", side)
    row["reason"] = d.get("reason", d.get("exit_reason", ""))
    return row


def write_report(folder: Path, result: Any) -> list[Path]:
    """The report folder of a backtest: trades.csv, equity.png and metrics.json."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    trades_path = folder / "trades.csv"
    with trades_path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=TRADE_FIELDS)
        writer.writeheader()
        for bot in result.bots:
            for t in bot.trades:
                writer.writerow(_trade_row(t))
    written.append(trades_path)

    metrics = {
        "bots": [{"bot": b.bot, **_json_safe(b.metrics.to_dict())} for b in result.bots],
        "portfolio": {"bot": "PORTFOLIO", **_json_safe(result.portfolio.to_dict())},
    }
    metrics_path = folder / "metrics.json"
    metrics_path.write_text(json.dumps(metrics, indent=2) + "\n")
    written.append(metrics_path)

    spreads_path = write_spreads(folder, result)
    if spreads_path is not None:
        written.append(spreads_path)

    from runner.plot.equity import plot_equity

    png = folder / "equity.png"
    plot_equity(
        png,
        [(b.bot, b.equity_curve) for b in result.bots],
        {b.bot: b.trades for b in result.bots},
    )
    written.append(png)
    return written


SPREAD_FIELDS = ("row", *TRADE_FIELDS)


def write_spreads(folder: Path, result: Any) -> Path | None:
    """spreads.csv: each multi-leg trade as the metrics count it, its legs beneath.

    Written only when some bot held legs together (a pair bot); trades.csv keeps one row
    per leg either way.
    """
    from runner.portfolio.trades import group_spreads

    grouped = [(b.bot, group_spreads(b.trades)) for b in result.bots]
    if not any(len(s.legs) > 1 for _, spreads in grouped for s in spreads):
        return None
    path = folder / "spreads.csv"
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=SPREAD_FIELDS)
        writer.writeheader()
        for _, spreads in grouped:
            for spread in spreads:
                if len(spread.legs) < 2:
                    continue
                d = spread.to_dict()
                row = {k: d.get(k, "") for k in TRADE_FIELDS}
                row.update(row="spread", qty=d["legs"], reason=d["exit_reason"])
                writer.writerow(row)
                for leg in spread.legs:
                    writer.writerow({"row": "leg", **_trade_row(leg)})
    return path


def _json_safe(d: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in d.items():
        if isinstance(v, float) and (math.isinf(v) or math.isnan(v)):
            v = None
        out[k] = v
    return out
