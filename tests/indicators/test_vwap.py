"""Session VWAP against a pandas groupby-cumsum over sessions."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from indicator_support import PROPERTY, assert_same, gold, random_ohlcv, run, source_series, to_bars

from runner.model import MINUTE_NS, from_datetime
from runner_plugins.indicators.vwap import VWAP, next_session_start

MARCH_2026 = from_datetime(datetime(2026, 3, 1, tzinfo=UTC))  # US and EU clocks change in March


def reference(data, source: str, session_start: str, timezone: str) -> np.ndarray:
    """sum(price * volume) / sum(volume), cumulated within wall-clock sessions, in pandas."""
    hours, minutes, seconds = (int(part) for part in f"{session_start}:00".split(":")[:3])
    local = pd.to_datetime(data["ts"], utc=True, unit="ns").tz_convert(timezone).tz_localize(None)
    session = (local - pd.Timedelta(hours=hours, minutes=minutes, seconds=seconds)).normalize()
    frame = pd.DataFrame(
        {
            "pv": source_series(data, source) * data["volume"],
            "v": data["volume"],
            "session": session,
        }
    )
    sums = frame.groupby("session")[["pv", "v"]].cumsum()
    with np.errstate(invalid="ignore", divide="ignore"):
        return (sums["pv"] / sums["v"]).to_numpy()


@PROPERTY
@given(
    seed=st.integers(0, 2**32 - 1),
    step=st.sampled_from([1, 5, 7, 13, 60]),
    session_start=st.sampled_from(["18:00", "09:30", "00:00", "17:15", "08:00", "08:00:30"]),
    timezone=st.sampled_from(["America/New_York", "America/Chicago", "Europe/London", "UTC"]),
    source=st.sampled_from(["hlc3", "close", "ohlc4"]),
)
def test_random_sessions_across_dst_match_pandas(seed, step, session_start, timezone, source):
    data = random_ohlcv(seed, 4000, tick=0.25, start_ns=MARCH_2026, step_ns=step * MINUTE_NS)
    params = VWAP.Params(session_start=session_start, timezone=timezone, source=source)
    got = run(VWAP(params), to_bars(data))["value"]
    assert_same(got, reference(data, source, session_start, timezone), "vwap")


@pytest.mark.parametrize("session_start", ["18:00", "09:30"])
def test_real_gold_bars_match_pandas(session_start):
    data = gold()
    got = run(VWAP(VWAP.Params(session_start=session_start)), to_bars(data))["value"]
    expected = reference(data, "hlc3", session_start, "America/New_York")
    assert_same(got, expected, "vwap")
    # The data spans five trading days: the average restarted at each session start.
    hours, minutes = (int(part) for part in session_start.split(":"))
    ts = pd.to_datetime(data["ts"], utc=True, unit="ns").tz_convert("America/New_York")
    first = np.flatnonzero((ts.hour == hours) & (ts.minute == minutes) & (data["volume"] > 0))
    assert len(first) >= 3
    for i in first:
        typical = (data["high"][i] + data["low"][i] + data["close"][i]) / 3.0
        assert got[i] == pytest.approx(typical, rel=1e-12)


def test_no_volume_yet_in_a_session_is_nan():
    data = random_ohlcv(3, 50, tick=0.25)
    data["volume"][:5] = 0.0
    got = run(VWAP(VWAP.Params()), to_bars(data))["value"]
    assert np.isnan(got[:5]).all()
    assert not np.isnan(got[5])


def test_next_session_start_follows_the_wall_clock_through_dst():
    zone = ZoneInfo("America/New_York")
    before = from_datetime(datetime(2026, 3, 7, 12, 0, tzinfo=zone))
    start = next_session_start(before, datetime.strptime("18:00", "%H:%M").time(), zone)
    assert start == from_datetime(datetime(2026, 3, 7, 23, 0, tzinfo=UTC))  # EST
    after = next_session_start(start, datetime.strptime("18:00", "%H:%M").time(), zone)
    assert after == from_datetime(datetime(2026, 3, 8, 22, 0, tzinfo=UTC))  # EDT: 23 hours


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("session_start", "25:00", "HH:MM"),
        ("session_start", "18h00", "HH:MM"),
        ("session_start", "8:00", "write the hour with two digits, '08:00'"),
        ("session_start", "18:00\n", "remove the white space"),
        ("session_start", "18:00:60", "the seconds run from 00 to 59"),
        ("timezone", "America/New_Yrok", "unknown time zone"),
    ],
)
def test_bad_session_parameters_are_refused_clearly(field, value, message):
    with pytest.raises(ValueError, match=message):
        VWAP.Params(**{field: value})
