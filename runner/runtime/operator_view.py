"""What an operator sees of a running runner: every bot and the portfolio, as plain data.

The snapshot is built from the same statuses the heartbeat writes (state, connection,
position, PnL) plus what only a live view needs: the working orders, whether an operator
paused the bot, the portfolio's PnL since the day began and its drawdown from the
session's peak, and the portfolio's equity curve sampled for a chart.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runner.engine.bot import BotRunner
    from runner.runtime.heartbeat import Heartbeat
    from runner.runtime.supervision import Supervisor

CURVE_POINTS = 1500
"""Points of the portfolio curve kept; past that every other one is dropped, so a runner up
for months keeps the shape of its whole session in bounded memory."""


class PortfolioCurve:
    """The portfolio's equity sampled at each snapshot (market time, dollars), and its peak."""

    __slots__ = ("peak", "points", "step")

    def __init__(self) -> None:
        self.points: list[tuple[int, float]] = []
        self.peak = -math.inf
        self.step = 0  # market ns between kept points, doubled each time the curve is halved

    def add(self, ts: int, equity: float) -> None:
        self.peak = max(self.peak, equity)
        points = self.points
        if points and ts < points[-1][0]:  # the clock's time, then a replay's first bar
            points.clear()
            self.step = 0
            self.peak = equity
        if points and ts == points[-1][0]:  # no bar since: the same point, a newer value
            points[-1] = (points[-1][0], equity)
            return
        if len(points) > 1 and ts - points[-2][0] <= self.step:  # too close: the last moves
            points[-1] = (ts, equity)
            return
        points.append((ts, equity))
        if len(points) > CURVE_POINTS:
            del points[1:-1:2]
            self.step = max(2 * self.step, (points[-1][0] - points[0][0]) // CURVE_POINTS)

    def seed(self, curves: list[list[tuple[int, float]]], flat: float = 0.0) -> None:
        """The portfolio's past from the bots' own curves (what memory keeps of them), so
        a page opened late still draws the session: each bot's latest equity at each bar
        of any bot, summed (before its first point a bot counts its first value), plus
        ``flat``, the equity of the bots that have no point yet."""
        curves = [c for c in curves if c]
        if not curves:
            return
        latest = [c[0][1] for c in curves]
        merged = sorted((ts, i, eq) for i, c in enumerate(curves) for ts, eq in c)
        total = flat + sum(latest)
        for n, (ts, i, eq) in enumerate(merged):
            total += eq - latest[i]
            latest[i] = eq
            if n + 1 == len(merged) or merged[n + 1][0] != ts:
                self.add(ts, total)


def working_orders(runner: BotRunner) -> list[dict[str, Any]]:
    out = []
    for cid, rec in list(runner.live.items()):
        order = rec.order
        out.append(
            {
                "id": cid,
                "symbol": order.symbol,
                "side": order.side.name,
                "qty": order.qty,
                "filled": rec.filled,
                "type": order.type.value,
                "price": order.limit_price if order.limit_price is not None else order.stop_price,
                "role": rec.role,
                "status": rec.status.value,
            }
        )
    return out


class OperatorView:
    """Builds snapshots; one per runner, shared by every watcher."""

    def __init__(
        self,
        supervisor: Supervisor,
        heartbeat: Heartbeat,
        paused: set[str],
        now: Callable[[], int],
    ) -> None:
        self.supervisor = supervisor
        self.heartbeat = heartbeat
        self.paused = paused
        self.now = now
        self.curve = PortfolioCurve()

    def snapshot(self, since: int = 0) -> dict[str, Any]:
        """Every bot and the portfolio now; the curve's points from market time ``since``
        (ms) on, so a watcher that has the rest is sent only what is new (the last point
        it has may have moved: it is sent again)."""
        statuses = self.heartbeat.statuses()
        bots = []
        equity = pnl = today = 0.0
        for st in statuses:
            slot = self.supervisor.slots.get(str(st["bot"]))
            if slot is None:
                continue
            runner = slot.runner
            day_start = runner.risk.day_start_equity
            st["paused"] = slot.name in self.paused
            st["orders"] = working_orders(runner)
            st["fills"] = runner.fill_count
            st["pnl_today"] = round(st["equity"] - day_start, 2) if day_start else st["pnl"]
            st["last_price"] = None if math.isnan(st["last_price"]) else st["last_price"]
            equity += st["equity"]
            pnl += st["pnl"]
            today += st["pnl_today"]
            bots.append(st)
        now = self.now()
        if bots and not self.curve.points:
            portfolios = [s.runner.portfolio for s in self.supervisor.slots.values()]
            self.curve.seed(
                [list(p.equity_curve) for p in portfolios],
                sum(p.equity for p in portfolios if not p.equity_curve),
            )
        if bots:
            self.curve.add(now, equity)
        points = self.curve.points
        peak = self.curve.peak if points else equity
        if points and since > points[-1][0] // 1_000_000:  # the curve began anew: all of it
            since = 0
        drawdown = max(0.0, peak - equity)
        return {
            "ts": now // 1_000_000,
            "portfolio": {
                "equity": round(equity, 2),
                "pnl": round(pnl, 2),
                "pnl_today": round(today, 2),
                "drawdown": round(drawdown, 2),
                "drawdown_pct": round(100 * drawdown / peak, 3) if peak > 0 else 0.0,
                "peak": round(peak, 2),
            },
            "bots": bots,
            "curve": [
                (ts // 1_000_000, round(eq, 2)) for ts, eq in points if ts // 1_000_000 >= since
            ],
        }


__all__ = ["OperatorView", "PortfolioCurve", "working_orders"]
