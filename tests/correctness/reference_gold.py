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

:class:`Exits` varies the exits the way a trader writes them (the defaults are the bot as
shipped), each restated here on its own terms:

* ``anchor``: levels measured from the signal bar's close, or from the entry's fill price
  (the distances are those of the signal bar's ATR either way, and sizing uses the signal
  price);
* ``trigger``: ``touch`` levels are working orders; a signal-anchored bracket goes out with
  the entry and sees the rest of the fill bar, a fill-anchored one is sent when the entry
  fills and works from the next bar on. ``close`` levels are compared with every bar's
  close from the fill bar's on (stop first, then target, then the band exit), and a hit
  closes at market at the next open;
* ``trail``: a trailing_stop (``points``, best price from closes) instead of stop_target,
  its first stop measured like a stop_target's; a touch stop moved at a close works from
  the next bar, a close-checked one is compared with the next close;
* ``stop``: whether the stop_target exit has its stop; ``rule_stop``: a rule exit
  ``close < entry_price - k * at_entry(atr)`` (mirrored for a short), evaluated with the
  entry signal: ``at_entry(atr)`` is the ATR of the signal bar, ``entry_price`` the fill.
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
    exit_reason: str = ""


@dataclass(frozen=True)
class Exits:
    """The exits restated (see the module docstring); the defaults are the shipped bot."""

    anchor: str = "signal"  # signal | fill
    trigger: str = "touch"  # touch | close
    stop: bool = True
    rule_stop: float | None = None
    trail: float | None = None  # trailing_stop this many points behind the best close


LONG_RULE = "long: rsi < 30 and close < bb.lower"
SHORT_RULE = "short: rsi > 70 and close > bb.upper"


def levels(side: int, price: float, atr: float, stop: bool) -> tuple[float | None, float | None]:
    """Stop 2 ATR rounded away from ``price``, target 3 ATR rounded toward it but at least
    one tick beyond; none while the ATR is not warm."""
    if not (atr == atr and atr > 0):
        return None, None
    st = (down(price - 2 * atr) if side > 0 else up(price + 2 * atr)) if stop else None
    t = down(price + 3 * atr) if side > 0 else up(price - 3 * atr)
    if side > 0 and not t > price + 1e-12:
        t = down(price) + TICK
    if side < 0 and not t < price - 1e-12:
        t = up(price) - TICK
    return st, t


def trailing(side: int, price: float, points: float) -> float:
    """A trailing stop ``points`` behind ``price``, rounded away from it."""
    return down(price - points) if side > 0 else up(price + points)


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


def run(df: pd.DataFrame, exits: Exits | None = None) -> list[Trade]:
    ex = exits or Exits()
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
    # orders to fill at the next open: (kind, side, qty, reason, signal price, signal ATR)
    Order = tuple[str, int, int, str, float, float]
    pending: list[Order] = []
    orders: list[Order] = []  # sent at this close
    stop = target = None  # working (touch) bracket prices for the current position
    on_close: tuple[float | None, float | None] = (None, None)  # close-trigger levels
    entry_atr = math.nan  # at_entry(atr): the ATR of the current trade's signal bar
    best = 0.0  # the trailing stop's best close since the fill
    in_window = False
    halted = False
    roll_at = 0
    day_start_equity = 0.0

    def fill(side: int, qty: int, price: float, when: int, reason: str) -> None:
        nonlocal pos, entry_ts, entry_px, realized, commissions
        commissions += qty * COMMISSION
        if pos == 0:
            pos, entry_ts, entry_px = side * qty, when, price
            return
        assert side == -int(math.copysign(1, pos)) and qty == abs(pos), "only round trips"
        realized += (price - entry_px) * pos * POINT_VALUE
        side_ = 1 if pos > 0 else -1
        trades.append(Trade(side_, abs(pos), entry_ts, entry_px, when, price, reason))
        pos = 0

    def close_position(reason: str) -> None:
        """Cancel the bracket and close at market; the trade ends when the close fills."""
        nonlocal stop, target
        if pos and not any(kind == "close" for kind, *_ in orders):
            orders.append(("close", -1 if pos > 0 else 1, abs(pos), reason, 0.0, 0.0))
        stop = target = None

    def close_all(reason: str) -> None:
        """Close everything and forget the trade at once (flatten, reverse, halt)."""
        nonlocal direction
        close_position(reason)
        direction = 0

    def bracket_in_bar(i: int) -> None:
        """A bracket working since the open of bar i: the open first, stop before target."""
        nonlocal stop, target
        if stop is not None and ((o[i] <= stop) if pos > 0 else (o[i] >= stop)):
            px = down(o[i] - SLIP * TICK) if pos > 0 else up(o[i] + SLIP * TICK)
            fill(-1 if pos > 0 else 1, abs(pos), px, int(ts[i]), "stop")
        elif target is not None and ((o[i] >= target) if pos > 0 else (o[i] <= target)):
            px = max(down(o[i]), target) if pos > 0 else min(up(o[i]), target)
            fill(-1 if pos > 0 else 1, abs(pos), px, int(ts[i]), "target")
        elif stop is not None and ((lo[i] <= stop) if pos > 0 else (h[i] >= stop)):
            px = down(stop - SLIP * TICK) if pos > 0 else up(stop + SLIP * TICK)
            fill(-1 if pos > 0 else 1, abs(pos), px, int(end[i]), "stop")
        elif target is not None and ((h[i] >= target) if pos > 0 else (lo[i] <= target)):
            fill(-1 if pos > 0 else 1, abs(pos), target, int(end[i]), "target")
        if pos == 0:
            stop = target = None

    for i in range(len(c)):
        # ---- the simulated broker on this bar: market orders at the open
        for kind, side, qty, reason, signal_px, signal_atr in pending:
            price = up(o[i] + SLIP * TICK) if side > 0 else down(o[i] - SLIP * TICK)
            fill(side, qty, price, int(ts[i]), "entry" if kind == "entry" else reason)
            if kind != "entry":
                continue
            entry_atr = signal_atr
            best = price
            anchor = signal_px if ex.anchor == "signal" else price
            if ex.trail is not None:
                st, tg = trailing(side, anchor, ex.trail), None
            else:
                st, tg = levels(side, anchor, signal_atr, ex.stop)
            if ex.trigger == "close":
                on_close = (st, tg)
            elif ex.anchor == "signal":
                # the bracket came with the entry: alive from the open, it sees this bar
                stop, target = st, tg
                if pos and stop is not None:
                    hit = (
                        (o[i] <= stop or lo[i] <= stop)
                        if pos > 0
                        else (o[i] >= stop or h[i] >= stop)
                    )
                    if hit:
                        trig = o[i] if ((o[i] <= stop) if pos > 0 else (o[i] >= stop)) else stop
                        px = down(trig - SLIP * TICK) if pos > 0 else up(trig + SLIP * TICK)
                        fill(-1 if pos > 0 else 1, abs(pos), px, int(end[i]), "stop")
                        stop = target = None
                if pos and target is not None:
                    if pos > 0 and (o[i] >= target or h[i] >= target):
                        px = max(down(o[i]), target) if o[i] >= target else target
                        fill(-1, pos, px, int(end[i]), "target")
                        stop = target = None
                    elif pos < 0 and (o[i] <= target or lo[i] <= target):
                        px = min(up(o[i]), target) if o[i] <= target else target
                        fill(1, -pos, px, int(end[i]), "target")
                        stop = target = None
            else:
                # sent when the entry filled: it works from the next bar on
                stop, target = st, tg
        had_pending = bool(pending)
        pending = []
        if pos and (stop is not None or target is not None) and not had_pending:
            bracket_in_bar(i)
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
            close_all("max_daily_loss")
        inside, past_flatten = window.state(now)
        active = inside and not past_flatten
        in_window = active
        if not active and (direction or pos):
            close_all("window_end")
        if direction and pos:
            st, tg = on_close if ex.trigger == "close" else (None, None)
            stop_word = "trailing stop" if ex.trail is not None else "stop"
            closed = True
            if st is not None and ((c[i] <= st) if pos > 0 else (c[i] >= st)):
                close_position(f"{stop_word} {st:g} (close {c[i]:g})")
            elif tg is not None and ((c[i] >= tg) if pos > 0 else (c[i] <= tg)):
                close_position(f"target {tg:g} (close {c[i]:g})")
            else:
                closed = False
            if ex.trail is not None and not closed:
                best = max(best, c[i]) if pos > 0 else min(best, c[i])
                new = trailing(1 if pos > 0 else -1, best, ex.trail)
                level = on_close[0] if ex.trigger == "close" else stop
                if level is None or (new - level) * pos > 0:  # a stop only tightens
                    if ex.trigger == "close":
                        on_close = (new, None)
                    else:
                        stop = new  # the working stop, moved: it works from the next bar
            back = (pos > 0 and c[i] >= middle[i]) or (pos < 0 and c[i] <= middle[i])
            if back and not closed:
                close_position(f"close {c[i]:g} reached middle {middle[i]:g}")

        # ---- the rule signal: entries, and the optional exit rule, by the position held
        want_long = rsi[i] < 30 and c[i] < lower[i]
        want_short = rsi[i] > 70 and c[i] > upper[i]
        leave = False
        if ex.rule_stop is not None and pos:
            k = ex.rule_stop
            if pos > 0:
                leave = c[i] < entry_px - k * entry_atr
            else:
                leave = c[i] > entry_px + k * entry_atr
        rule_text = f"{ex.rule_stop:g} * at_entry(atr)" if ex.rule_stop is not None else ""
        intent: tuple[int, str] | None = None
        if pos > 0:
            intent = (-1, SHORT_RULE) if want_short else (0, "") if leave else None
            if intent == (0, ""):
                intent = (0, f"exit_long: close < entry_price - {rule_text}")
        elif pos < 0:
            intent = (1, LONG_RULE) if want_long else (0, "") if leave else None
            if intent == (0, ""):
                intent = (0, f"exit_short: close > entry_price + {rule_text}")
        elif want_long:
            intent = (1, LONG_RULE)
        elif want_short:
            intent = (-1, SHORT_RULE)
        if intent is not None and intent[0] != direction:
            signal, why = intent
            if signal == 0:
                close_all(why)
            elif not in_window or halted:
                if direction:
                    close_all(why)
            else:
                if direction:
                    close_all("reverse")
                price = c[i]
                if ex.trail is not None:
                    st = trailing(signal, price, ex.trail)
                else:
                    st, _ = levels(signal, price, atr[i], ex.stop)
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
                    orders.append(("entry", signal, n, why, float(price), float(atr[i])))
                    direction = signal
        pending = list(orders)
    return trades
