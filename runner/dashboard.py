"""``runner start --dashboard``: a full-screen live view of the running bots.

Connections, per-bot state, positions and PnL, last prices, recent fills, events and the
risk state, redrawn every --display-interval seconds from the runtime's own objects (no
second source of truth). Rendering is rich's Live on the alternate screen.

It fits any terminal from 80x24 up: the bots' table drops its least important columns
first (and names them), never cuts a figure short, ends with the portfolio's total, and
when there are more bots than rows it pages through them (saying which are shown).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from rich.console import Console, Group, RenderableType
from rich.layout import Layout
from rich.live import Live
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from runner.api.text import tick_decimals
from runner.console import EventPrinter
from runner.events import ConnectionChange, Event, Pane, Subscribed, route_of
from runner.model import to_datetime
from runner.runtime.connection import DISCONNECTED, shown_state
from runner.tablefit import drop

if TYPE_CHECKING:
    from runner.runtime.runtime import Runtime

NY = ZoneInfo("America/New_York")
STATE_STYLE = {
    "running": "green",
    "restarting": "yellow",
    "down": "bold red",
    "stopped": "dim",
    DISCONNECTED: "bold red",
}
COLUMNS = (
    ("Bot", "left"),
    ("State", "left"),
    ("Position", "left"),
    ("PnL $", "right"),
    ("Last", "right"),
    ("Signal", "left"),
    ("Restarts", "right"),
    ("Risk", "left"),
    ("Feed", "left"),
    ("Broker", "left"),
)
PRIORITY = ("PnL $", "Position", "State", "Last", "Risk", "Feed", "Broker", "Signal", "Restarts")
"""The bots' columns from most to least important: a narrow terminal drops from the end."""
PAGE_SECONDS = 5.0  # how long each page of bots stays on screen when they do not all fit
PANES_MIN = 5  # rows kept for the fills and events panes (three lines each)
PANEL = 4  # a panel's borders and padding, in columns (and 2 in rows)


def link_style(text: str) -> str:
    """A connection's colour: green when up, yellow when stale, red when down."""
    return {"connected": "green", "stale": "yellow"}.get(text, "bold red")


def price_text(price: float, tick: float) -> str:
    """A price with the decimals of its tick (ES 1,667.25, GC 1,314.3, 6J 0.0102505)."""
    if price != price:  # no bar yet
        return "-"
    return f"{price:,.{tick_decimals(tick)}f}"


def _connection_name(event: Event) -> str:
    """The header's name of a feed or broker connection (with its channel, if several)."""
    if isinstance(event, ConnectionChange):
        name = event.feed or event.broker or "?"
        return f"{name}/{event.channel}" if event.channel else name
    if isinstance(event, Subscribed):
        return event.feed
    return "?"


class Dashboard:
    def __init__(self, runtime: Runtime, console: Console, interval: float = 1.0) -> None:
        self.runtime = runtime
        self.console = console
        self.interval = interval
        self.fills: deque[Text] = deque(maxlen=10)
        self.events: deque[Text] = deque(maxlen=12)
        self.lines = EventPrinter(console, redact=runtime.redactor, market_now=runtime.now)
        self.connections: dict[str, str] = {}
        self.page = 0  # the page of bots shown when they do not all fit
        runtime.emit.sinks.append(self.on_event)
        self.live = Live(
            self.render(), console=console, screen=True, auto_refresh=False, transient=False
        )

    def __enter__(self) -> Dashboard:
        self.live.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.live.__exit__(*exc)

    def on_event(self, event: Event) -> None:
        route = route_of(event)
        if route.dashboard is None or not route.on_screen(event):
            return
        if route.dashboard is Pane.FILLS:
            self.fills.appendleft(_one_line(self.lines.line(event)))
        elif route.dashboard is Pane.CONNECTIONS:
            self.connections[_connection_name(event)] = event.name
        else:
            self.events.appendleft(_one_line(self.lines.line(event, hide=("traceback",))))

    async def run(self) -> int:
        task = asyncio.create_task(self.runtime.run())
        began = time.monotonic()
        while not task.done():
            self.page = int((time.monotonic() - began) // PAGE_SECONDS)
            self.live.update(self.render(), refresh=True)
            await asyncio.wait({task}, timeout=self.interval)
        self.live.update(self.render(), refresh=True)
        return task.result()

    def render(self) -> Layout:
        width, height = self.console.size
        header = self._header()
        header_rows = len(
            self.console.render_lines(header, self.console.options.update_width(width))
        )
        bots_rows = max(3, height - header_rows - PANES_MIN)
        bots = self._bots(width, bots_rows)
        used = len(self.console.render_lines(bots, self.console.options.update_width(width)))
        layout = Layout()
        layout.split_column(Layout(header, size=header_rows), Layout(name="body"))
        layout["body"].split_column(Layout(bots, size=used), Layout(name="bottom"))
        layout["body"]["bottom"].split_row(
            Layout(
                Panel(
                    Group(*self.fills) if self.fills else Text("no fills yet", "dim"),
                    title="Recent fills",
                )
            ),
            Layout(
                Panel(
                    Group(*self.events) if self.events else Text("no events yet", "dim"),
                    title="Events",
                )
            ),
        )
        return layout

    def _header(self) -> Panel:
        rt = self.runtime
        now = rt.now()
        clock = to_datetime(now).astimezone(NY).strftime("%Y-%m-%d %H:%M:%S ET") if now else "-"
        conns = (
            "  ".join(f"{name}: {state}" for name, state in self.connections.items())
            or "connecting"
        )
        mode = "LIVE" if rt.opts.live else "paper"
        up = time.monotonic() - rt.started
        text = Text.assemble(
            ("runner ", "bold"),
            (f"[{mode}] ", "bold magenta"),
            (f"market time {clock}  ", "cyan"),
            (f"up {up:,.0f}s  ", "dim"),
            (f"feeds {conns}", "green"),
        )
        if rt.stop_reason:
            text.append(f"  stopping: {rt.stop_reason}", style="yellow")
        return Panel(text)

    def _bots(self, width: int | None = None, rows: int | None = None) -> Panel:
        """The bots' table in ``width`` columns and at most ``rows`` rows (panel included):
        the least important columns dropped, the bots paged when they do not all fit."""
        width = width or self.console.width
        slots = list(self.runtime.supervisor.slots.values())
        statuses = [(slot, slot.runner.status()) for slot in slots]
        fit = len(slots) if rows is None else max(1, rows - 6)  # panel, header, total
        pages = max(1, -(-len(slots) // fit))
        first = (self.page % pages) * fit
        shown = statuses[first : first + fit]
        table = Table(header_style="bold", show_edge=False)
        for col, justify in COLUMNS:
            table.add_column(col, justify=justify, no_wrap=True)  # type: ignore[arg-type]
        for i, (slot, st) in enumerate(shown):
            table.add_row(*self._row(slot, st), end_section=i == len(shown) - 1)
        table.add_row(*_total([st for _, st in statuses], sum(s.restarts for s in slots)))
        table, hidden = drop(table, width - PANEL, PRIORITY)
        notes = []
        if len(shown) < len(statuses):
            notes.append(f"bots {first + 1}-{first + len(shown)} of {len(statuses)}")
        if hidden:
            notes.append(f"{len(hidden)} columns hidden: {', '.join(hidden)}")
        return Panel(
            table,
            title="Bots",
            subtitle="; ".join(notes) or None,
            subtitle_align="left",
        )

    def _row(self, slot: Any, st: dict[str, Any]) -> list[RenderableType]:
        connections = self.runtime.connections
        links = connections.bot_links(slot.runner)
        state = shown_state(slot.state, connections.connected(slot.runner))
        pos = " ".join(f"{s} {q:+d}" for s, q in st["position"].items() if q) or "flat"
        pnl = st["pnl"]
        risk = "HALTED" if st["halted"] else ("in window" if st["active"] else "outside")
        return [
            st["bot"],
            Text(state, STATE_STYLE.get(state, "white")),
            pos,
            Text(f"{pnl:+,.2f}", "green" if pnl >= 0 else "red"),
            price_text(st["last_price"], st.get("tick", 0.01)),
            st["last_signal"] or "-",
            str(slot.restarts),
            Text(risk, "red" if st["halted"] else "white"),
            Text(links["feed"], link_style(links["feed"])),
            Text(links["broker"], link_style(links["broker"])),
        ]


def _total(statuses: list[dict[str, Any]], restarts: int) -> list[RenderableType]:
    """The portfolio's row: every bot's PnL added up, and how many hold a position."""
    pnl = sum(st["pnl"] for st in statuses)
    holding = sum(1 for st in statuses if any(st["position"].values()))
    return [
        Text("TOTAL", "bold"),
        f"{len(statuses)} bots",
        f"{holding} in a position" if holding else "all flat",
        Text(f"{pnl:+,.2f}", "bold green" if pnl >= 0 else "bold red"),
        "",
        "",
        str(restarts),
        "",
        "",
        "",
    ]


def _one_line(text: Text) -> Text:
    """A pane's line is cut at the pane's edge, not wrapped: a pane shows events, not half of one."""
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text
