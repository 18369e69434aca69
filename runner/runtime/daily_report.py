"""The daily report: the session's metrics table and equity PNG, sent at a set local time.

The times come from an APScheduler cron trigger in the file's timezone (as the runtime's
other jobs), but the wait is on the run's own clock, so a test that moves an injected
clock past the hour sees the report fire without waiting for a real day.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import tempfile
import zoneinfo
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from runner.api.notifier import Attachment, Message
from runner.config.notifications import DailyReport

if TYPE_CHECKING:
    from runner.engine.bot import BotRunner

POLL_SECONDS = 1.0  # how often the clock is read while waiting for the next report


class DailySchedule:
    """When the next report is due, on an injected clock (ns since the epoch)."""

    def __init__(self, config: DailyReport, timezone: str, clock: Callable[[], int]) -> None:
        from apscheduler.triggers.cron import CronTrigger

        self.zone = zoneinfo.ZoneInfo(config.timezone or timezone)
        t = config.time
        self.trigger = CronTrigger(
            hour=t.hour,
            minute=t.minute,
            day_of_week="mon-fri" if config.days == "weekdays" else "*",
            timezone=self.zone,
        )
        self.clock = clock
        self.next_at: dt.datetime | None = self._after(self._now())

    def _now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.clock() / 1e9, self.zone)

    def _after(self, moment: dt.datetime) -> dt.datetime | None:
        return self.trigger.get_next_fire_time(None, moment + dt.timedelta(microseconds=1))

    def due(self) -> dt.datetime | None:
        """The report time just reached (then the next one is set), or None."""
        now = self._now()
        if self.next_at is None or now < self.next_at:
            return None
        fired = self.next_at
        self.next_at = self._after(max(now, fired))  # a missed day is not sent twice
        return fired


Snapshot = list[tuple[str, list[Any], list[tuple[int, float]], float]]
"""Per bot: name, closed trades, equity curve, capital (copies, safe to read in a thread)."""


def snapshot(runners: Sequence[BotRunner], saved: dict[str, list[tuple[int, float]]]) -> Snapshot:
    """Each bot's session so far, copied on the loop: ``saved`` is its curve from the
    journal, the points still only in memory follow it (memory keeps only a tail)."""
    out: Snapshot = []
    for r in runners:
        pf = r.portfolio
        base = list(saved.get(r.name, ()))
        last = base[-1][0] if base else -1
        curve = base + [p for p in pf.equity_curve if p[0] > last]
        out.append((r.name, list(pf.trades), curve, r.ctx.capital))
    return out


def report_message(bots: Snapshot, at: dt.datetime) -> Message:
    """The metrics table (text) and the equity PNG (attached) of a snapshot."""
    from runner.plot.equity import plot_equity
    from runner.portfolio.metrics import aggregate, compute_metrics
    from runner.reporting import metrics_table

    rows: list[tuple[str, dict[str, Any]]] = [
        (name, compute_metrics(trades, curve, capital).to_dict())
        for name, trades, curve, capital in bots
    ]
    parts = {name: (trades, curve, capital) for name, trades, curve, capital in bots}
    rows.append(("PORTFOLIO", aggregate(parts).to_dict()))
    out = io.StringIO()
    Console(file=out, width=160, color_system=None, highlight=False).print(
        metrics_table(rows, title=f"Daily report {at:%Y-%m-%d %H:%M %Z}")
    )
    with tempfile.TemporaryDirectory(prefix="runner-report-") as tmp:
        png = Path(tmp) / "equity.png"
        curves = [(name, curve) for name, _, curve, _ in bots]
        plot_equity(png, curves, {name: trades for name, trades, _, _ in bots})
        attachment = Attachment("equity.png", "image/png", png.read_bytes())
    total = rows[-1][1].get("total_pnl") or 0.0
    return Message(
        kind="daily_report",
        subject=f"daily report {at:%Y-%m-%d}: {len(bots)} bot(s), PnL {total:+,.2f}",
        text=out.getvalue(),
        ts=int(at.timestamp() * 1e9),
        attachments=(attachment,),
    )


class DailyReporter:
    """Waits for each report time, snapshots the bots on the loop, draws in a thread
    (the plot takes a moment the bots should not wait for), then posts the report."""

    def __init__(
        self,
        schedule: DailySchedule,
        take: Callable[[], Snapshot],
        post: Callable[[Message], None],
        failed: Callable[[str, str], None],
    ) -> None:
        self.schedule = schedule
        self.take = take
        self.post = post
        self.failed = failed
        self.sent = 0

    async def fire_due(self) -> bool:
        at = self.schedule.due()
        if at is None:
            return False
        bots = self.take()
        self.post(await asyncio.to_thread(report_message, bots, at))
        self.sent += 1
        return True

    async def run(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            try:
                await self.fire_due()
            except Exception as exc:  # a report that cannot be drawn costs the report only
                self.failed("daily_report", f"not built: {type(exc).__name__}: {exc}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), POLL_SECONDS)
