"""The rolls of a backtest across contract months, as the command prints them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from runner.model import to_datetime

if TYPE_CHECKING:
    from runner.engine.rolling import RollDone


def print_rolls(rolls: Sequence[RollDone], console: Console) -> None:
    table = Table(title="Rolls")
    for name in ("bot", "at (UTC)", "from", "to", "positions", "qty", "old", "new", "cost $"):
        table.add_column(name)
    for r in rolls:
        table.add_row(
            r.bot,
            to_datetime(r.ts).strftime("%Y-%m-%d %H:%M"),
            r.old,
            r.new,
            r.positions,
            str(r.qty),
            f"{r.old_price:g}",
            f"{r.new_price:g}",
            f"{r.cost:.2f}",
        )
    console.print(table)
