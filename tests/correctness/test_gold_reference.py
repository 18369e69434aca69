"""The runner's gold bot trades exactly as an independent TA-Lib + plain-loop rebuild."""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.config.project import load_project
from runner.engine.backtest import run_backtest
from runner.plugins import registry
from runner_plugins.feeds import bundled
from tests.correctness import reference_gold

ROOT = Path(__file__).resolve().parents[2]


def gold_without_bond_filter(tmp_path: Path) -> Path:
    """The shipped bot file with the bond filter (and the ZN instrument it reads) removed."""
    text = (ROOT / "strategies.d" / "gold_rsi_bb.yaml").read_text()
    lines = text.splitlines()
    out, skip = [], False
    for line in lines:
        if line.startswith("  zn:"):
            skip = True
            continue
        if skip and line.startswith("    "):
            continue
        skip = False
        if "zn_roc" in line and "use: roc" in line:
            continue
        out.append(line)
    text = "\n".join(out) + "\n"
    text = text.replace(
        "filters:\n  # Bond-yield filter: when ZN falls hard (yields jump) rates are driving metals; "
        'stand aside.\n  - {use: rule, when: "zn_roc > -0.15"}\n',
        "filters: []\n",
    )
    assert "zn" not in text.split("signals:")[0].split("instruments:")[1], text
    assert "filters: []" in text
    path = tmp_path / "gold.yaml"
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def runner_trades(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gold")
    project = load_project([gold_without_bond_filter(tmp), ROOT / "schedules"], base=tmp)
    assert not project.errors, [str(e) for e in project.errors]
    result = run_backtest(project.bots, registry(), schedules=project.schedules)
    (bot,) = result.bots
    assert bot.symbols == {"gc": "GCZ3"}
    return bot.trades


def test_trade_list_is_identical_trade_by_trade(runner_trades):
    df = reference_gold.load(str(bundled.DATA_DIR / "GC.csv.gz"))
    expected = reference_gold.run(df)
    got = [
        (int(t.side), t.qty, t.entry_ts, round(t.entry_price, 6), t.exit_ts, round(t.exit_price, 6))
        for t in runner_trades
    ]
    want = [
        (t.side, t.qty, t.entry_ts, round(t.entry_price, 6), t.exit_ts, round(t.exit_price, 6))
        for t in expected
    ]
    assert len(want) >= 10  # the week has enough signals to make the comparison meaningful
    for i, (g, w) in enumerate(zip(got, want, strict=False)):
        assert g == w, f"trade {i} differs: runner {g} vs reference {w}"
    assert len(got) == len(want)


def test_pnl_matches_the_reference_arithmetic(runner_trades):
    for t in runner_trades:
        gross = (t.exit_price - t.entry_price) * t.qty * int(t.side) * reference_gold.POINT_VALUE
        assert t.gross_pnl == pytest.approx(gross, abs=1e-6)
        assert t.commission == pytest.approx(2 * t.qty * reference_gold.COMMISSION)
