"""``zscore_pairs`` opens only on a hedge ratio inside its bounds; closing is never held back."""

from __future__ import annotations

import pytest
from botctx_support import MCL, USO, bar_at, make_ctx, outputs, step
from pydantic import ValidationError

from runner_plugins.signals.pairs import ZScorePairs

T0 = 1_381_154_400 * 1_000_000_000
M = 60 * 1_000_000_000


def pair(**params: object) -> tuple[object, ZScorePairs]:
    ctx = make_ctx({"mcl": MCL, "uso": USO}, {"hedge": outputs("beta", "zscore")})
    sig = ZScorePairs(ZScorePairs.Params(hedge="hedge", y="mcl", x="uso", **params))
    sig.bind(ctx)
    return ctx, sig


def at(ctx, sig, i, beta, z, held=0):
    ctx.instruments["mcl"].position = held
    step(ctx, bar_at(T0 + i * M, 1, 1, 1, 1, symbol="MCLZ3"), hedge__beta=beta, hedge__zscore=z)
    return sig.evaluate(ctx)


def test_a_negative_hedge_ratio_opens_nothing_by_default() -> None:
    ctx, sig = pair()
    assert sig.params.min_beta == 0.0
    # z 2.5 with beta -61: "sell the spread" would sell MCL and sell 61 USO, no hedge
    assert at(ctx, sig, 0, -61.0, 2.5) is None
    assert at(ctx, sig, 1, -61.0, -2.5) is None
    assert at(ctx, sig, 2, 0.0, 2.5) is None  # zero is no hedge either
    opened = at(ctx, sig, 3, 61.0, 2.5)
    assert (opened.direction, opened.legs) == (-1, {"mcl": 1.0, "uso": -61.0})


def test_a_held_spread_still_closes_and_is_not_reversed_on_a_bad_ratio() -> None:
    ctx, sig = pair()
    closed = at(ctx, sig, 0, -3.0, 0.2, held=-1)
    assert closed.direction == 0 and closed.legs == {"mcl": 1.0, "uso": 3.0}
    assert at(ctx, sig, 1, -3.0, -2.5, held=-1) is None  # no reversal into a bad hedge
    assert at(ctx, sig, 2, 3.0, -2.5, held=-1).direction == 1


def test_null_allows_any_ratio_and_max_beta_bounds_it_from_above() -> None:
    ctx, sig = pair(min_beta=None)
    assert at(ctx, sig, 0, -61.0, 2.5).legs == {"mcl": 1.0, "uso": 61.0}
    ctx, sig = pair(max_beta=100.0)
    assert at(ctx, sig, 0, 150.0, 2.5) is None
    assert at(ctx, sig, 1, 99.0, 2.5).direction == -1
    ctx, sig = pair(min_beta=10.0, max_beta=100.0)
    assert at(ctx, sig, 0, 9.0, 2.5) is None


def test_bounds_are_checked() -> None:
    with pytest.raises(ValidationError, match="min_beta must be smaller than max_beta"):
        ZScorePairs.Params(hedge="h", y="a", x="b", min_beta=5.0, max_beta=5.0)
    with pytest.raises(ValidationError, match="max_beta"):
        ZScorePairs.Params(hedge="h", y="a", x="b", max_beta=-1.0)
