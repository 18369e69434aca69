"""Prometheus ``/metrics``: a collector that reads the runtime's state when scraped.

Nothing is updated per bar for this: equity, PnL, positions, feed staleness and bot
states are read from the bots and the market loop at scrape time (on the event loop, so
they are consistent with what the bots see); the order and reconnect counters come from
:class:`~runner.telemetry.counters.EventCounters`, a listener of the event sink.

``metrics_asgi_app(runtime)`` is an ASGI app for a web server's ``/metrics``;
:class:`MetricsServer` serves the same text on its own port, inside the runner's loop,
for ``runner start --metrics``.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, generate_latest, make_asgi_app
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from runner.model import NS

if TYPE_CHECKING:
    from runner.runtime.runtime import Runtime

BOT = ["bot"]
BOT_SYMBOL = ["bot", "symbol"]
STATES = ("running", "restarting", "down", "stopped")


class RuntimeCollector(Collector):
    """Every family of the runner, labelled per bot (and per instrument where it applies)."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def collect(self) -> Iterator[Metric]:
        rt = self.runtime
        tel = rt.telemetry
        equity = GaugeMetricFamily("runner_equity_dollars", "Equity of each bot.", labels=BOT)
        pnl = GaugeMetricFamily("runner_pnl_dollars", "PnL since the bot's capital.", labels=BOT)
        today = GaugeMetricFamily(
            "runner_pnl_today_dollars", "PnL since the trading day began.", labels=BOT
        )
        open_pnl = GaugeMetricFamily(
            "runner_pnl_open_dollars", "Unrealized PnL of open positions.", labels=BOT
        )
        position = GaugeMetricFamily(
            "runner_position_contracts", "Signed position per instrument.", labels=BOT_SYMBOL
        )
        state = GaugeMetricFamily(
            "runner_bot_state", "1 for the bot's supervision state.", labels=["bot", "state"]
        )
        halted = GaugeMetricFamily(
            "runner_bot_halted", "1 while a risk limit halts the bot's entries.", labels=BOT
        )
        restarts = CounterMetricFamily("runner_bot_restarts", "Restarts after a crash.", labels=BOT)
        sent = CounterMetricFamily("runner_orders_sent", "Orders sent.", labels=BOT_SYMBOL)
        filled = CounterMetricFamily("runner_orders_filled", "Fills received.", labels=BOT_SYMBOL)
        rejected = CounterMetricFamily(
            "runner_orders_rejected", "Orders rejected.", labels=BOT_SYMBOL
        )
        stale = GaugeMetricFamily(
            "runner_feed_staleness_seconds",
            "Seconds since the instrument's last bar closed (market time in a replay).",
            labels=BOT_SYMBOL,
        )
        now = self._now()
        last_bar = rt.market.last_bar
        seen: set[tuple[str, str]] = set()
        for slot in list(rt.supervisor.slots.values()):
            r, name = slot.runner, slot.name
            pf = r.portfolio
            eq = pf.equity
            equity.add_metric([name], eq)
            pnl.add_metric([name], eq - r.ctx.capital)
            start = r.om.risk.day_start_equity
            today.add_metric([name], eq - (start if start else r.ctx.capital))
            open_pnl.add_metric([name], pf.unrealized)
            for st in STATES:
                state.add_metric([name, st], 1.0 if slot.state == st else 0.0)
            halted.add_metric([name], 1.0 if r.om.risk.halted else 0.0)
            restarts.add_metric([name], slot.restarts)
            for inst in r.ctx.instruments.values():
                if not inst.tradable:
                    continue
                key = (name, inst.symbol)
                seen.add(key)
                position.add_metric([*key], inst.holding.qty)
                sent.add_metric([*key], tel.counters.sent[key])
                filled.add_metric([*key], tel.counters.filled[key])
                rejected.add_metric([*key], tel.counters.rejected[key])
            for symbol in r.by_symbol:
                bar = last_bar.get(symbol)
                age = max(0.0, (now - bar.end) / NS) if bar is not None and now else math.nan
                stale.add_metric([name, symbol], age)
        for counts, family in (
            (tel.counters.sent, sent),
            (tel.counters.filled, filled),
            (tel.counters.rejected, rejected),
        ):  # symbols a bot no longer lists (a roll), still counted
            for key, n in counts.items():
                if key not in seen:
                    family.add_metric([*key], n)
        yield from (equity, pnl, today, open_pnl, position, state, halted, restarts)
        yield from (sent, filled, rejected, stale)
        yield from self._runner_families()

    def _now(self) -> int:
        """Live: the run's clock. A replay: its data time (the wall clock is years on)."""
        rt = self.runtime
        feeds = rt.feeds
        if feeds and all(f.capabilities.replays_history for f, _ in feeds):
            return rt.market.data_now
        return rt.clock()

    def _runner_families(self) -> Iterator[Metric]:
        rt, tel = self.runtime, self.runtime.telemetry
        reconnects = CounterMetricFamily(
            "runner_reconnects",
            "Reconnects of a broker (its bot) or a feed (bot empty: shared by its bots).",
            labels=["bot", "role", "source"],
        )
        for (bot, role, source), n in sorted(tel.counters.reconnects.items()):
            reconnects.add_metric([bot, role, source], n)
        yield reconnects
        lag = GaugeMetricFamily(
            "runner_event_loop_lag_seconds",
            "How late the event loop woke a sleeper: latest sample, and worst since last scrape.",
            labels=["window"],
        )
        lag.add_metric(["latest"], tel.lag.last)
        lag.add_metric(["peak"], tel.lag.take_peak())
        yield lag
        beats = rt.heartbeat.delays
        late = GaugeMetricFamily(
            "runner_heartbeat_lateness_seconds", "How late the latest status heartbeat came."
        )
        late.add_metric([], beats[-1] if beats else 0.0)
        yield late
        count = CounterMetricFamily("runner_heartbeats", "Status heartbeats so far.")
        count.add_metric([], len(beats))
        yield count
        notes = CounterMetricFamily(
            "runner_notifications",
            "Notifications per notifier: sent, failed, dropped (queue full).",
            labels=["notifier", "outcome"],
        )
        service = getattr(rt, "notifications", None)
        for name, tally in service.tally.items() if service is not None else ():
            for outcome in ("sent", "failed", "dropped"):
                notes.add_metric([name, outcome], getattr(tally, outcome))
        yield notes


def metrics_registry(runtime: Runtime) -> CollectorRegistry:
    """A registry of this runtime alone (not the process-wide default one)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(RuntimeCollector(runtime))
    return registry


def metrics_asgi_app(runtime: Runtime) -> Any:
    """The ASGI app serving the runtime's metrics, for mounting at ``/metrics``."""
    return make_asgi_app(metrics_registry(runtime))


class MetricsServer:
    """``GET /metrics`` on its own port, served by the runner's event loop.

    A scrape runs the collector on the loop, between two bots' turns: it reads a
    consistent state and needs no lock. Anything but a GET or HEAD of ``/metrics`` is
    answered 404/405; a request that does not arrive in ``READ_SECONDS`` is dropped.
    """

    READ_SECONDS = 10.0
    MAX_HEADER = 16_384

    def __init__(self, registry: CollectorRegistry, host: str, port: int) -> None:
        self.registry = registry
        self.host = host
        self.port = port
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        sock = self._server.sockets[0].getsockname()
        self.port = sock[1]  # the port the system gave, when asked for 0

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), self.READ_SECONDS)
            method, target = _request_line(head)
            path = target.split("?", 1)[0]
            if path not in ("/metrics", "/metrics/"):
                status, body, ctype = "404 Not Found", b"not found; try /metrics\n", "text/plain"
            elif method not in ("GET", "HEAD"):
                status, body, ctype = "405 Method Not Allowed", b"GET only\n", "text/plain"
            else:
                status, body, ctype = "200 OK", generate_latest(self.registry), CONTENT_TYPE_LATEST
                if method == "HEAD":
                    body = b""
            writer.write(
                f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                + body
            )
            await writer.drain()
        except (TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            with contextlib.suppress(ConnectionError):
                writer.write(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n")
        except ConnectionError:
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()


def _request_line(head: bytes) -> tuple[str, str]:
    line = head.split(b"\r\n", 1)[0].decode("latin-1")
    parts = line.split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        raise ValueError(f"not an HTTP request line: {line[:80]!r}")
    return parts[0], parts[1]


def parse_address(text: str, default_port: int = 9464) -> tuple[str, int]:
    """``HOST:PORT``, ``:PORT``, ``PORT`` or ``HOST`` (IPv6 as ``[::1]:9464``)."""
    text = text.strip()
    host, port = "127.0.0.1", default_port
    if text.startswith("["):
        inside, _, rest = text[1:].partition("]")
        host = inside
        if rest.startswith(":"):
            port = _port(rest[1:], text)
    elif text.isdigit():
        port = _port(text, text)
    elif ":" in text:
        h, _, p = text.rpartition(":")
        host = h or host
        port = _port(p, text)
    elif text:
        host = text
    return host, port


def _port(value: str, whole: str) -> int:
    if not value.isdigit() or not 0 <= int(value) <= 65535:
        raise ValueError(f"{whole!r}: the port must be a number from 0 to 65535")
    return int(value)
