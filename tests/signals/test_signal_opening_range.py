"""The ``opening_range`` signal."""

from __future__ import annotations

import pandas as pd
import pytest
from botctx_support import ES, GC, bar_at, flat_bar, load_bars, make_ctx, ns_at, step
from pydantic import ValidationError

from runner.model import MINUTE_NS
from runner_plugins.signals.opening_range import OpeningRange


def signal(ctx, **params):
    sig = OpeningRange(OpeningRange.Params(**params))
    sig.bind(ctx)
    return sig


def feed(ctx, sig, bars):
    out = []
    for b in bars:
        step(ctx, b)
        intent = sig.evaluate(ctx)
        if intent is not None:
            out.append((b.ts, intent.direction))
    return out


def session(day: str, closes: list[float], start: str = "09:30", high_low=None):
    """One-minute gold bars from ``start``: each bar's high/low are close +/- 0.2."""
    t = ns_at(f"{day} {start}")
    bars = []
    for i, c in enumerate(closes):
        hi, lo = (c + 0.2, c - 0.2) if high_low is None else high_low[i]
        bars.append(bar_at(t + i * MINUTE_NS, c, hi, lo, c))
    return bars


RANGE = [1300.0, 1301.0, 1299.0]  # 3-minute range: high 1301.2, low 1298.8


def test_breakout_up_once_per_day():
    ctx = make_ctx({"gc": GC})
    sig = signal(ctx, open="09:30", minutes=3, buffer_ticks=2)
    bars = session("2013-10-07", [*RANGE, 1301.3, 1301.4, 1301.5, 1305.0, 1290.0])
    got = feed(ctx, sig, bars)
    # 1301.3 and 1301.4 are within 2 ticks of 1301.2; 1301.5 clears it; one entry only
    assert got == [(ns_at("2013-10-07 09:35"), 1)]


def test_breakout_down_and_reason():
    ctx = make_ctx({"gc": GC})
    sig = signal(ctx, open="09:30", minutes=3)
    bars = session("2013-10-07", [*RANGE, 1298.8, 1298.7])
    for b in bars[:-1]:
        step(ctx, b)
        assert sig.evaluate(ctx) is None  # 1298.8 equals the low: not beyond it
    step(ctx, bars[-1])
    intent = sig.evaluate(ctx)
    assert intent.direction == -1
    assert intent.reason == "close 1298.7 below opening range low 1298.8"


def test_next_day_has_its_own_range():
    ctx = make_ctx({"gc": GC})
    sig = signal(ctx, open="09:30", minutes=3)
    day1 = session("2013-10-07", [*RANGE, 1302.0, 1310.0])
    evening = [
        flat_bar(ns_at("2013-10-07 18:00"), 1320.0),
        flat_bar(ns_at("2013-10-08 03:00"), 1330.0),
    ]
    day2 = session("2013-10-08", [1330.0, 1331.0, 1329.0, 1328.0])
    got = feed(ctx, sig, day1 + evening + day2)
    assert got == [(ns_at("2013-10-07 09:33"), 1), (ns_at("2013-10-08 09:33"), -1)]


def test_direction_long_only_ignores_downside():
    ctx = make_ctx({"gc": GC})
    sig = signal(ctx, open="09:30", minutes=3, direction="long")
    got = feed(ctx, sig, session("2013-10-07", [*RANGE, 1290.0, 1302.0]))
    assert got == [(ns_at("2013-10-07 09:34"), 1)]


def test_started_mid_range_does_not_trade_that_day():
    ctx = make_ctx({"gc": GC})
    sig = signal(ctx, open="09:30", minutes=3)
    bars = session("2013-10-07", [1301.0, 1299.0, 1310.0, 1320.0], start="09:31")
    assert feed(ctx, sig, bars) == []
    assert feed(ctx, sig, session("2013-10-08", [*RANGE, 1302.0])) == [
        (ns_at("2013-10-08 09:33"), 1)
    ]


def test_last_entry_cutoff():
    ctx = make_ctx({"gc": GC})
    sig = signal(ctx, open="09:30", minutes=3, last_entry="09:34")
    bars = session("2013-10-07", [*RANGE, 1300.0, 1302.0])  # breakout bar closes at 09:35
    assert feed(ctx, sig, bars) == []
    ctx2 = make_ctx({"gc": GC})
    sig2 = signal(ctx2, open="09:30", minutes=3, last_entry="09:35")
    assert feed(ctx2, sig2, bars) == [(ns_at("2013-10-07 09:34"), 1)]


def test_timezone_and_dst():
    """08:20 New York is 12:20 UTC in October and 13:20 UTC after the November change."""
    ctx = make_ctx({"gc": GC}, timezone="UTC")
    sig = signal(ctx, open="08:20", minutes=3, timezone="America/New_York")
    oct_bars = session("2013-10-31", [*RANGE, 1302.0], start="08:20")
    nov_bars = session("2013-11-04", [*RANGE, 1298.0], start="08:20")
    got = feed(ctx, sig, oct_bars + nov_bars)
    assert got == [(ns_at("2013-10-31 08:23"), 1), (ns_at("2013-11-04 08:23"), -1)]
    assert ns_at("2013-11-04 08:23") - ns_at("2013-10-31 08:23") == (4 * 24 + 1) * 60 * MINUTE_NS


def test_five_minute_bars_and_overnight_open():
    """A 18:00 Globex open: the range belongs to the session that opened the evening before."""
    ctx = make_ctx({"gc": GC})
    sig = signal(ctx, open="18:00", minutes=10)
    t = ns_at("2013-10-07 18:00")
    bars = [
        bar_at(t, 1300, 1301, 1299, 1300, minutes=5),
        bar_at(t + 5 * MINUTE_NS, 1300, 1302, 1300, 1301, minutes=5),
        bar_at(t + 10 * MINUTE_NS, 1301, 1302.5, 1301, 1302.1, minutes=5),
    ]
    assert feed(ctx, sig, bars) == [(t + 10 * MINUTE_NS, 1)]


def test_params():
    with pytest.raises(ValidationError, match="not a time of day"):
        OpeningRange.Params(open="9.30")
    with pytest.raises(ValidationError, match="unknown time zone"):
        OpeningRange.Params(timezone="New York")
    with pytest.raises(ValidationError):
        OpeningRange.Params(minutes=0)


def test_es_opening_range_on_real_bars():
    """30-minute range from 09:30 New York on a real week of ES; pandas says where it breaks."""
    bars = load_bars("ES_1m_2013-10-06.csv.gz", "ESZ3")
    ctx = make_ctx({"es": ES})
    sig = signal(ctx, open="09:30", minutes=30, buffer_ticks=1)
    got = feed(ctx, sig, bars)

    frame = pd.DataFrame(
        {"ts": [b.ts for b in bars], "high": [b.high for b in bars], "low": [b.low for b in bars]}
    )
    frame["close"] = [b.close for b in bars]
    local = pd.to_datetime(frame["ts"], utc=True).dt.tz_convert("America/New_York")
    frame["day"] = local.dt.date
    frame["minute"] = local.dt.hour * 60 + local.dt.minute
    want = []
    for _, day in frame.groupby("day"):
        rng = day[(day.minute >= 570) & (day.minute < 600)]
        if rng.empty or rng.minute.iloc[0] != 570:
            continue
        hi, lo = rng.high.max() + 0.25, rng.low.min() - 0.25
        after = day[day.minute >= 600]
        hit = after[(after.close > hi) | (after.close < lo)]
        if not hit.empty:
            row = hit.iloc[0]
            want.append((int(row.ts), 1 if row.close > hi else -1))
    assert len(want) >= 4  # Monday to Friday
    assert got == want
