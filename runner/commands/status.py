"""``runner status``: every bot of a running runner, from any shell, through its web API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from runner.commands._output import Format, echo_json
from runner.commands.common import fail
from runner.commands.remote import INSECURE, URL, VAR_DIR, call, client


def status(
    url: str | None = URL,
    var: Path = VAR_DIR,
    insecure: bool = INSECURE,
    fmt: Format = typer.Option(Format.text, "--format", help="Output format."),
) -> None:
    """Show a running runner's bots: state, connection, position, orders, signal, PnL."""
    c = client(url, var, insecure)
    answer = call(c, "GET", "/api/snapshot")
    if answer.status != 200:
        fail(f"{c.url}: {answer.body.get('error', answer.status)}")
    snap = answer.body
    if fmt is Format.json:
        echo_json(snap)
        return
    print_status(snap, c.url)


def print_status(snap: dict[str, Any], url: str) -> None:
    console = Console(highlight=False)
    if not console.is_terminal and console.width < 150:
        console = Console(width=150, highlight=False)
    p = snap["portfolio"]
    stopping = f"  [yellow]{escape(snap['stopping'])}[/]" if snap.get("stopping") else ""
    console.print(
        f"[bold]runner[/] at {escape(url)}: equity {p['equity']:,.2f}  pnl {p['pnl']:+,.2f}  "
        f"today {p['pnl_today']:+,.2f}  drawdown {p['drawdown']:,.2f} "
        f"({p['drawdown_pct']:.2f}%){stopping}"
    )
    table = Table(title_justify="left")
    for column in ("bot", "state", "feed", "broker", "position", "orders", "signal", "pnl"):
        table.add_column(column, justify="right" if column in ("orders", "pnl") else "left")
    for st in snap["bots"]:
        pos = " ".join(f"{s}:{q:+d}" for s, q in st["position"].items() if q) or "flat"
        state = st["state"] + (" paused" if st.get("paused") else "")
        table.add_row(
            st["bot"],
            state,
            str(st.get("feed", "")),
            str(st.get("broker", "")),
            pos,
            str(len(st.get("orders", []))),
            st.get("last_signal") or "-",
            f"{st['pnl']:+,.2f}",
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("status")(status)
