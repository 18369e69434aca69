"""The gold RSI/Bollinger bot rebuilt with no engine code: TA-Lib arrays and a plain loop.

This file restates, independently, every rule the runner applies to that bot, so that a
disagreement in any layer (indicators, rule evaluation, schedule window, exits, sizing,
risk, simulated fills, position and PnL bookkeeping) shows up as a different trade list:

* decisions at each one-minute bar's close; orders fill on the next bar;
* window 08:20-13:30 America/New_York on weekdays, flatten at 13:25 (5 minutes before);
* entry: long when RSI(14) < 30 and close < lower band, short when RSI > 70 and close >
  upper band (Bollinger 20, 2.0); a signal in the current direction is ignored, the
  opposite one reverses (close at market plus a new entry);
* stop at 2 ATR(14) rounded away from the price, target at 3 ATR rounded toward it, both
  live from the entry's fill as an OCO bracket;
* band exit: close a long once close >= middle band (short: <=), at market;
* size: floor(equity * 0.005 / (stop distance * 100)), at most floor(equity * 4 /
  (price * 100)) and 2 contracts; 1 contract when ATR is not warm;
* daily loss 2,500 dollars from the equity at the 17:00 New York roll halts entries and
  flattens;
* fills: market orders at the next open, one tick against the trader; stops at the stop
  (or the open when gapped through) one tick against; limits at the limit (or the open
  when it opened through); a stop is assumed to fill before a target in the same bar;
  2.50 dollars commission per contract per fill.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import talib

NY = ZoneInfo("America/New_York")
TICK = 0.1
POINT_VALUE = 100.0
SLIP = 1
COMMISSION = 2.5
CAPITAL = 100_000.0
RISK = 0.005
MAX_LEVERAGE = 4.0
MAX_CONTRACTS = 2
MAX_POSITION = 2
MAX_DAILY_LOSS = 2500.0


def up(p: float) -> float:
    return round(math.ceil(p / TICK - 1e-9) * TICK, 10)


def down(p: float) -> float:
    return round(math.floor(p / TICK + 1e-9) * TICK, 10)


@dataclass
class Trade:
    side: int
    qty: int
    entry_ts: int
    entry_price: float
    exit_ts: int
    exit_price: float


def load(path: str) -> pd.DataFrame:
    df = pd.read_csv(path)
    ts = pd.to_datetime(df["timestamp"], utc=True)
    df["ts"] = ts.dt.as_unit("ns").astype("int64")
    df["end"] = df["ts"] + 60 * 10**9
    return df


class Window:
    """08:20-13:30 New York on weekdays, flatten from 13:25."""

    def state(self, end_ns: int) -> tuple[bool, bool]:
        local = datetime.fromtimestamp(end_ns / 1e9, tz=NY)
        if local.weekday() >= 5:
            return False, False
        minutes = local.hour * 60 + local.minute + local.second / 60
        inside = 8 * 60 + 20 <= minutes < 13 * 60 + 30
        return inside, inside and minutes >= 13 * 60 + 25


def next_roll(end_ns: int) -> int:
    local = datetime.fromtimestamp(end_ns / 1e9, tz=NY)
    roll = local.replace(hour=17, minute=0, second=0, microsecond=0)
    if roll <= local:
        roll = (local + timedelta(days=1)).replace(hour=17, minute=0, second=0, microsecond=0)
    return int(roll.timestamp()) * 10**9


def run(df: pd.DataFrame) -> list[Trade]:
    o = df["open"].to_numpy(float)
    h = df["high"].to_numpy(float)
    lo = df["low"].to_numpy(float)
    c = df["close"].to_numpy(float)
    ts = df["ts"].to_numpy(np.int64)
    end = df["end"].to_numpy(np.int64)
    rsi = talib.RSI(c, 14)
    upper, middle, lower = talib.BBANDS(c, 20, 2.0, 2.0, 0)
    atr = talib.ATR(h, lo, c, 14)
    window = Window()

    trades: list[Trade] = []
    pos = 0  # signed contracts
    entry_ts = 0
    entry_px = 0.0
    realized = 0.0
    commissions = 0.0
    direction = 0  # the trade the bot believes it is in
    pending: list[tuple[str, int, int, float | None, float | None]] = []
    # (kind, side, qty, stop, target) market orders to fill at the next open
    stop = target = None  # live bracket prices for the current position
    orders: list[tuple[str, int, int, float | None, float | None]] = []  # sent at this close
    in_window = False
    halted = False
    roll_at = 0
    day_start_equity = 0.0

    def fill(side: int, qty: int, price: float, when: int) -> None:
        nonlocal pos, entry_ts, entry_px, realized, commissions
        commissions += qty * COMMISSION
        if pos == 0:
            pos, entry_ts, entry_px = side * qty, when, price
            return
        assert side == -int(math.copysign(1, pos)) and qty == abs(pos), "only round trips"
        realized += (price - entry_px) * pos * POINT_VALUE
        trades.append(Trade(1 if pos > 0 else -1, abs(pos), entry_ts, entry_px, when, price))
        pos = 0

    def close_position() -> None:
        """Cancel the bracket and close at market; the trade ends when the close fills."""
        nonlocal stop, target
        if pos and not any(kind == "close" for kind, *_ in orders):
            orders.append(("close", -1 if pos > 0 else 1, abs(pos), None, None))
        stop = target = None

    def close_all() -> None:
        """Close everything and forget the trade at once (flatten, reverse, halt)."""
        nonlocal direction
        close_position()
        direction = 0

    for i in range(len(c)):
        # ---- the simulated broker on this bar: market orders at the open
        for kind, side, qty, st, tg in pending:
            price = up(o[i] + SLIP * TICK) if side > 0 else down(o[i] - SLIP * TICK)
            fill(side, qty, price, int(ts[i]))
            if kind == "entry":
                stop, target = st, tg
                # the bracket comes alive at the open and sees the rest of this bar
                if pos and stop is not None:
                    hit = (
                        (o[i] <= stop or lo[i] <= stop)
                        if pos > 0
                        else (o[i] >= stop or h[i] >= stop)
                    )
                    if hit:
                        trig = o[i] if ((o[i] <= stop) if pos > 0 else (o[i] >= stop)) else stop
                        px = down(trig - SLIP * TICK) if pos > 0 else up(trig + SLIP * TICK)
                        fill(-1 if pos > 0 else 1, abs(pos), px, int(end[i]))
                        stop = target = None
                if pos and target is not None:
                    if pos > 0 and (o[i] >= target or h[i] >= target):
                        px = max(down(o[i]), target) if o[i] >= target else target
                        fill(-1, pos, px, int(end[i]))
                        stop = target = None
                    elif pos < 0 and (o[i] <= target or lo[i] <= target):
                        px = min(up(o[i]), target) if o[i] <= target else target
                        fill(1, -pos, px, int(end[i]))
                        stop = target = None
        had_pending = bool(pending)
        pending = []
        if pos and (stop is not None or target is not None) and not had_pending:
            # a bracket working since an earlier bar: the open first, then stop, then target
            if stop is not None and ((o[i] <= stop) if pos > 0 else (o[i] >= stop)):
                px = down(o[i] - SLIP * TICK) if pos > 0 else up(o[i] + SLIP * TICK)
                fill(-1 if pos > 0 else 1, abs(pos), px, int(ts[i]))
            elif target is not None and ((o[i] >= target) if pos > 0 else (o[i] <= target)):
                px = max(down(o[i]), target) if pos > 0 else min(up(o[i]), target)
                fill(-1 if pos > 0 else 1, abs(pos), px, int(ts[i]))
            elif stop is not None and ((lo[i] <= stop) if pos > 0 else (h[i] >= stop)):
                px = down(stop - SLIP * TICK) if pos > 0 else up(stop + SLIP * TICK)
                fill(-1 if pos > 0 else 1, abs(pos), px, int(end[i]))
            elif target is not None and ((h[i] >= target) if pos > 0 else (lo[i] <= target)):
                fill(-1 if pos > 0 else 1, abs(pos), target, int(end[i]))
            if pos == 0:
                stop = target = None
        if pos == 0 and direction and not pending:
            direction = 0

        # ---- the bot decides at the close of bar i
        now = int(end[i])
        unrealized = (c[i] - entry_px) * pos * POINT_VALUE if pos else 0.0
        equity = CAPITAL + realized - commissions + unrealized
        if now >= roll_at:
            roll_at = next_roll(now)
            day_start_equity = equity
            halted = False
        orders.clear()

        if not halted and day_start_equity - equity >= MAX_DAILY_LOSS:
            halted = True
            close_all()
        inside, past_flatten = window.state(now)
        active = inside and not past_flatten
        in_window = active
        if not active and (direction or pos):
            close_all()
        if direction and pos:
            if (pos > 0 and c[i] >= middle[i]) or (pos < 0 and c[i] <= middle[i]):
                close_position()
        signal = 0
        if rsi[i] < 30 and c[i] < lower[i]:
            signal = 1
        elif rsi[i] > 70 and c[i] > upper[i]:
            signal = -1
        if signal and signal != direction:
            if not in_window or halted:
                if direction:
                    close_all()
            else:
                if direction:
                    close_all()
                price = c[i]
                st = tg = None
                if atr[i] == atr[i] and atr[i] > 0:
                    st = down(price - 2 * atr[i]) if signal > 0 else up(price + 2 * atr[i])
                    t = down(price + 3 * atr[i]) if signal > 0 else up(price - 3 * atr[i])
                    if signal > 0 and not t > price + 1e-12:
                        t = down(price) + TICK
                    if signal < 0 and not t < price - 1e-12:
                        t = up(price) - TICK
                    tg = t
                if st is not None:
                    n = math.floor(equity * RISK / (abs(price - st) * POINT_VALUE) + 1e-9)
                else:
                    n = 1
                n = min(
                    n,
                    math.floor(equity * MAX_LEVERAGE / (price * POINT_VALUE) + 1e-9),
                    MAX_CONTRACTS,
                )
                # the position cap looks at the position held now, closes still pending
                room = abs(pos) + MAX_POSITION if pos * signal < 0 else MAX_POSITION - abs(pos)
                n = max(0, min(n, room))
                if n > 0:
                    orders.append(("entry", signal, n, st, tg))
                    direction = signal
        pending = list(orders)
    return trades
