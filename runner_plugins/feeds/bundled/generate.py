"""Generate the bundled one-minute bars of products that have no free intraday source.

The replay week is 2013-10-06 22:00 UTC .. 2013-10-11 21:00 UTC, the week of the real ES and
GC bars shipped beside this script. Every file written here is synthetic (SOURCES.md says
so) but built to be useful for the sample bots: levels near the October 2013 markets, the
products' own trading hours and tick grids, and the relations the bots trade on:

* VIX, ZN and 6J move against the real ES minute returns (risk-off: volatility, bonds and
  yen up), VIX with two spikes at the week's sharpest ES sell-offs;
* 6E has episodes of weakness that revert; CL is most active in the NYMEX morning; NG has
  a volatility burst after the EIA storage report (Thursday 10:30 ET);
* USO is a hedge ratio times MCL plus a mean-reverting spread with excursions past two
  standard deviations; MCL, MGC and MES follow their full-size contracts' prices.

Paths are simulated on ``STEPS`` sub-steps per minute, rounded to the tick grid, and
aggregated, so open/high/low/close are consistent by construction. A Brownian-bridge
correction pins each path to daily levels near the real closes of that week.

Deterministic: ``python -m runner_plugins.feeds.bundled.generate [OUT_DIR]`` rewrites the
files byte for byte (seeded generator, gzip without a timestamp).
"""

from __future__ import annotations

import gzip
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import exchange_calendars as xcals
import numpy as np
import pandas as pd

SEED = 20131006
STEPS = 6  # simulated sub-steps per one-minute bar
WEEK_START = pd.Timestamp("2013-10-06 22:00", tz="UTC")
WEEK_END = pd.Timestamp("2013-10-11 21:00", tz="UTC")
HERE = Path(__file__).resolve().parent
ET = "America/New_York"
CT = "America/Chicago"


# --------------------------------------------------------------------------- time grids


def calendar_minutes(name: str) -> pd.DatetimeIndex:
    """Minutes of the week's sessions of an exchange calendar (CMES, CFE, XNYS)."""
    with warnings.catch_warnings():  # the calendar library's own pandas deprecations
        warnings.simplefilter("ignore")
        cal = xcals.get_calendar(name, start="2013-09-01", end="2013-12-31")
        return cal.sessions_minutes("2013-10-07", "2013-10-11")


def globex_minutes() -> pd.DatetimeIndex:
    """CME Globex minutes of the week: Sunday 17:00 CT open, daily break 16:00-17:00 CT."""
    minutes = calendar_minutes("CMES")
    local = minutes.tz_convert(CT)
    keep = (local.hour != 16) & (minutes >= WEEK_START) & (minutes < WEEK_END)
    return minutes[keep]


def et_hours(grid: pd.DatetimeIndex) -> np.ndarray:
    local = grid.tz_convert(ET)
    return np.asarray(local.hour + local.minute / 60.0)


def activity(grid: pd.DatetimeIndex) -> np.ndarray:
    """Relative volatility by time of day: Asia quiet, London busier, New York busiest."""
    h = et_hours(grid)
    out = np.full(len(grid), 0.55)
    out[(h >= 2) & (h < 8)] = 0.8
    out[(h >= 8) & (h < 16)] = 1.25
    out[(h >= 16) & (h < 17)] = 0.6
    return out


def between_et(grid: pd.DatetimeIndex, lo: float, hi: float) -> np.ndarray:
    h = et_hours(grid)
    return (h >= lo) & (h < hi)


# --------------------------------------------------------------------------- processes


def es_log_fine(grid: pd.DatetimeIndex) -> np.ndarray:
    """Log ES price on the sub-step grid, moving linearly within each real minute bar."""
    es = pd.read_csv(HERE / "ES.csv.gz")
    idx = pd.to_datetime(es["timestamp"], utc=True, format="ISO8601")
    close = pd.Series(np.log(es["close"].to_numpy()), index=idx)
    on_grid = close.reindex(grid).ffill().bfill().to_numpy()
    prev = np.concatenate([[np.log(es["open"].iloc[0])], on_grid[:-1]])
    frac = (np.arange(STEPS) + 1) / STEPS
    return (prev[:, None] + (on_grid - prev)[:, None] * frac[None, :]).ravel()


def random_walk(rng: np.random.Generator, sd_minute: np.ndarray) -> np.ndarray:
    step_sd = np.repeat(sd_minute / np.sqrt(STEPS), STEPS)
    return np.cumsum(rng.standard_normal(len(step_sd)) * step_sd)


def ou(rng: np.random.Generator, n: int, half_life_steps: float, sd: float) -> np.ndarray:
    """Ornstein-Uhlenbeck path with stationary standard deviation ``sd``."""
    phi = 0.5 ** (1.0 / half_life_steps)
    shock = rng.standard_normal(n) * sd * np.sqrt(1 - phi * phi)
    out = np.empty(n)
    level = rng.standard_normal() * sd
    for i in range(n):
        level = phi * level + shock[i]
        out[i] = level
    return out


def episode(n: int, at: int, rise: int, decay_tau: float, size: float) -> np.ndarray:
    """A move of ``size`` built over ``rise`` steps that then decays back exponentially."""
    out = np.zeros(n)
    k = np.arange(n) - at
    building = (k >= 0) & (k < rise)
    out[building] = size * (k[building] + 1) / rise
    after = k >= rise
    out[after] = size * np.exp(-(k[after] - rise) / decay_tau)
    return out


def bridge(x: np.ndarray, grid: pd.DatetimeIndex, anchors: dict[str, float]) -> np.ndarray:
    """Shift a log path smoothly so it passes through log(level) at each anchor time."""
    pos = [0]
    target = [x[0]]
    for when, level in anchors.items():
        i = int(grid.searchsorted(pd.Timestamp(when, tz="UTC")))
        i = min(i, len(grid) - 1)
        pos.append(i * STEPS + STEPS - 1)
        target.append(np.log(level))
    pos_arr = np.asarray(pos, dtype=float)
    err = np.asarray(target) - x[np.asarray(pos)]
    err[0] = 0.0
    return x + np.interp(np.arange(len(x)), pos_arr, err)


# --------------------------------------------------------------------------- bars


@dataclass(frozen=True)
class Product:
    name: str
    tick: float
    volume_per_minute: float  # mean volume of a busy (US hours) minute


def round_to_tick(price: np.ndarray, tick: float) -> np.ndarray:
    return np.round(np.round(price / tick) * tick, 10)


def to_bars(
    prices: np.ndarray,
    grid: pd.DatetimeIndex,
    product: Product,
    rng: np.random.Generator,
    volume_weight: np.ndarray,
) -> pd.DataFrame:
    fine = round_to_tick(prices, product.tick).reshape(len(grid), STEPS)
    mean = product.volume_per_minute * volume_weight
    volume = np.maximum(1, np.round(mean * rng.gamma(2.0, 0.5, len(grid)))).astype(np.int64)
    return pd.DataFrame(
        {
            "timestamp": grid.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
            "open": fine[:, 0],
            "high": fine.max(axis=1),
            "low": fine.min(axis=1),
            "close": fine[:, -1],
            "volume": volume,
        }
    )


def restrict(frame: pd.DataFrame, grid: pd.DatetimeIndex, keep: pd.DatetimeIndex) -> pd.DataFrame:
    return frame[grid.isin(keep)].reset_index(drop=True)


def write(frame: pd.DataFrame, out: Path, name: str) -> Path:
    path = out / f"{name}.csv.gz"
    text = frame.to_csv(index=False, lineterminator="\n")
    path.write_bytes(gzip.compress(text.encode(), compresslevel=9, mtime=0))
    return path


# --------------------------------------------------------------------------- products


def make_vix(grid: pd.DatetimeIndex, es: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """VIX index: about -7x the ES log move, plus noise, spikes at the sharpest sell-offs."""
    x = np.log(17.6) - 6.5 * (es - es[0])
    x += ou(rng, len(x), half_life_steps=30 * STEPS, sd=0.005)
    cash = calendar_minutes("CFE")
    in_cash = grid.isin(cash)
    # The two steepest 20-minute ES declines inside index hours, at least a day apart.
    es_min = es.reshape(len(grid), STEPS)[:, -1]
    drop = np.full(len(grid), np.inf)
    drop[20:] = es_min[20:] - es_min[:-20]
    drop[~in_cash] = np.inf
    chosen: list[int] = []
    for i in np.argsort(drop):
        if all(abs(i - j) > 1000 for j in chosen):
            chosen.append(int(i))
        if len(chosen) == 2:
            break
    for i, size in zip(chosen, (0.06, 0.05), strict=True):
        x += episode(len(x), (i - 12) * STEPS, 12 * STEPS, 40 * STEPS, size)
    x = bridge(
        x,
        grid,
        {
            "2013-10-07 20:14": 19.41,
            "2013-10-08 20:14": 20.34,
            "2013-10-09 20:14": 19.60,
            "2013-10-10 20:14": 16.48,
            "2013-10-11 20:14": 15.72,
        },
    )
    vix = Product("VIX", 0.01, 4.0)
    frame = to_bars(np.exp(x), grid, vix, rng, np.ones(len(grid)))
    frame["volume"] = 4  # index calculations per minute (every 15 s); an index has no volume
    return restrict(frame, grid, cash)


def make_zn(grid: pd.DatetimeIndex, es: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    act = activity(grid)
    x = np.log(126.3) - 0.15 * (es - es[0]) + random_walk(rng, 0.00005 * act)
    x = bridge(
        x,
        grid,
        {
            "2013-10-07 20:59": 126.28,
            "2013-10-08 20:59": 126.45,
            "2013-10-09 20:59": 126.30,
            "2013-10-10 20:59": 125.80,
            "2013-10-11 20:59": 125.70,
        },
    )
    return to_bars(np.exp(x), grid, Product("ZN", 1 / 64, 900.0), rng, act**1.5)


def make_6j(grid: pd.DatetimeIndex, es: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    act = activity(grid)
    x = np.log(0.010318) - 0.3 * (es - es[0]) + random_walk(rng, 0.00011 * act)
    x = bridge(
        x,
        grid,
        {
            "2013-10-07 20:59": 0.010312,
            "2013-10-08 20:59": 0.010305,
            "2013-10-09 20:59": 0.010270,
            "2013-10-10 20:59": 0.010218,
            "2013-10-11 20:59": 0.010205,
        },
    )
    return to_bars(np.exp(x), grid, Product("6J", 0.0000005, 150.0), rng, act**1.5)


def make_6e(grid: pd.DatetimeIndex, rng: np.random.Generator) -> pd.DataFrame:
    """EUR futures: a slow walk plus weakness episodes in London/New York that revert."""
    act = activity(grid)
    n = len(grid) * STEPS
    x = np.log(1.3575) + random_walk(rng, 0.00006 * act)
    x += ou(rng, n, half_life_steps=20 * STEPS, sd=0.0003)
    starts = [
        ("2013-10-07 08:15", -0.0026),
        ("2013-10-08 13:40", -0.0024),
        ("2013-10-09 09:30", -0.0028),
        ("2013-10-10 14:05", -0.0025),
        ("2013-10-11 07:50", -0.0022),
    ]
    for when, size in starts:
        i = int(grid.searchsorted(pd.Timestamp(when, tz="UTC")))
        x += episode(n, i * STEPS, 25 * STEPS, 90 * STEPS, size)
    x = bridge(
        x,
        grid,
        {
            "2013-10-07 20:59": 1.3580,
            "2013-10-08 20:59": 1.3585,
            "2013-10-09 20:59": 1.3550,
            "2013-10-10 20:59": 1.3560,
            "2013-10-11 20:59": 1.3570,
        },
    )
    return to_bars(np.exp(x), grid, Product("6E", 0.00005, 500.0), rng, act**1.5)


def cl_path(grid: pd.DatetimeIndex, es: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """WTI: more movement in the NYMEX morning (09:00-11:30 ET), pinned near settlements."""
    act = activity(grid)
    act = np.where(between_et(grid, 9.0, 11.5), act * 2.2, act)
    x = np.log(103.60) + 0.35 * (es - es[0]) + random_walk(rng, 0.00032 * act)
    x = bridge(
        x,
        grid,
        {
            "2013-10-07 18:30": 103.03,
            "2013-10-08 18:30": 103.49,
            "2013-10-09 18:30": 101.61,
            "2013-10-10 18:30": 103.01,
            "2013-10-11 18:30": 102.02,
        },
    )
    return np.exp(x)


def cl_weight(grid: pd.DatetimeIndex) -> np.ndarray:
    act = activity(grid)
    return np.where(between_et(grid, 9.0, 11.5), act * 2.2, act) ** 1.5


def make_ng(grid: pd.DatetimeIndex, rng: np.random.Generator) -> pd.DataFrame:
    """Natural gas with the EIA storage report burst at 10:30 ET on Thursday 2013-10-10."""
    act = activity(grid)
    report = int(grid.searchsorted(pd.Timestamp("2013-10-10 14:30", tz="UTC")))
    k = np.arange(len(grid)) - report
    burst = np.where(k >= 0, 9.0 * np.exp(-np.clip(k, 0, None) / 8.0), 0.0)
    burst[k < 0] = 0.0
    vol = act * (1.0 + burst)
    n = len(grid) * STEPS
    x = np.log(3.66) + random_walk(rng, 0.0005 * vol)
    x += episode(n, report * STEPS, 3 * STEPS, 10_000 * STEPS, 0.012)  # bullish surprise
    x = bridge(
        x,
        grid,
        {
            "2013-10-07 18:30": 3.681,
            "2013-10-08 18:30": 3.742,
            "2013-10-09 18:30": 3.718,
            "2013-10-10 14:29": 3.735,
            "2013-10-10 18:30": 3.792,
            "2013-10-11 18:30": 3.826,
        },
    )
    weight = act**1.5 * (1.0 + burst)
    return to_bars(np.exp(x), grid, Product("NG", 0.001, 180.0), rng, weight)


HEDGE_RATIO = 0.343  # USO dollars per one dollar of MCL


def make_uso(
    grid: pd.DatetimeIndex, mcl_prices: np.ndarray, rng: np.random.Generator
) -> pd.DataFrame:
    """USO = hedge ratio x MCL + an OU spread with excursions past two standard deviations."""
    n = len(grid) * STEPS
    spread = ou(rng, n, half_life_steps=8 * STEPS, sd=0.015)
    cash = calendar_minutes("XNYS")
    cash_pos = np.flatnonzero(grid.isin(cash))
    picks = rng.choice(cash_pos[30:-30], size=14, replace=False)
    for i in np.sort(picks):
        size = rng.choice([-1.0, 1.0]) * rng.uniform(0.06, 0.10)
        spread += episode(n, int(i) * STEPS, 4 * STEPS, 10 * STEPS, size)
    prices = HEDGE_RATIO * mcl_prices + 0.05 + spread
    act = activity(grid)
    frame = to_bars(prices, grid, Product("USO", 0.01, 9000.0), rng, act**1.5)
    return restrict(frame, grid, cash)


def scaled_copy(source: str, divisor: float) -> pd.DataFrame:
    """A micro contract replayed on its full-size contract's prices with smaller volume."""
    frame = pd.read_csv(HERE / f"{source}.csv.gz")
    frame["volume"] = np.maximum(1, np.round(frame["volume"] / divisor)).astype(np.int64)
    return frame


def generate(out: Path = HERE) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    grid = globex_minutes()
    es = es_log_fine(grid)
    written: list[Path] = []
    makers: list[tuple[str, Callable[[], pd.DataFrame]]] = [
        ("VIX", lambda: make_vix(grid, es, rng)),
        ("ZN", lambda: make_zn(grid, es, rng)),
        ("6J", lambda: make_6j(grid, es, rng)),
        ("6E", lambda: make_6e(grid, rng)),
        ("NG", lambda: make_ng(grid, rng)),
    ]
    for name, make in makers:
        written.append(write(make(), out, name))
    cl = cl_path(grid, es, rng)
    written.append(
        write(to_bars(cl, grid, Product("CL", 0.01, 700.0), rng, cl_weight(grid)), out, "CL")
    )
    written.append(
        write(to_bars(cl, grid, Product("MCL", 0.01, 60.0), rng, cl_weight(grid)), out, "MCL")
    )
    written.append(write(make_uso(grid, cl, rng), out, "USO"))
    written.append(write(scaled_copy("GC", 5.0), out, "MGC"))
    written.append(write(scaled_copy("ES", 8.0), out, "MES"))
    return written


def main(argv: list[str]) -> None:
    for path in generate(Path(argv[0]) if argv else HERE):
        print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
