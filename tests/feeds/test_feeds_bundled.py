"""The bundled sample data: every file loads, generated files keep their promises."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from runner.model import MINUTE_NS, Bar
from runner_plugins.feeds import bundled
from runner_plugins.feeds.bundled import generate
from runner_plugins.feeds.replay import load_bars

REAL = ["ES", "GC", "SPY", "USO_1d", "EURUSD_1h", "USDJPY_1d"]
GENERATED = {  # name: (tick, low, high)
    "VIX": (0.01, 14.0, 22.0),
    "ZN": (1 / 64, 125.0, 127.5),
    "6J": (0.0000005, 0.0101, 0.0105),
    "6E": (0.00005, 1.345, 1.365),
    "CL": (0.01, 100.0, 105.0),
    "MCL": (0.01, 100.0, 105.0),
    "NG": (0.001, 3.6, 3.9),
    "USO": (0.01, 34.0, 36.0),
    "MGC": (0.1, 1250.0, 1340.0),
    "MES": (0.25, 1635.0, 1705.0),
}
WEEK_START = pd.Timestamp("2013-10-06 22:00", tz="UTC")
WEEK_END = pd.Timestamp("2013-10-11 21:00", tz="UTC")


BARS: dict[str, list[Bar]] = {}


def frame(name: str) -> pd.DataFrame:
    bars = BARS.setdefault(name, load_bars(name))
    return pd.DataFrame(
        {
            "open": [b.open for b in bars],
            "high": [b.high for b in bars],
            "low": [b.low for b in bars],
            "close": [b.close for b in bars],
            "volume": [b.volume for b in bars],
        },
        index=pd.to_datetime([b.ts for b in bars], utc=True),
    )


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return {name: frame(name) for name in [*REAL, *GENERATED]}


def session_returns(df: pd.DataFrame) -> pd.Series:
    """Log returns between consecutive minutes only (no overnight or weekend gaps)."""
    r = np.log(df["close"]).diff()
    consecutive = df.index.to_series().diff() == pd.Timedelta(minutes=1)
    return r[consecutive]


def corr_with_es(data: dict[str, pd.DataFrame], name: str) -> float:
    both = pd.concat(
        [session_returns(data["ES"]).rename("es"), session_returns(data[name]).rename("x")],
        axis=1,
        sort=True,
    ).dropna()
    assert len(both) > 1500
    return float(both.corr().iloc[0, 1])


def test_every_bundled_file_loads_and_is_listed_in_sources(data) -> None:
    files = sorted(p.name for p in bundled.DATA_DIR.glob("*.csv.gz"))
    names = sorted(f.removesuffix(".csv.gz") for f in files)
    assert names == sorted([*REAL, *GENERATED])
    sources = (bundled.DATA_DIR / "SOURCES.md").read_text()
    rows = {
        line.split("|")[1].strip(): line for line in sources.splitlines() if line.startswith("| ")
    }
    for f in files:
        assert f in rows, f"{f} is not described in SOURCES.md"
        label = "| yes" if f.removesuffix(".csv.gz") in GENERATED else "| no |"
        assert label in rows[f], f"{f}: generated flag wrong in SOURCES.md"
    for name, df in data.items():
        assert len(df) > 50, name
        assert (df["volume"] > 0).all(), name
        assert (df["high"] >= df[["open", "close"]].max(axis=1)).all(), name
        assert (df["low"] <= df[["open", "close"]].min(axis=1)).all(), name
        assert df.index.is_monotonic_increasing and df.index.is_unique, name


def test_real_files_cover_the_replay_week(data) -> None:
    assert data["ES"].index[0] == WEEK_START
    assert data["GC"].index[0] == pd.Timestamp("2013-10-07 00:00", tz="UTC")
    for name in ("ES", "GC", "SPY"):
        assert data[name].index[-1] >= pd.Timestamp("2013-10-11 20:00", tz="UTC")
    daily = BARS["USO_1d"][0]
    assert daily.end - daily.ts == 86400 * 10**9


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_levels_and_tick_grid(data, name: str) -> None:
    tick, low, high = GENERATED[name]
    df = data[name]
    assert low <= df["low"].min() and df["high"].max() <= high
    for col in ("open", "high", "low", "close"):
        ticks = df[col] / tick
        assert np.allclose(ticks, ticks.round(), atol=1e-6), f"{name}.{col} off the tick grid"
    assert {b.end - b.ts for b in BARS[name]} == {MINUTE_NS}


@pytest.mark.parametrize("name", ["ZN", "6J", "6E", "CL", "MCL", "NG"])
def test_globex_hours(data, name: str) -> None:
    idx = data[name].index
    assert idx[0] == WEEK_START and idx[-1] == WEEK_END - pd.Timedelta(minutes=1)
    ct = idx.tz_convert("America/Chicago")
    assert not (ct.hour == 16).any()  # daily maintenance break 16:00-17:00 CT
    assert len(idx) == 5 * 23 * 60


def test_cash_hours_of_vix_and_uso(data) -> None:
    vix = data["VIX"].index.tz_convert("America/Chicago")
    minutes = vix.hour * 60 + vix.minute
    assert minutes.min() == 8 * 60 + 30 and minutes.max() == 15 * 60 + 14
    uso = data["USO"].index.tz_convert("America/New_York")
    minutes = uso.hour * 60 + uso.minute
    assert minutes.min() == 9 * 60 + 30 and minutes.max() == 15 * 60 + 59
    assert len(uso) == 5 * 390


def test_risk_off_assets_move_against_es(data) -> None:
    assert corr_with_es(data, "VIX") < -0.7
    assert corr_with_es(data, "ZN") < -0.3
    assert corr_with_es(data, "6J") < -0.3
    assert abs(corr_with_es(data, "6E")) < 0.2


def test_vix_spikes_while_es_sells_off(data) -> None:
    vix = data["VIX"]["close"]
    rise = np.log(vix).diff(15)
    same_day = vix.index.to_series().diff(15) == pd.Timedelta(minutes=15)
    spikes = rise[same_day].nlargest(40)
    days = {t.date() for t in spikes.index}
    assert {pd.Timestamp("2013-10-08").date(), pd.Timestamp("2013-10-09").date()} <= days
    assert spikes.iloc[0] > 0.05
    es = data["ES"]["close"]
    t = spikes.index[0]
    assert es.asof(t) < es.asof(t - pd.Timedelta(minutes=15))


def test_micro_contracts_follow_their_full_size_paths(data) -> None:
    for micro, full in (("MCL", "CL"), ("MGC", "GC"), ("MES", "ES")):
        a, b = data[micro], data[full]
        assert a.index.equals(b.index)
        for col in ("open", "high", "low", "close"):
            assert np.array_equal(a[col].to_numpy(), b[col].to_numpy())
        assert a["volume"].sum() < b["volume"].sum()


def test_cl_is_busiest_in_the_nymex_morning(data) -> None:
    cl = data["CL"]
    r = np.log(cl["close"]).diff().abs()
    et = cl.index.tz_convert("America/New_York")
    hour = et.hour + et.minute / 60
    morning = (hour >= 9) & (hour < 11.5)
    assert r[morning].mean() > 2 * r[~morning].mean()
    assert cl["volume"][morning].mean() > 2 * cl["volume"][~morning].mean()


def test_ng_bursts_after_the_eia_report(data) -> None:
    r = session_returns(data["NG"])
    after = r["2013-10-10 14:30":"2013-10-10 14:49"].std()
    before = r["2013-10-10 13:30":"2013-10-10 14:29"].std()
    other_days = [
        r[f"2013-10-{d:02d} 14:30" : f"2013-10-{d:02d} 14:49"].std() for d in (7, 8, 9, 11)
    ]
    assert after > 3 * before
    assert after > 2.5 * max(other_days)
    vol = data["NG"]["volume"]
    assert (
        vol["2013-10-10 14:30":"2013-10-10 14:49"].mean()
        > 3 * vol["2013-10-10 13:30":"2013-10-10 14:29"].mean()
    )


def test_6e_weakness_episodes_revert(data) -> None:
    close = data["6E"]["close"]
    drops = 0
    for start in ("2013-10-07 08:15", "2013-10-08 13:40", "2013-10-10 14:05", "2013-10-11 07:50"):
        t0 = pd.Timestamp(start, tz="UTC")
        before = close.asof(t0)
        low = close[t0 : t0 + pd.Timedelta(minutes=40)].min()
        later = close[t0 + pd.Timedelta(hours=4) : t0 + pd.Timedelta(hours=5)].mean()
        if before - low >= 0.002 and later - low >= 0.0015:
            drops += 1
    assert drops >= 3


def test_uso_mcl_spread_gives_pairs_trades(data) -> None:
    both = pd.concat(
        [data["USO"]["close"].rename("uso"), data["MCL"]["close"].rename("mcl")],
        axis=1,
        sort=True,
    ).dropna()
    assert len(both) == 5 * 390
    beta, alpha = np.polyfit(both["mcl"], both["uso"], 1)
    assert 0.30 < beta < 0.40
    spread = both["uso"] - beta * both["mcl"]
    assert abs(spread.autocorr(lag=60)) < 0.5  # mean-reverting, not a random walk
    z = (spread - spread.rolling(20).mean()) / spread.rolling(20).std()
    holding, entries, exits = False, 0, 0
    for value in z.dropna():
        if not holding and abs(value) >= 2.0:
            holding, entries = True, entries + 1
        elif holding and abs(value) <= 0.5:
            holding, exits = False, exits + 1
    assert entries >= 5 and exits >= 5
    wide = (spread - spread.mean()).abs() > 2 * spread.std()
    assert wide.sum() >= 10  # excursions beyond two standard deviations


def test_generator_reproduces_the_bundled_files(tmp_path: Path) -> None:
    written = generate.generate(tmp_path)
    assert {p.name for p in written} == {f"{n}.csv.gz" for n in GENERATED}
    for path in written:
        ours = pd.read_csv(path)
        shipped = pd.read_csv(bundled.DATA_DIR / path.name)
        assert ours["timestamp"].equals(shipped["timestamp"]), path.name
        tick = GENERATED[path.name.removesuffix(".csv.gz")][0]
        for col in ("open", "high", "low", "close"):
            # identical on this platform; a libm ulp elsewhere may flip one rounding
            assert np.abs(ours[col] - shipped[col]).max() <= tick * 1.0001, (path.name, col)
