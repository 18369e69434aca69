"""The gold RSI/Bollinger bot as a bare Python loop over arrays computed at once.

The yardstick of ``bench_engine.py``: what a hand-written backtest of this one bot costs
when everything that can be computed over whole arrays is (TA-Lib for RSI(14), BB(20, 2)
and ATR(14); pandas for the New York window 08:20-13:30 with its 13:25 flatten and the
17:00 trading-day roll), leaving only the per-bar decisions, fills and bookkeeping in
Python. The rules are those of ``tests/correctness/reference_gold.py`` (which computes the
window per bar with ``datetime``); like it, this loop knows no exchange holidays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import talib

TICK = 0.1
POINT_VALUE = 100.0
COMMISSION = 2.5
CAPITAL = 100_000.0
RISK = 0.005
MAX_LEVERAGE = 4.0
MAX_CONTRACTS = 2
MAX_POSITION = 2
MAX_DAILY_LOSS = 2500.0
MINUTE_NS = 60 * 10**9


@dataclass(slots=True)
class PlainTrade:
    side: int
    qty: int
    entry_ts: int
    entry_price: float
    exit_ts: int
    exit_price: float


@dataclass(slots=True)
class Columns:
    """One-minute bars as arrays: start stamps (ns UTC) and prices."""

    ts: np.ndarray
    open: np.ndarray
    high: np.ndarray
    low: np.ndarray
    close: np.ndarray


def read_csv(path: str) -> Columns:
    df = pd.read_csv(path, usecols=["timestamp", "open", "high", "low", "close"])
    ts = pd.to_datetime(df["timestamp"], utc=True).dt.as_unit("ns").astype("int64")
    return Columns(
        ts.to_numpy(np.int64),
        df["open"].to_numpy(float),
        df["high"].to_numpy(float),
        df["low"].to_numpy(float),
        df["close"].to_numpy(float),
    )


def _up(p: float) -> float:
    return round(math.ceil(p / TICK - 1e-9) * TICK, 10)


def _down(p: float) -> float:
    return round(math.floor(p / TICK + 1e-9) * TICK, 10)


def calendar(end: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per bar close: entries allowed, must flatten, and a new trading day begins."""
    local = pd.DatetimeIndex(pd.to_datetime(end, utc=True)).tz_convert("America/New_York")
    minutes = np.asarray(local.hour * 60 + local.minute, dtype=np.int64)
    weekday = np.asarray(local.weekday < 5)
    inside = weekday & (minutes >= 8 * 60 + 20) & (minutes < 13 * 60 + 30)
    active = inside & (minutes < 13 * 60 + 25)
    day = np.asarray((local.tz_localize(None) - pd.Timedelta(hours=17)).floor("D").asi8)
    new_day = np.ones(len(day), dtype=bool)
    new_day[1:] = day[1:] != day[:-1]
    return active, ~active, new_day


def run(bars: Columns) -> list[PlainTrade]:
    o, h, lo, c, ts = bars.open, bars.high, bars.low, bars.close, bars.ts
    end = ts + MINUTE_NS
    rsi = talib.RSI(c, 14)
    upper, middle, lower = talib.BBANDS(c, 20, 2.0, 2.0, 0)
    atr = talib.ATR(h, lo, c, 14)
    active_a, flatten_a, new_day_a = calendar(end)
    o, h, lo, c = o.tolist(), h.tolist(), lo.tolist(), c.tolist()
    rsi, upper, middle, lower, atr = (a.tolist() for a in (rsi, upper, middle, lower, atr))
    active_l, flatten_l, new_day_l = active_a.tolist(), flatten_a.tolist(), new_day_a.tolist()
    ts_l, end_l = ts.tolist(), end.tolist()

    trades: list[PlainTrade] = []
    pos = 0
    entry_ts = 0
    entry_px = 0.0
    cash = CAPITAL  # capital + realized - commission
    direction = 0
    stop = target = None
    pending: tuple[str, int, int, float | None, float | None] | None = None
    closing = 0  # a close at market sent at this close: contracts and side
    halted = False
    day_start = 0.0

    def book(side: int, qty: int, price: float, when: int) -> None:
        nonlocal pos, entry_ts, entry_px, cash
        cash -= qty * COMMISSION
        if pos == 0:
            pos, entry_ts, entry_px = side * qty, when, price
            return
        cash += (price - entry_px) * pos * POINT_VALUE
        trades.append(PlainTrade(1 if pos > 0 else -1, abs(pos), entry_ts, entry_px, when, price))
        pos = 0

    for i in range(len(c)):
        oi = o[i]
        if closing or pending is not None:
            if closing:  # the close at market sent at the previous close
                side = -1 if pos > 0 else 1
                book(side, abs(pos), _up(oi + TICK) if side > 0 else _down(oi - TICK), ts_l[i])
                closing = 0
            if pending is not None:
                _, side, qty, st, tg = pending
                pending = None
                book(side, qty, _up(oi + TICK) if side > 0 else _down(oi - TICK), ts_l[i])
                stop, target = st, tg
                if pos and stop is not None:  # the bracket sees the rest of this bar
                    if pos > 0 and (oi <= stop or lo[i] <= stop):
                        trig = oi if oi <= stop else stop
                        book(-1, pos, _down(trig - TICK), end_l[i])
                        stop = target = None
                    elif pos < 0 and (oi >= stop or h[i] >= stop):
                        trig = oi if oi >= stop else stop
                        book(1, -pos, _up(trig + TICK), end_l[i])
                        stop = target = None
                if pos and target is not None:
                    if pos > 0 and (oi >= target or h[i] >= target):
                        book(-1, pos, max(_down(oi), target) if oi >= target else target, end_l[i])
                        stop = target = None
                    elif pos < 0 and (oi <= target or lo[i] <= target):
                        book(1, -pos, min(_up(oi), target) if oi <= target else target, end_l[i])
                        stop = target = None
        elif pos and (stop is not None or target is not None):
            if stop is not None and (oi <= stop if pos > 0 else oi >= stop):
                px = _down(oi - TICK) if pos > 0 else _up(oi + TICK)
                book(-1 if pos > 0 else 1, abs(pos), px, ts_l[i])
            elif target is not None and (oi >= target if pos > 0 else oi <= target):
                px = max(_down(oi), target) if pos > 0 else min(_up(oi), target)
                book(-1 if pos > 0 else 1, abs(pos), px, ts_l[i])
            elif stop is not None and (lo[i] <= stop if pos > 0 else h[i] >= stop):
                px = _down(stop - TICK) if pos > 0 else _up(stop + TICK)
                book(-1 if pos > 0 else 1, abs(pos), px, end_l[i])
            elif target is not None and (h[i] >= target if pos > 0 else lo[i] <= target):
                book(-1 if pos > 0 else 1, abs(pos), target, end_l[i])
            if pos == 0:
                stop = target = None
        if pos == 0 and direction:
            direction = 0

        # ---- the decision at the close of bar i
        ci = c[i]
        equity = cash + (ci - entry_px) * pos * POINT_VALUE if pos else cash
        if new_day_l[i]:
            day_start = equity
            halted = False
        if (not halted and day_start - equity >= MAX_DAILY_LOSS) or (
            flatten_l[i] and (direction or pos)
        ):
            halted = halted or day_start - equity >= MAX_DAILY_LOSS
            if pos:
                closing = 1
            stop = target = None
            direction = 0
        if direction and pos and (ci >= middle[i] if pos > 0 else ci <= middle[i]):
            closing = 1
            stop = target = None
        r = rsi[i]
        signal = 0
        if r < 30 and ci < lower[i]:
            signal = 1
        elif r > 70 and ci > upper[i]:
            signal = -1
        if signal and signal != direction:
            if direction:
                if pos:
                    closing = 1
                stop = target = None
                direction = 0
            if active_l[i] and not halted:
                a = atr[i]
                st = tg = None
                if a == a and a > 0:
                    st = _down(ci - 2 * a) if signal > 0 else _up(ci + 2 * a)
                    t = _down(ci + 3 * a) if signal > 0 else _up(ci - 3 * a)
                    if signal > 0 and not t > ci + 1e-12:
                        t = _down(ci) + TICK
                    if signal < 0 and not t < ci - 1e-12:
                        t = _up(ci) - TICK
                    tg = t
                n = math.floor(equity * RISK / (abs(ci - st) * POINT_VALUE) + 1e-9) if st else 1
                n = min(n, math.floor(equity * MAX_LEVERAGE / (ci * POINT_VALUE) + 1e-9))
                n = min(n, MAX_CONTRACTS)
                room = abs(pos) + MAX_POSITION if pos * signal < 0 else MAX_POSITION - abs(pos)
                n = max(0, min(n, room))
                if n > 0:
                    pending = ("entry", signal, n, st, tg)
                    direction = signal
    return trades


def main() -> None:
    """``python bench/plain_loop.py FILE.csv``: the whole process of the plain loop (read,
    TA-Lib, loop), for bench_engine.py to time beside ``runner backtest``."""
    import sys

    trades = run(read_csv(sys.argv[1]))
    print(f"{len(trades)} trades")


if __name__ == "__main__":
    main()
