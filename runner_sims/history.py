"""History for any range, shared by both local servers.

The bundled data is one week; a trader testing ``runner data fetch`` asks for months. A
range wholly before the bundled (shifted) bars is therefore served as *synthetic* minute
bars (a range reaching into the bundled bars gets those alone, as it always did): generated deterministically from the contract symbol and the session's date (the same
request always gets the same bars, on any machine), on the product's tick grid, within the
session hours of its exchange calendar, and only on the calendar's trading days. They are
good for exercising protocols, paging, pacing and the catalog; they are not market data.

Second bars are split out of minute bars (open first, close last, both extremes touched), so
that sixty of them aggregate back to exactly their minute bar whichever series a client asks
for.
"""

from __future__ import annotations

import bisect
import hashlib
import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import numpy as np

from runner.api import MINUTE_NS, NS, Bar
from runner.api.contracts import get_spec
from runner.api.history import calendar_span, session_window, sessions_between

SECOND_NS = NS
DEFAULT_BASE = 100.0
MINUTE_VOLATILITY = 0.0004
"""Standard deviation of one synthetic minute's return, as a fraction of the price."""


def _root(symbol: str) -> str:
    from runner_plugins.rithmic.config import root_of

    return root_of(symbol)


def _utc_day(ns: int) -> date:
    return datetime.fromtimestamp(ns // NS, tz=UTC).date()


def _seed(*parts: object) -> int:
    digest = hashlib.blake2b("|".join(str(p) for p in parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _day_level(base: float, day: date) -> float:
    """A slow, deterministic drift of the price level, so months of bars wander plausibly."""
    o = day.toordinal()
    return base * math.exp(0.06 * math.sin(2 * math.pi * o / 97) + 0.02 * math.sin(o / 7.3))


def synthetic_session(
    symbol: str, day: date, opens: int, closes: int, tick: float, base: float
) -> list[Bar]:
    """The minute bars of one session: a seeded random walk in whole ticks."""
    count = (closes - opens) // MINUTE_NS
    if count <= 0:
        return []
    rng = np.random.default_rng(_seed(symbol.upper(), day.isoformat()))
    level = _day_level(base, day)
    sigma = max(1.0, level * MINUTE_VOLATILITY / tick)  # ticks per minute
    steps = np.rint(rng.normal(0.0, sigma, count)).astype(np.int64)
    start = max(1, round(level / tick))
    closes_t = np.maximum(start + np.cumsum(steps), 1)
    opens_t = np.concatenate(([start], closes_t[:-1]))
    wick_up = np.rint(np.abs(rng.normal(0.0, sigma / 2, count))).astype(np.int64)
    wick_dn = np.rint(np.abs(rng.normal(0.0, sigma / 2, count))).astype(np.int64)
    highs_t = np.maximum(opens_t, closes_t) + wick_up
    lows_t = np.maximum(np.minimum(opens_t, closes_t) - wick_dn, 1)
    volumes = rng.integers(5, 400, count)
    digits = _digits(tick)
    out: list[Bar] = []
    for i in range(count):
        ts = opens + i * MINUTE_NS
        out.append(
            Bar(
                symbol,
                ts,
                ts + MINUTE_NS,
                round(float(opens_t[i]) * tick, digits),
                round(float(highs_t[i]) * tick, digits),
                round(float(lows_t[i]) * tick, digits),
                round(float(closes_t[i]) * tick, digits),
                float(volumes[i]),
            )
        )
    return out


def _digits(tick: float) -> int:
    """Decimals that write every multiple of ``tick`` exactly (ZN's 1/64: six)."""
    text = f"{tick:.10f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def split_seconds(bar: Bar, tick: float) -> list[Bar]:
    """Sixty one-second bars of one minute bar, aggregating back to it exactly."""
    rng = np.random.default_rng(_seed(bar.symbol, bar.ts))
    first, second = sorted(int(x) for x in rng.choice(np.arange(1, 59), 2, replace=False))
    up_first = bar.close < bar.open
    at = {0: bar.open, 59: bar.close}
    at[first] = bar.high if up_first else bar.low
    at[second] = bar.low if up_first else bar.high
    keys = sorted(at)
    path = np.interp(np.arange(60), keys, [at[k] for k in keys])
    digits = _digits(tick)
    volume = int(bar.volume)
    share, rest = divmod(volume, 60)
    out: list[Bar] = []
    for k in range(60):
        # between two anchors on the grid, the nearest tick stays within [low, high]
        p = float(at[k]) if k in at else round(round(float(path[k]) / tick) * tick, digits)
        ts = bar.ts + k * SECOND_NS
        out.append(Bar(bar.symbol, ts, ts + SECOND_NS, p, p, p, p, float(share + (k < rest))))
    return out


def resample(bars: list[Bar], bar_ns: int, tick: float) -> list[Bar]:
    """Minute bars as bars of ``bar_ns``: split to seconds below a minute, merged above."""
    from runner_sims.ib.market import aggregate

    if bar_ns == MINUTE_NS:
        return bars
    if bar_ns > MINUTE_NS:
        return aggregate(bars, bar_ns)
    seconds = [s for b in bars for s in split_seconds(b, tick)]
    return seconds if bar_ns == SECOND_NS else aggregate(seconds, bar_ns)


class ServedHistory:
    """What a server answers for a history request of one symbol.

    ``bundled`` are a product's real (time-shifted) minute bars; everything before the first
    of them, up to ``now``, is synthetic. Nothing after ``now`` exists yet.
    """

    def __init__(self, root: str, bundled: Sequence[Bar]) -> None:
        self.root = root.upper()
        self.bundled = list(bundled)
        self._starts = [b.ts for b in self.bundled]
        spec = get_spec(self.root)
        self.tick = spec.tick_size if spec is not None else 0.01
        self.calendar = spec.calendar if spec is not None else "XNYS"
        self.base = self.bundled[0].open if self.bundled else DEFAULT_BASE

    def minutes(
        self,
        symbol: str,
        start: int,
        end: int,
        now: int,
        limit: int | None = None,
        last: bool = False,
    ) -> list[Bar]:
        """Minute bars with ``start <= ts`` and ``end_of_bar <= min(end, now)``, oldest first:
        the first ``limit`` of them, or the last ``limit`` with ``last``.

        A range ending at or before the first bundled bar is synthetic; any other range is
        answered from the bundled bars alone, as before there was synthetic history (so a
        request reaching into the bundled data never mixes the two). Generation stops at
        ``limit``: a page costs what it returns, however far back ``start`` lies."""
        stop = min(end, now)
        if self._starts and stop > self._starts[0]:
            lo = bisect.bisect_left(self._starts, start)
            real = [
                Bar(symbol, b.ts, b.end, b.open, b.high, b.low, b.close, b.volume)
                for b in self.bundled[lo:]
                if b.end <= stop
            ]
            return real if limit is None else (real[-limit:] if last else real[:limit])
        if last and limit is not None:
            return self._last_synthetic(symbol, start, stop, limit)
        out: list[Bar] = []
        for day, opens, closes in sessions_between(self.calendar, start, stop):
            out.extend(self._session(symbol, day, opens, closes, start, stop))
            if limit is not None and len(out) >= limit:
                return out[:limit]
        return out

    def _session(
        self, symbol: str, day: date, opens: int, closes: int, start: int, stop: int
    ) -> list[Bar]:
        bars = synthetic_session(symbol, day, opens, closes, self.tick, self.base)
        return [b for b in bars if b.ts >= start and b.end <= stop]

    def _last_synthetic(self, symbol: str, start: int, stop: int, limit: int) -> list[Bar]:
        """The newest ``limit`` synthetic bars, walking back a session at a time."""
        parts: list[list[Bar]] = []
        count = 0
        day = _utc_day(stop) + timedelta(days=1)
        floor = max(_utc_day(start) - timedelta(days=1), calendar_span(self.calendar)[0])
        while count < limit and day >= floor:
            window = session_window(self.calendar, day)
            if window is not None:
                part = self._session(symbol, day, *window, start, stop)
                parts.append(part)
                count += len(part)
            day -= timedelta(days=1)
        return [b for part in reversed(parts) for b in part][-limit:]


def history_bars(
    bundled: Sequence[Bar] | None,
    symbol: str,
    start: int | None,
    end: int | None,
    now: int,
    bar_ns: int = MINUTE_NS,
    limit: int | None = None,
    last: bool = False,
) -> list[Bar]:
    """A server's source bars for one history request: minute bars (seconds below a
    minute), bundled ones as they are and synthetic ones before them, for the caller to
    filter and aggregate as it always has. ``bundled`` None: the product is not served.

    ``last``: the newest ``limit`` bars of the range rather than the oldest.
    ``start`` None means from the first bundled bar (no synthetic history is invented for
    an open-ended request), ``end`` None means up to ``now``. ``limit`` caps the bars of
    ``bar_ns`` the caller needs, so a page never generates months it will not send."""
    if bundled is None:
        return []
    served = ServedHistory(_root(symbol), bundled)
    if start is None:
        start = served.bundled[0].ts if served.bundled else now
    stop = now if end is None else end
    if bar_ns >= MINUTE_NS:  # a longer bar may straddle the page's edge: one minute more
        need = None if limit is None else limit * (bar_ns // MINUTE_NS) + (bar_ns > MINUTE_NS)
        return served.minutes(symbol, start, stop, now, need, last)
    # a page of seconds may start inside a minute: that minute is split too
    need = None if limit is None else limit // max(1, MINUTE_NS // bar_ns) + 2
    lo = start - start % MINUTE_NS
    return resample(served.minutes(symbol, lo, stop, now, need, last), SECOND_NS, served.tick)
