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
        cells = [_fmt(m.get(key), pat) for key, _, pat in columns]
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
    print_fitted(metrics_table(rows, title), console or Console())


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

    png = folder / "equity.png"
    plot_equity(png, [(b.bot, b.equity_curve) for b in result.bots])
    written.append(png)
    return written


def _json_safe(d: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in d.items():
        if isinstance(v, float) and (math.isinf(v) or math.isnan(v)):
            v = None
        out[k] = v
    return out


def plot_equity(path: Path, curves: Sequence[tuple[str, Sequence[tuple[int, float]]]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_bots, ax_total) = plt.subplots(
        2, 1, figsize=(11, 7), sharex=True, gridspec_kw={"height_ratios": [2, 1]}
    )
    totals: dict[int, float] = {}
    for name, curve in curves:
        if not curve:
            continue
        xs = [to_datetime(ts) for ts, _ in curve]
        base = curve[0][1]
        ax_bots.plot(xs, [eq - base for _, eq in curve], label=name, linewidth=1)
        for ts, _ in curve:
            totals[ts] = 0.0
    if curves:  # the portfolio line: each bot's PnL forward-filled onto every timestamp
        stamps = sorted(totals)
        last = {name: 0.0 for name, _ in curves}
        iters = {name: iter(curve) for name, curve in curves}
        heads = {name: next(iters[name], None) for name, _ in curves}
        bases = {name: (curve[0][1] if curve else 0.0) for name, curve in curves}
        pnl = []
        for ts in stamps:
            for name in heads:
                while (head := heads[name]) is not None and head[0] <= ts:
                    last[name] = head[1] - bases[name]
                    heads[name] = next(iters[name], None)
            pnl.append(sum(last.values()))
        if stamps:
            ax_total.plot([to_datetime(t) for t in stamps], pnl, color="black", linewidth=1.2)
    ax_bots.set_title("Equity by bot (PnL, $)")
    ax_bots.axhline(0, color="grey", linewidth=0.5)
    if any(c for _, c in curves):
        ax_bots.legend(fontsize=7, loc="upper left", ncol=2)
    ax_total.set_title("Portfolio PnL ($)")
    ax_total.axhline(0, color="grey", linewidth=0.5)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
