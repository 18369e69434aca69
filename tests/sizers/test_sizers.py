"""The ``fixed`` and ``risk_per_trade`` sizers: exact contract counts."""

from __future__ import annotations

import pytest
from botctx_support import ES, GC, make_ctx
from pydantic import ValidationError

from runner.api.base import PluginKind
from runner.api.signal import Intent
from runner.plugins import registry
from runner_plugins.sizers.fixed import FixedSizer
from runner_plugins.sizers.risk import RiskPerTrade


def size(params, price, stop, *, equity=100_000.0, spec=GC, confidence=1.0):
    ctx = make_ctx({"x": spec}, capital=equity)
    sizer = RiskPerTrade(RiskPerTrade.Params(**params))
    return sizer.size(ctx, ctx.primary, Intent(1, confidence), price, stop)


def test_fixed():
    ctx = make_ctx({"gc": GC})
    assert FixedSizer(FixedSizer.Params()).size(ctx, ctx.primary, Intent(1), 1300.0, None) == 1
    assert (
        FixedSizer(FixedSizer.Params(contracts=3)).size(ctx, ctx.primary, Intent(-1), 1.0, 2.0) == 3
    )
    with pytest.raises(ValidationError):
        FixedSizer.Params(contracts=0)


@pytest.mark.parametrize(
    ("params", "price", "stop", "equity", "expected"),
    [
        # 1 % of 100k = 1000 $; GC stop 2.0 points x 100 $ = 200 $/contract -> 5
        ({"max_leverage": 10}, 1300.0, 2.0, 100_000.0, 5),
        # ... but at the default leverage 4: 400k / 130k notional per contract = 3.07 -> 3
        ({}, 1300.0, 2.0, 100_000.0, 3),
        # 1000 / (2.46 x 100 = 246) = 4.06 -> 4
        ({"max_leverage": 10}, 1300.0, 2.46, 100_000.0, 4),
        # float edge: 1000 / (0.3 x 100) = 33.33 and 1000 / (2.5 x 100) = 4 exactly
        ({"max_leverage": 100}, 1300.0, 0.3, 100_000.0, 33),
        ({"max_leverage": 10}, 1300.0, 2.5, 100_000.0, 4),
        # 3 ticks of 0.1 are 0.30000000000000004: 300 / 30.000000000000004 must still be 10
        ({"risk": 0.003, "max_leverage": 100}, 1300.0, 3 * 0.1, 100_000.0, 10),
        # 0.1 % of 100k = 100 $, one contract risks 200 $ -> 0
        ({"risk": 0.001}, 1300.0, 2.0, 100_000.0, 0),
        # leverage: 4 x 100k / (1300 x 100) = 3.07 -> 3 caps the 50 risk would allow
        ({}, 1300.0, 0.2, 100_000.0, 3),
        # max_contracts caps below the risk answer
        ({"max_contracts": 2}, 1300.0, 2.0, 100_000.0, 2),
        # no stop: the default size, still capped by leverage
        ({"default_contracts": 2}, 1300.0, None, 100_000.0, 2),
        ({"default_contracts": 5}, 1300.0, None, 100_000.0, 3),
        ({"default_contracts": 5}, 1300.0, 0.0, 100_000.0, 3),
        # one contract of gold is 130k notional: 20k equity x 4 = 80k forbids even one
        ({}, 1300.0, 2.0, 20_000.0, 0),
        ({}, 1300.0, None, 20_000.0, 0),
        # ES: 0.5 % of 150k = 750 $; stop 6 points x 50 = 300 $ -> 2
        ({"risk": 0.005}, 4000.0, 6.0, 150_000.0, 2),
        # zero or negative equity never trades
        ({}, 1300.0, 2.0, 0.0, 0),
        ({}, 1300.0, 2.0, -5.0, 0),
    ],
)
def test_risk_per_trade(params, price, stop, equity, expected):
    spec = ES if price == 4000.0 else GC
    assert size(params, price, stop, equity=equity, spec=spec) == expected


def test_confidence_scaling():
    p = {"use_confidence": True, "max_leverage": 10}
    assert size(p, 1300.0, 2.0, confidence=0.5) == 2  # floor(5 x 0.5)
    assert size(p, 1300.0, 2.0, confidence=0.6) == 3
    assert size(p, 1300.0, 2.0, confidence=0.1) == 0
    assert size(p, 1300.0, 2.0, confidence=float("nan")) == 0
    assert size(p, 1300.0, 2.0, confidence=7.0) == 5  # clamped to 1
    assert size({"max_leverage": 10}, 1300.0, 2.0, confidence=0.1) == 5  # ignored unless asked


def test_uses_equity_not_capital():
    ctx = make_ctx({"gc": GC}, capital=100_000.0)
    ctx.equity = 50_000.0
    sizer = RiskPerTrade(RiskPerTrade.Params(max_leverage=10))
    assert sizer.size(ctx, ctx.primary, Intent(1), 1300.0, 2.0) == 2  # 500 / 200


def test_params():
    with pytest.raises(ValidationError):
        RiskPerTrade.Params(risk=0)
    with pytest.raises(ValidationError):
        RiskPerTrade.Params(risk=0.5)
    with pytest.raises(ValidationError):
        RiskPerTrade.Params(max_leverage=0)
    with pytest.raises(ValidationError):
        RiskPerTrade.Params(max_contracts=0)
    p = RiskPerTrade.Params()
    assert (p.risk, p.max_leverage, p.default_contracts, p.max_contracts) == (0.01, 4.0, 1, None)


def test_registered():
    reg = registry()
    assert reg.get(PluginKind.SIZER, "fixed").cls is FixedSizer
    assert reg.get(PluginKind.SIZER, "risk_per_trade").cls is RiskPerTrade
