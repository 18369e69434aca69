"""How long one bar's worth of rule evaluation takes (the per-bar hot path of a signal).

Run: ``python bench/bench_rules.py``. Prints nanoseconds per call for compiled rule
expressions, the ``rule`` signal's ``evaluate`` and the ``risk_per_trade`` sizer, on a
context shaped like the gold RSI/Bollinger bot's. Results are recorded in bench/README.md.
"""

from __future__ import annotations

import math
import timeit
from collections.abc import Callable
from typing import ClassVar

from runner.api.context import BotContext, InstrumentState
from runner.api.indicator import Indicator, IndicatorParams
from runner.api.signal import Intent
from runner.model import Bar
from runner.model.instrument import ContractSpec
from runner_plugins.signals.expr import compile_expression, namespace_of
from runner_plugins.signals.rule import RuleSignal
from runner_plugins.sizers.risk import RiskPerTrade

GC = ContractSpec("GC", "Gold", "COMEX", "USD", 0.1, 100.0, "COMEX", "America/New_York")
ZN = ContractSpec("ZN", "10-Year Note", "CBOT", "USD", 1 / 64, 1000.0, "CBOT", "America/Chicago")


class Values(Indicator):
    """Outputs held as plain attributes, as every built-in indicator holds them."""

    name: ClassVar[str] = "values"

    def update(self, bar: Bar) -> None:
        return None


def indicator(outputs: tuple[str, ...], **values: float) -> Indicator:
    cls = type("V", (Values,), {"outputs": outputs})
    ind = cls(IndicatorParams())
    for name in outputs:
        setattr(ind, name, values.get(name, math.nan))
    return ind


def context() -> BotContext:
    gc = InstrumentState("gc", "GCZ6", GC, True)
    zn = InstrumentState("zn", "ZNZ6", ZN, False)
    gc.bar = Bar("GCZ6", 0, 60, 1300.0, 1301.0, 1299.0, 1299.5, 10.0)
    zn.bar = Bar("ZNZ6", 0, 60, 110.0, 110.1, 109.9, 110.05, 10.0)
    inds = {
        "rsi": indicator(("value",), value=25.0),
        "bb": indicator(("upper", "middle", "lower"), upper=1310.0, middle=1305.0, lower=1300.0),
        "zn_roc": indicator(("value",), value=0.1),
        "fast": indicator(("value",), value=1.0),
        "slow": indicator(("value",), value=2.0),
    }
    return BotContext("bench", {"gc": gc, "zn": zn}, inds, 100_000.0, "America/New_York")


def per_call(fn: Callable[[], object], number: int = 1_000_000) -> float:
    best = min(timeit.repeat(fn, number=number, repeat=5))
    return best / number * 1e9


def main() -> None:
    ctx = context()
    names = namespace_of(ctx)
    rows: list[tuple[str, float]] = []
    for text in (
        "rsi < 30 and close < bb.lower",
        "rsi < 30 and close < bb.lower and zn_roc > -0.15 and position == 0",
        "abs(close - bb.middle) > 2 * (bb.upper - bb.middle)",
        "cross_above(fast, slow)",
    ):
        fn = compile_expression(text, names).bind(ctx)

        def tick(fn: Callable[[], object] = fn) -> object:
            ctx.bar_index += 1
            return fn()

        rows.append((f"expr  {text}", per_call(tick if "cross" in text else fn)))
    sig = RuleSignal(
        RuleSignal.Params(
            long="rsi < 30 and close < bb.lower", short="rsi > 70 and close > bb.upper"
        )
    )
    sig.bind(ctx)
    rows.append(("rule signal evaluate (long + short)", per_call(lambda: sig.evaluate(ctx))))
    sizer = RiskPerTrade(RiskPerTrade.Params())
    intent = Intent(1)
    rows.append(
        ("risk_per_trade size", per_call(lambda: sizer.size(ctx, ctx.primary, intent, 1300.0, 2.0)))
    )
    width = max(len(r[0]) for r in rows)
    for label, ns in rows:
        print(f"{label:<{width}}  {ns:8.1f} ns")


if __name__ == "__main__":
    main()
