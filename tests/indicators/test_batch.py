"""A backtest's whole-history indicator values equal the bar-by-bar updates of a live run.

Tolerance 0 (the same floats, NaN where NaN) for every batch-capable built-in but ATR:
SMA, EMA, RSI, TR, ROC, MAX and MIN are TA-Lib in both paths, and Bollinger Bands, the
standard deviation and the z-score replay the incremental kernel's own sums. ATR's batch
is TA-Lib's, whose Wilder smoothing rounds differently from the incremental formula: it
may differ in the last bits, so it is held to 1e-9 relative (measured: about 1e-15).
Equal floats matter because rules compare them with prices (``close < bb.lower``) and
exits print them (``reached middle 1322.52``): a last-bit difference can flip either.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given

from runner_plugins.indicators import ATR, EMA, ROC, RSI, SMA, TR, BBands, Highest, Lowest
from runner_plugins.indicators.dispersion import StdDev, ZScore
from tests.indicators.indicator_support import PROPERTY, es, gold, ohlcv, run, to_bars

CASES: list[tuple[type, dict[str, Any]]] = [
    (SMA, {"period": 1}),
    (SMA, {"period": 20, "source": "hlc3"}),
    (EMA, {"period": 12}),
    (EMA, {"period": 30, "source": "ohlc4"}),
    (RSI, {"period": 14}),
    (RSI, {"period": 2, "source": "hl2"}),
    (BBands, {"period": 20, "nbdev_up": 2.0, "nbdev_dn": 2.0}),
    (BBands, {"period": 5, "nbdev_up": 1.5, "nbdev_dn": 2.5, "source": "hl2"}),
    (StdDev, {"period": 5}),
    (StdDev, {"period": 50, "nbdev": 2.0}),
    (ZScore, {"period": 20}),
    (ROC, {"period": 30}),
    (TR, {}),
    (Highest, {"period": 20}),
    (Lowest, {"period": 20, "source": "low"}),
]


def _columns(data: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {
        k: np.asarray(data[k], dtype=np.float64) for k in ("open", "high", "low", "close", "volume")
    }


def _both(cls: type, params: dict[str, Any], data: dict[str, np.ndarray]) -> tuple[dict, dict]:
    bars = to_bars(data)
    incremental = run(cls(cls.Params(**params)), bars)
    batch = cls(cls.Params(**params)).batch(_columns(data))
    assert set(batch) == set(incremental)
    return incremental, batch


def _identical(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.array_equal(a, b, equal_nan=True))


@pytest.mark.parametrize(("cls", "params"), CASES, ids=lambda v: getattr(v, "name", str(v)))
@pytest.mark.parametrize("series", [gold, es], ids=["gold", "es"])
def test_batch_values_are_the_incremental_floats(cls: type, params: dict, series: Any) -> None:
    incremental, batch = _both(cls, params, series())
    for name, values in incremental.items():
        assert _identical(batch[name], values), f"{cls.name}.{name} differs"
        assert np.isfinite(values).sum() > len(values) // 2  # compares warm values, not NaNs


@pytest.mark.parametrize("series", [gold, es], ids=["gold", "es"])
def test_batch_atr_is_within_1e_9_relative(series: Any) -> None:
    incremental, batch = _both(ATR, {"period": 14}, series())
    a, b = incremental["value"], batch["value"]
    assert _identical(np.isnan(a), np.isnan(b))
    warm = ~np.isnan(a)
    assert warm.sum() > len(a) // 2
    np.testing.assert_allclose(b[warm], a[warm], rtol=1e-9, atol=0)


@PROPERTY
@given(ohlcv(min_size=300, max_size=3000))
def test_batch_dispersion_replays_the_kernel_on_ticked_and_flat_walks(data: dict) -> None:
    """Flat stretches and tick-grid ties are where the kernel re-sums and where a last-bit
    difference would turn a flat band into a signal."""
    for cls, params in [(BBands, {"period": 20}), (StdDev, {"period": 3}), (ZScore, {"period": 7})]:
        incremental, batch = _both(cls, params, data)
        for name, values in incremental.items():
            assert _identical(batch[name], values), f"{cls.name}.{name} differs"


@pytest.mark.parametrize("period", [1, 2, 14, 100])
@pytest.mark.parametrize("series", [gold, es], ids=["gold", "es"])
def test_batch_atr_is_talibs_own_atr(period: int, series: Any) -> None:
    """The batch ATR smooths a block-wise true range; the floats are talib.ATR's of high,
    low and close, which is what the golden trade lists were made with."""
    import talib

    data = _columns(series())
    want = talib.ATR(data["high"], data["low"], data["close"], period)
    got = ATR(ATR.Params(period=period)).batch(data)["value"]
    assert _identical(got, want)
    assert _identical(
        TR(TR.Params()).batch(data)["value"], talib.TRANGE(data["high"], data["low"], data["close"])
    )


@pytest.mark.parametrize("block", [1, 3, 64, 1000])
def test_dispersion_blocks_are_the_pieces_of_one_pass(block: int) -> None:
    from runner_plugins.indicators._batch import dispersion_blocks

    x = _columns(gold())["close"]
    for period in (2, 20, 50):
        whole = [np.concatenate(c) for c in zip(*dispersion_blocks(x, period, 10**9), strict=True)]
        got = list(dispersion_blocks(x, period, block))
        assert all(len(g[0]) == block for g in got[:-1]) and 0 < len(got[-1][0]) <= block
        for k in range(3):
            assert _identical(np.concatenate([g[k] for g in got]), whole[k])
