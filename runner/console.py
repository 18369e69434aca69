"""Colored console lines for what a trader watches: signals, orders, fills, positions.

One color per symbol, so interleaved bots stay readable. When stdout is not a terminal
(systemd, CI, a pipe) rich drops the colors and the same lines come out plain. Which
kinds are printed, and the colour of each kind's name, is the routing table's say
(:data:`runner.events.ROUTES`), not this module's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.text import Text

from runner.events import Event, Filled, OrderSent, Signal, route_of
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


def _unchanged(text: str) -> str:
    return text


class EventPrinter:
    """An event sink that prints the events a trader cares about, one line each.

    ``redact`` is the run's secrets redactor: a venue's words (a disconnect reason, a
    plugin's warning) reach the terminal through it, as they reach the log files.
    """

    def __init__(
        self,
        console: Console | None = None,
        tz: str = "America/New_York",
        redact: Callable[[str], str] = _unchanged,
    ) -> None:
        self.console = console or Console(highlight=False)
        self.tz = ZoneInfo(tz)
        self.redact = redact
        self._colors: dict[str, str] = {}

    def color(self, symbol: str) -> str:
        c = self._colors.get(symbol)
        if c is None:
            c = self._colors[symbol] = PALETTE[len(self._colors) % len(PALETTE)]
        return c

    def __call__(self, event: Event) -> None:
        route = route_of(event)
        if route.console is None or not route.on_screen(event):
            return
        self.console.print(self.line(event), soft_wrap=True)

    def line(self, event: Event, hide: tuple[str, ...] = ()) -> Text:
        """The event's line; ``hide`` leaves fields out (the dashboard's tracebacks)."""
        f = event.payload()
        when = (
            to_datetime(event.ts).astimezone(self.tz).strftime("%m-%d %H:%M:%S")
            if event.ts
            else "-"
        )
        symbol = str(f.get("symbol") or "")
        style = self.color(symbol) if symbol else "white"
        text = Text.assemble(
            (f"{when} ", "dim"), (f"{event.bot:<22} ", "bold"), (f"{symbol:<7} ", style)
        )
        show = route_of(event).console
        colour = show.colour(event) if show is not None else "white"
        text.append(f"{event.name.upper():<12} ", style="bold " + colour)
        text.append(self.redact(_describe(event, f, hide)), style=style)
        return text


def _describe(event: Event, f: dict[str, Any], hide: tuple[str, ...]) -> str:
    if isinstance(event, Signal):
        return f"{event.direction} @ {event.price}  {event.reason or ''}".rstrip()
    if isinstance(event, OrderSent):
        price = event.limit or event.stop
        at = f" @ {price}" if price is not None else ""
        return f"{event.side} {event.qty} {event.type}{at}  ({event.reason})"
    if isinstance(event, Filled):
        return (
            f"{event.side} {event.qty} @ {event.price}  position "
            f"{event.position:+d}  ({event.role})"
        )
    rest = {k: v for k, v in f.items() if k != "symbol" and k not in hide}
    return "  ".join(f"{k}={v}" for k, v in rest.items())


def packed(label: str, entries: Sequence[str], width: int) -> list[str]:
    """``entries`` joined by `` | `` on lines no wider than ``width``, never split inside an
    entry: the first line starts with ``label``, the others are indented under it.

    Eight bots' statuses on one line run to some 450 characters, which a terminal wraps in
    the middle of a bot's name; packed, they read as a block.
    """
    indent = " " * (len(label) + 1)
    lines: list[str] = []
    current: list[str] = []
    for entry in entries:
        head = indent if lines else label + " "
        if current and len(head + " | ".join([*current, entry])) > width:
            lines.append(head + " | ".join(current))
            current = []
        current.append(entry)
    lines.append((indent if lines else label + " ") + " | ".join(current))
    return lines


def print_packed(console: Console, label: str, entries: Sequence[str]) -> None:
    """:func:`packed` to the console's width, the label dimmed."""
    for line in packed(label, entries, console.width):
        text = Text(line)
        if line.startswith(label):
            text.stylize("dim", 0, len(label))
        console.print(text, soft_wrap=True)


def status_entry(status: dict[str, Any]) -> str:
    """One bot in the status block: ``gold_rsi_bb GCZ3:+1 pnl +1,250``, its state only
    when it is not plain running (``gold_rsi_bb[down] flat pnl -310``), and its restarts
    when there were any."""
    pos = " ".join(f"{s}:{q:+d}" for s, q in status["position"].items() if q) or "flat"
    state = status.get("state", "running")
    shown = "" if state == "running" else f"[{state}]"
    restarts = status.get("restarts") or 0
    again = f" restarts {restarts}" if restarts else ""
    return f"{status['bot']}{shown} {pos} pnl {status['pnl']:+,.0f}{again}"
