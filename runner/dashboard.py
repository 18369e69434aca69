"""``runner start --dashboard``: a full-screen live view of the running bots.

Connections, per-bot state, positions and PnL, last prices, recent fills, events and the
risk state, redrawn every --display-interval seconds from the runtime's own objects (no
second source of truth). Rendering is rich's Live on the alternate screen.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from rich.console import Console, Group
from rich.layout import Layout
from rich.live import Live
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from runner.console import EventPrinter
from runner.events import ConnectionChange, Event, Pane, Subscribed, route_of
from runner.model import to_datetime
from runner.runtime.connection import DISCONNECTED, shown_state

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


def link_style(text: str) -> str:
    """A connection's colour: green when up, yellow when stale, red when down."""
    return {"connected": "green", "stale": "yellow"}.get(text, "bold red")


def price_text(price: float, tick: float) -> str:
    """A price with the decimals of its tick (ES 1,667.25, GC 1,314.3, 6J 0.0102505)."""
    if price != price:  # no bar yet
        return "-"
    decimals = len(f"{tick:.10f}".rstrip("0").partition(".")[2])
    return f"{price:,.{decimals}f}"


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
        self.lines = EventPrinter(console, redact=runtime.redactor)
        self.connections: dict[str, str] = {}
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
            self.fills.appendleft(self.lines.line(event))
        elif route.dashboard is Pane.CONNECTIONS:
            self.connections[_connection_name(event)] = event.name
        else:
            self.events.appendleft(self.lines.line(event, hide=("traceback",)))

    async def run(self) -> int:
        task = asyncio.create_task(self.runtime.run())
        while not task.done():
            self.live.update(self.render(), refresh=True)
            await asyncio.wait({task}, timeout=self.interval)
        self.live.update(self.render(), refresh=True)
        return task.result()

    def render(self) -> Layout:
        rt = self.runtime
        layout = Layout()
        layout.split_column(Layout(self._header(), size=3), Layout(name="body"))
        layout["body"].split_column(Layout(self._bots(), ratio=3), Layout(name="bottom", ratio=2))
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
        del rt
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

    def _bots(self) -> Panel:
        table = Table(expand=True, header_style="bold")
        for col, justify in (
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
        ):
            table.add_column(col, justify=justify, no_wrap=True)  # type: ignore[arg-type]
        for slot in self.runtime.supervisor.slots.values():
            connections = self.runtime.connections
            st = slot.runner.status()
            links = connections.bot_links(slot.runner)
            state = shown_state(slot.state, connections.connected(slot.runner))
            pos = " ".join(f"{s} {q:+d}" for s, q in st["position"].items() if q) or "flat"
            pnl = st["pnl"]
            risk = "HALTED" if st["halted"] else ("in window" if st["active"] else "outside")
            table.add_row(
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
            )
        return Panel(table, title="Bots")
