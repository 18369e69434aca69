"""Cost of one ``update`` of each built-in indicator, in nanoseconds.

Run: python bench/bench_indicators.py [--bars 1000000] [--talib-bars 20000] [--repeat 3]

Bars are a random walk of valid OHLCV bars built once (a block of 250,000 reused until
``--bars`` updates have run, to keep memory small). Each indicator is timed over all of them;
the best of ``--repeat`` runs of CPU time (``time.process_time_ns``, which other work on the
machine inflates less than wall time) is reported. ``loop`` is the same loop calling a method
that does nothing: the harness's own cost, included in every other row. The generic
``talib`` indicator is O(window) per update, so it runs over ``--talib-bars`` bars and the
last column extrapolates it to 1,000,000.
"""

from __future__ import annotations

import argparse
import gc
import platform
import sys
import time
from collections.abc import Callable

import numpy as np

from runner.api.context import BotContext, InstrumentState
from runner.api.indicator import Indicator
from runner.model import MINUTE_NS, Bar
from runner.model.instrument import ContractSpec
from runner_plugins.indicators import (
    ATR,
    EMA,
    ROC,
    RSI,
    SMA,
    TR,
    VWAP,
    BBands,
    HedgeRatio,
    Highest,
    Lowest,
    StdDev,
    TalibFunction,
    ZScore,
)

BLOCK = 250_000


def make_bars(n: int, seed: int, symbol: str) -> list[Bar]:
    rng = np.random.default_rng(seed)
    close = 1500.0 * np.exp(np.cumsum(rng.normal(0.0, 0.002, n)))
    open_ = np.concatenate([[1500.0], close[:-1]])
    high = np.maximum(open_, close) + np.abs(rng.normal(0.0, 1.0, n))
    low = np.minimum(open_, close) - np.abs(rng.normal(0.0, 1.0, n))
    volume = rng.integers(1, 400, n).astype(float)
    ts = 1_780_000_000 * 1_000_000_000 + np.arange(n, dtype=np.int64) * MINUTE_NS
    rows = zip(
        ts.tolist(),
        open_.tolist(),
        high.tolist(),
        low.tolist(),
        close.tolist(),
        volume.tolist(),
        strict=True,
    )
    return [Bar(symbol, t, t + MINUTE_NS, o, h, lo, c, v) for t, o, h, lo, c, v in rows]


class Noop(Indicator):
    name = "noop"

    def update(self, bar: Bar) -> None:
        return None


def time_plain(indicator: Indicator, bars: list[Bar], total: int) -> float:
    update = indicator.update
    done = 0
    start = time.process_time_ns()
    while done < total:
        block = bars if total - done >= len(bars) else bars[: total - done]
        for bar in block:
            update(bar)
        done += len(block)
    return (time.process_time_ns() - start) / total


def time_pair(
    indicator: Indicator, bars: list[Bar], other: list[Bar], leg: InstrumentState, total: int
) -> float:
    """As the engine runs a pairs bot: the other leg's bar is set, then the indicator updates."""
    update = indicator.update
    done = 0
    start = time.process_time_ns()
    while done < total:
        size = min(len(bars), total - done)
        for bar, xbar in zip(bars[:size], other[:size], strict=True):
            leg.bar = xbar
            update(bar)
        done += size
    return (time.process_time_ns() - start) / total


def cases() -> list[tuple[str, Callable[[], Indicator], bool]]:
    """(label, factory, is the O(window) talib wrapper)."""
    return [
        ("loop (no-op update)", lambda: Noop(Noop.Params()), False),
        ("sma period=20", lambda: SMA(SMA.Params(period=20)), False),
        ("sma period=20 source=hlc3", lambda: SMA(SMA.Params(period=20, source="hlc3")), False),
        ("ema period=20", lambda: EMA(EMA.Params(period=20)), False),
        ("rsi period=14", lambda: RSI(RSI.Params(period=14)), False),
        ("bbands period=20", lambda: BBands(BBands.Params(period=20)), False),
        ("stddev period=20", lambda: StdDev(StdDev.Params(period=20)), False),
        ("zscore period=20", lambda: ZScore(ZScore.Params(period=20)), False),
        ("atr period=14", lambda: ATR(ATR.Params(period=14)), False),
        ("tr", lambda: TR(TR.Params()), False),
        ("roc period=10", lambda: ROC(ROC.Params(period=10)), False),
        ("highest period=20", lambda: Highest(Highest.Params(period=20)), False),
        ("lowest period=20", lambda: Lowest(Lowest.Params(period=20)), False),
        ("highest period=390", lambda: Highest(Highest.Params(period=390)), False),
        ("vwap session_start=18:00", lambda: VWAP(VWAP.Params()), False),
        ("talib KAMA timeperiod=10 window=200", _kama, True),
        ("talib SMA timeperiod=20 window=50", _sma, True),
    ]


def _kama() -> Indicator:
    return TalibFunction(
        TalibFunction.Params(function="KAMA", params={"timeperiod": 10}, window=200)
    )


def _sma() -> Indicator:
    return TalibFunction(TalibFunction.Params(function="SMA", params={"timeperiod": 20}, window=50))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bars", type=int, default=1_000_000)
    parser.add_argument("--talib-bars", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    bars = make_bars(min(args.bars, BLOCK), 1, "GCZ6")
    other = make_bars(min(args.bars, BLOCK), 2, "SIZ6")
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.node()}")
    print(
        f"{args.bars:,} updates per O(1) indicator, {args.talib_bars:,} for talib; best of "
        f"{args.repeat}\n"
    )
    print(f"{'indicator':<40} {'ns/update':>10} {'s per 1M bars':>14}")
    gc.disable()
    try:
        rows = []
        for label, factory, windowed in cases():
            total = args.talib_bars if windowed else args.bars
            best = min(time_plain(factory(), bars, total) for _ in range(args.repeat))
            rows.append((label, best))
        for lookback in (60, 390):
            best = float("inf")
            for _ in range(args.repeat):
                leg = InstrumentState("si", "SIZ6", _spec(), True)
                y = InstrumentState("gc", "GCZ6", _spec(), True)
                ctx = BotContext("bench", {"gc": y, "si": leg}, {}, 100_000.0, "UTC")
                indicator = HedgeRatio(HedgeRatio.Params(x="si", lookback=lookback))
                indicator.bind(ctx)
                best = min(best, time_pair(indicator, bars, other, leg, args.bars))
            rows.append((f"hedge_ratio lookback={lookback} (+ set x bar)", best))
    finally:
        gc.enable()
    for label, ns in rows:
        print(f"{label:<40} {ns:>10.0f} {ns * 1e6 / 1e9:>14.2f}")
    sys.stdout.flush()


def _spec() -> ContractSpec:
    return ContractSpec("GC", "gold", "COMEX", "USD", 0.1, 100.0, "COMEX", "America/New_York")


if __name__ == "__main__":
    main()
