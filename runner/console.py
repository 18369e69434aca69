"""Colored console lines for what a trader watches: signals, orders, fills, positions.

One color per symbol, so interleaved bots stay readable. When stdout is not a terminal
(systemd, CI, a pipe) rich drops the colors and the same lines come out plain.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.text import Text

from runner.model import to_datetime

PALETTE = (
    "bright_cyan",
    "bright_magenta",
    "bright_yellow",
    "bright_green",
    "bright_blue",
    "orange3",
    "orchid",
    "turquoise2",
    "gold1",
    "spring_green2",
    "deep_sky_blue1",
    "salmon1",
)

SHOWN = {
    "signal",
    "order",
    "fill",
    "exit",
    "flatten",
    "risk_limit",
    "leg_failed",
    "order_rejected",
    "entry_skipped",
    "bot_error",
    "bot_restarted",
    "bot_down",
    "reconcile",
    "window_open",
    "window_close",
    "stale_feed",
    "disconnected",
    "reconnected",
}


class EventPrinter:
    """An event sink that prints the events a trader cares about, one line each."""

    def __init__(self, console: Console | None = None, tz: str = "America/New_York") -> None:
        self.console = console or Console(highlight=False)
        self.tz = ZoneInfo(tz)
        self._colors: dict[str, str] = {}

    def color(self, symbol: str) -> str:
        c = self._colors.get(symbol)
        if c is None:
            c = self._colors[symbol] = PALETTE[len(self._colors) % len(PALETTE)]
        return c

    def __call__(self, kind: str, bot: str, ts: int, **f: Any) -> None:
        if kind not in SHOWN:
            # a cancel we asked for (flatten, shutdown, exit) is shown; one-cancels-other
            # housekeeping after every bracket exit is in orders.jsonl only
            if kind != "order_cancelled" or str(f.get("reason", "")).startswith("oco"):
                return
        self.console.print(self.line(kind, bot, ts, f), soft_wrap=True)

    def line(self, kind: str, bot: str, ts: int, f: dict[str, Any]) -> Text:
        when = to_datetime(ts).astimezone(self.tz).strftime("%m-%d %H:%M:%S") if ts else "-"
        symbol = str(f.get("symbol", ""))
        style = self.color(symbol) if symbol else "white"
        text = Text.assemble((f"{when} ", "dim"), (f"{bot:<22} ", "bold"), (f"{symbol:<7} ", style))
        text.append(f"{kind.upper():<12} ", style="bold " + _kind_style(kind, f))
        text.append(_describe(kind, f), style=style)
        return text


def _kind_style(kind: str, f: dict[str, Any]) -> str:
    if kind in ("risk_limit", "leg_failed", "order_rejected", "bot_error", "bot_down"):
        return "red"
    if kind == "fill":
        return "green" if f.get("side") == "BUY" else "red"
    if kind == "signal":
        return {"long": "green", "short": "red"}.get(str(f.get("direction")), "yellow")
    return "white"


def _describe(kind: str, f: dict[str, Any]) -> str:
    if kind == "signal":
        return f"{f.get('direction')} @ {f.get('price')}  {f.get('reason') or ''}".rstrip()
    if kind == "order":
        price = f.get("limit") or f.get("stop")
        at = f" @ {price}" if price is not None else ""
        return f"{f.get('side')} {f.get('qty')} {f.get('type')}{at}  ({f.get('reason')})"
    if kind == "fill":
        return (
            f"{f.get('side')} {f.get('qty')} @ {f.get('price')}  position "
            f"{f.get('position'):+d}  ({f.get('role')})"
        )
    rest = {k: v for k, v in f.items() if k != "symbol"}
    return "  ".join(f"{k}={v}" for k, v in rest.items())
