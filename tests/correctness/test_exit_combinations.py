"""The gold bot's exits written four ways (anchor x trigger), the same four with a
trailing stop, and as a rule on the open trade, each trading exactly as its plain-loop
restatement over TA-Lib arrays.

The bot is the shipped gold bot without its bond filter (as in test_gold_reference); only
its ``exits:`` block (and, for the rule exit, its signal) changes. The runner's trade list
is compared entry by entry with :func:`reference_gold.run` given the same exits: side,
size, entry and exit time, prices and the reason of the exit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.config.project import load_project
from runner.engine.backtest import run_backtest
from runner.plugins import registry
from runner_plugins.feeds import bundled
from tests.correctness import reference_gold
from tests.correctness.test_gold_reference import gold_without_bond_filter

SHIPPED_EXITS = "  - {use: stop_target, stop: {atr: 2.0}, target: {atr: 3.0}, atr_indicator: atr}\n"
SHIPPED_SIGNAL = (
    '    short: "rsi > 70 and close > bb.upper"     # overbought and stretched above it\n'
)

COMBINATIONS = [("signal", "touch"), ("fill", "touch"), ("signal", "close"), ("fill", "close")]


def exits_yaml(anchor: str, trigger: str) -> str:
    return (
        "  - use: stop_target\n"
        "    stop: {atr: 2.0}\n"
        "    target: {atr: 3.0}\n"
        "    atr_indicator: atr\n"
        f"    anchor: {anchor}\n"
        f"    trigger: {trigger}\n"
    )


TRAIL = 1.5  # points behind the best close


def trailing_yaml(anchor: str, trigger: str) -> str:
    return f"  - {{use: trailing_stop, points: {TRAIL}, anchor: {anchor}, trigger: {trigger}}}\n"


RULE_SIGNAL = (
    '    short: "rsi > 70 and close > bb.upper"\n'
    '    exit_long: "close < entry_price - 1.5 * at_entry(atr)"\n'
    '    exit_short: "close > entry_price + 1.5 * at_entry(atr)"\n'
)
RULE_EXITS = "  - {use: stop_target, target: {atr: 3.0}, atr_indicator: atr}\n"


def backtest(tmp_path: Path, replace: dict[str, str]) -> list:
    path = gold_without_bond_filter(tmp_path)
    text = path.read_text()
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text)
    project = load_project([path, Path(__file__).parents[2] / "schedules"], base=tmp_path)
    assert not project.errors, [str(e) for e in project.errors]
    result = run_backtest(project.bots, registry(), schedules=project.schedules)
    (bot,) = result.bots
    return bot.trades


def rows(trades: list, runner: bool) -> list[tuple]:
    out = []
    for t in trades:
        side = int(t.side) if runner else t.side
        reason = t.exit_reason
        out.append(
            (
                side,
                t.qty,
                t.entry_ts,
                round(t.entry_price, 6),
                t.exit_ts,
                round(t.exit_price, 6),
                reason,
            )
        )
    return out


@pytest.fixture(scope="module")
def week():
    return reference_gold.load(str(bundled.DATA_DIR / "GC.csv.gz"))


def same_reason(got: str, want: str) -> bool:
    """Exit reasons agree; a band exit's middle line is printed with ``:g`` from each side's
    own rolling mean, which may differ in the last binary digit (1322.515 printed as
    1322.52 or 1322.51), so that number is compared to the cent."""
    marker = " reached middle "
    if marker in got and marker in want:
        g, gm = got.split(marker)
        w, wm = want.split(marker)
        return g == w and abs(float(gm) - float(wm)) <= 0.0100001
    return got == want


def compare(got: list[tuple], want: list[tuple]) -> None:
    assert len(want) >= 10  # enough trades for the comparison to mean something
    for i, (g, w) in enumerate(zip(got, want, strict=False)):
        assert g[:-1] == w[:-1] and same_reason(g[-1], w[-1]), (
            f"trade {i} differs: runner {g} vs reference {w}"
        )
    assert len(got) == len(want)


@pytest.fixture(scope="module")
def combos(tmp_path_factory, week):
    """Runner and reference trade lists of each combination, run once."""
    out = {}
    for anchor, trigger in COMBINATIONS:
        tmp = tmp_path_factory.mktemp(f"{anchor}-{trigger}")
        got = rows(backtest(tmp, {SHIPPED_EXITS: exits_yaml(anchor, trigger)}), runner=True)
        exits = reference_gold.Exits(anchor=anchor, trigger=trigger)
        want = rows(reference_gold.run(week, exits), runner=False)
        out[anchor, trigger] = (got, want)
    return out


@pytest.mark.parametrize(("anchor", "trigger"), COMBINATIONS)
def test_each_combination_equals_its_restatement_trade_by_trade(combos, anchor, trigger):
    got, want = combos[anchor, trigger]
    compare(got, want)


def test_the_defaults_are_the_shipped_bot(combos, week):
    got, _ = combos["signal", "touch"]
    compare(got, rows(reference_gold.run(week), runner=False))


def test_the_combinations_trade_differently(combos):
    """Each option changes what happens on this week, so each comparison tests it."""
    lists = {key: tuple(got) for key, (got, _) in combos.items()}
    assert len(set(lists.values())) == 4
    reasons = {key: {r[-1].split(" ")[0] for r in got} for key, got in lists.items()}
    for anchor in ("signal", "fill"):
        assert {"stop", "target"} <= reasons[anchor, "touch"]
        closes = [r[-1] for r in lists[anchor, "close"] if r[-1].startswith("stop ")]
        assert closes and all("(close " in r for r in closes)  # checked on closes


@pytest.fixture(scope="module")
def trails(tmp_path_factory, week):
    out = {}
    for anchor, trigger in COMBINATIONS:
        tmp = tmp_path_factory.mktemp(f"trail-{anchor}-{trigger}")
        got = rows(backtest(tmp, {SHIPPED_EXITS: trailing_yaml(anchor, trigger)}), runner=True)
        exits = reference_gold.Exits(anchor=anchor, trigger=trigger, trail=TRAIL)
        want = rows(reference_gold.run(week, exits), runner=False)
        out[anchor, trigger] = (got, want)
    return out


@pytest.mark.parametrize(("anchor", "trigger"), COMBINATIONS)
def test_a_trailing_stop_in_each_combination_equals_its_restatement(trails, anchor, trigger):
    got, want = trails[anchor, trigger]
    compare(got, want)


def test_the_trailing_combinations_trade_differently(trails):
    lists = {key: tuple(got) for key, (got, _) in trails.items()}
    assert len(set(lists.values())) == 4
    for anchor in ("signal", "fill"):
        stops = [r for r in lists[anchor, "touch"] if r[-1] == "stop"]
        # some were hit after the trail had moved them closer than the first stop
        assert any(abs(r[5] - r[3]) < TRAIL - 0.2 for r in stops)
        assert any(r[-1].startswith("trailing stop ") for r in lists[anchor, "close"])


def test_a_rule_exit_on_entry_price_and_entry_atr_equals_its_restatement(tmp_path, week):
    trades = backtest(tmp_path, {SHIPPED_EXITS: RULE_EXITS, SHIPPED_SIGNAL: RULE_SIGNAL})
    got = rows(trades, runner=True)
    want = rows(reference_gold.run(week, reference_gold.Exits(stop=False, rule_stop=1.5)), False)
    compare(got, want)
    assert any(r[-1].startswith("exit_long") or r[-1].startswith("exit_short") for r in got)
