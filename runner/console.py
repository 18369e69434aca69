"""Colored console lines for what a trader watches: signals, orders, fills, positions.

One color per symbol, so interleaved bots stay readable. When stdout is not a terminal
(systemd, CI, a pipe) rich drops the colors and the same lines come out plain. Which
kinds are printed, and the colour of each kind's name, is the routing table's say
(:data:`runner.events.ROUTES`), not this module's.

Times carry their zone (``10-07 09:31:00 EDT``); prices are shown with the decimals of
their instrument's tick and other figures without binary noise (``6.3``, never
``6.300000000000182``), so what a line says is what the bot computed, as a trader reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.text import Text

from runner.api.text import figure, tick_decimals
from runner.events import Event, Filled, OrderSent, Signal, route_of
from runner.events.routes import ROUTES
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


NAME_WIDTH = max(len(kind.kind) for kind, route in ROUTES.items() if route.console is not None)
"""The widest name of a kind the console prints (``order_cancelled``): names line up."""
PRICES = frozenset({"price", "limit", "stop", "stop_distance", "level", "best", "entry_price"})
MONEY = frozenset({"loss", "pnl", "equity", "commission", "capital"})


def _unchanged(text: str) -> str:
    return text


def _tick_of(symbol: str) -> float | None:
    """The tick of a contract symbol or root from the contract table, None if unknown."""
    from runner.contracts.table import spec_for_symbol

    try:
        return spec_for_symbol(symbol).tick_size
    except ValueError:
        return None


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
        market_now: Callable[[], int] | None = None,
    ) -> None:
        self.console = console or Console(highlight=False)
        self.tz = ZoneInfo(tz)
        self.redact = redact
        self.market_now = market_now
        """The run's market time: a fill is stamped by its venue's clock (a simulator's
        own, say), every other line by the market's; with this, fills are too."""
        self._colors: dict[str, str] = {}
        self._ticks: dict[str, float | None] = {}
        self._last_symbol: dict[str, str] = {}  # bot -> the symbol it last spoke of

    def tick(self, event: Event, symbol: str) -> float | None:
        """The tick of the event's instrument (the bot's last one if the event names none)."""
        if symbol:
            self._last_symbol[event.bot] = symbol
        else:
            symbol = self._last_symbol.get(event.bot, "")
        if not symbol:
            return None
        if symbol not in self._ticks:
            self._ticks[symbol] = _tick_of(symbol)
        return self._ticks[symbol]

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
        ts = event.ts
        if isinstance(event, Filled) and self.market_now is not None:
            ts = self.market_now() or ts
        when = to_datetime(ts).astimezone(self.tz).strftime("%m-%d %H:%M:%S %Z") if ts else "-"
        symbol = str(f.get("symbol") or "")
        tick = self.tick(event, symbol)
        style = self.color(symbol) if symbol else "white"
        text = Text.assemble(
            (f"{when} ", "dim"), (f"{event.bot:<22} ", "bold"), (f"{symbol:<7} ", style)
        )
        show = route_of(event).console
        colour = show.colour(event) if show is not None else "white"
        text.append(f"{event.name.upper():<{NAME_WIDTH}} ", style="bold " + colour)
        text.append(self.redact(_describe(event, f, hide, tick)), style=style)
        return text


def _value(key: str, value: Any, tick: float | None) -> str:
    """A field as a trader reads it: prices to the tick, dollars to the cent."""
    if isinstance(value, bool) or not isinstance(value, float):
        return str(value)
    if key in PRICES and tick is not None:
        return f"{value:.{tick_decimals(tick)}f}"
    if key in MONEY:
        return f"{value:.2f}"
    return figure(value)


def _describe(event: Event, f: dict[str, Any], hide: tuple[str, ...], tick: float | None) -> str:
    if isinstance(event, Signal):
        price = _value("price", event.price, tick)
        return f"{event.direction} @ {price}  {event.reason or ''}".rstrip()
    if isinstance(event, OrderSent):
        level = event.limit or event.stop
        at = f" @ {_value('price', level, tick)}" if level is not None else ""
        return f"{event.side} {event.qty} {event.type}{at}  ({event.reason})"
    if isinstance(event, Filled):
        return (
            f"{event.side} {event.qty} @ {_value('price', event.price, tick)}  position "
            f"{event.position:+d}  ({event.role})"
        )
    rest = {k: v for k, v in f.items() if k != "symbol" and k not in hide}
    return "  ".join(f"{k}={_value(k, v, tick)}" for k, v in rest.items())


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
