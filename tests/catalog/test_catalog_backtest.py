"""A gold bot backtested from the catalog over six months, across two rolls.

The bot (tests/catalog/bots/gold_hold.yaml, synthetic data only) goes long on its first
bar and never exits, so each roll meets an open position: flattened and re-entered by
default, or held through when its roll says ``positions: hold``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runner.catalog import Catalog
from runner.config.project import load_project
from runner.engine.backtest import run_backtest
from runner.plugins import registry
from tests.catalog.conftest import data_app

HERE = Path(__file__).resolve().parent
BOT = HERE / "bots" / "gold_hold.yaml"
BUNDLED = HERE.parents[1] / "runner_plugins" / "feeds" / "bundled"
FIRST, LAST = date(2026, 2, 2), date(2026, 7, 28)
COMMISSION = 2.5  # the paper broker's default, per contract


def _bot(tmp_path: Path, positions: str | None = None) -> list:
    text = BOT.read_text()
    if positions is not None:
        text = text.replace("days_before: 2}", f"days_before: 2, positions: {positions}}}")
    path = tmp_path / "strategies.d" / "gold_hold.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    project = load_project([path], base=tmp_path)
    assert not project.errors, [str(e) for e in project.errors]
    return project.bots


def test_flatten_and_re_enter_shows_the_contract_months(gold_catalog: Path, tmp_path: Path) -> None:
    result = run_backtest(_bot(tmp_path), registry(), start=FIRST, end=LAST, catalog=gold_catalog)
    (bot,) = result.bots
    trades = bot.trades
    assert [(t.symbol, t.entry_reason, t.exit_reason) for t in trades] == [
        ("GCJ6", "entry", "roll"),
        ("GCM6", "roll", "roll"),
    ]
    assert bot.open_positions == {"GCQ6": 1}
    assert [(r.old, r.new, r.positions, r.qty) for r in result.rolls] == [
        ("GCJ6", "GCM6", "flatten", 1),
        ("GCM6", "GCQ6", "flatten", 1),
    ]
    cat = Catalog(gold_catalog)
    for trade, roll, last_day in zip(
        trades, result.rolls, (date(2026, 3, 26), date(2026, 5, 26)), strict=True
    ):
        # out at the old contract's last close, back in at the new contract's first open
        old = cat.read_day(trade.symbol, "1m", last_day)
        assert trade.exit_price == roll.old_price == old.column("close")[-1].as_py()
        first = cat.read_day(roll.new, "1m", _day(roll.ts))
        assert roll.new_price == first.column("open")[0].as_py()
    assert trades[1].entry_price == pytest.approx(result.rolls[0].new_price, abs=0.11)  # + slippage
    # every bar of the front month of each day was replayed, and nothing else
    assert result.bars == sum(60 for _ in range(_weekdays(FIRST, LAST)))


def _day(ns: int) -> date:
    from runner.model import to_datetime

    return to_datetime(ns).date()


def _weekdays(a: date, b: date) -> int:
    from tests.catalog.synth import weekdays

    return len(weekdays(a, b))


def test_hold_through_keeps_one_trade_and_charges_the_roll(
    gold_catalog: Path, tmp_path: Path
) -> None:
    flat = run_backtest(
        _bot(tmp_path / "a"), registry(), start=FIRST, end=LAST, catalog=gold_catalog
    )
    held = run_backtest(
        _bot(tmp_path / "b", "hold"), registry(), start=FIRST, end=LAST, catalog=gold_catalog
    )
    (bot,) = held.bots
    assert bot.trades == [] and bot.open_positions == {"GCQ6": 1}
    assert [(r.old, r.new, r.positions, r.cost) for r in held.rolls] == [
        ("GCJ6", "GCM6", "hold", 2 * COMMISSION),
        ("GCM6", "GCQ6", "hold", 2 * COMMISSION),
    ]
    # by hand: in at the first fill E (as in the flatten run, identical up to the first
    # roll), the entry moved by each roll's step, marked at GCQ6's last close; one
    # commission in, two per roll
    entry = flat.bots[0].trades[0].entry_price
    steps = sum(r.new_price - r.old_price for r in held.rolls)
    last_close = Catalog(gold_catalog).read_day("GCQ6", "1m", LAST).column("close")[-1].as_py()
    expected = (last_close - entry - steps) * 100 - COMMISSION - 2 * 2 * COMMISSION
    assert bot.equity_curve[-1][1] - bot.capital == pytest.approx(expected, abs=1e-6)


def test_a_bad_roll_setting_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "gold_hold.yaml"
    path.write_text(BOT.read_text().replace("days_before: 2}", "days_before: 2, positions: keep}"))
    project = load_project([path], base=tmp_path)
    (error,) = project.errors
    assert error.file.endswith("gold_hold.yaml") and error.line == 8
    assert "positions" in error.path and "flatten" in error.message


def test_data_wins_over_the_catalog(gold_catalog: Path, tmp_path: Path) -> None:
    bots = _bot(tmp_path)
    result = run_backtest(bots, registry(), data=BUNDLED, catalog=gold_catalog)
    assert result.rolls == [] and result.bots[0].symbols["gc"].startswith("GC")
    assert result.bars > 0 and result.bots[0].symbols["gc"] != "GCJ6"


def test_the_command_reads_the_catalog_of_the_project(
    gold_catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bot(tmp_path)
    (tmp_path / "catalog").symlink_to(gold_catalog)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        data_app(), ["backtest", "--from", FIRST.isoformat(), "--to", LAST.isoformat()]
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Rolls" in out and "GCJ6" in out and "GCM6" in out and "GCQ6" in out
    assert "position still open at the end: {'GCQ6': 1}" in out


def _stops(result: object) -> list[tuple[str, float]]:
    from runner.events import OrderSent

    return [
        (e.symbol, e.stop)
        for e in result.events  # type: ignore[attr-defined]
        if isinstance(e, OrderSent) and e.reason == "stop" and e.stop is not None
    ]


@pytest.mark.parametrize("positions", ["flatten", "hold"])
def test_the_stop_follows_the_position_across_rolls(
    gold_catalog: Path, tmp_path: Path, positions: str
) -> None:
    bots = _bot(tmp_path, positions)
    text = bots[0].path.read_text() + "exits:\n  - {use: stop_target, stop: {ticks: 5000}}\n"
    bots[0].path.write_text(text)  # 500 points away: never hit by the walk
    project = load_project([bots[0].path], base=tmp_path)
    assert not project.errors, [str(e) for e in project.errors]
    result = run_backtest(project.bots, registry(), start=FIRST, end=LAST, catalog=gold_catalog)
    stops = _stops(result)
    assert [s for s, _ in stops] == ["GCJ6", "GCM6", "GCQ6"]
    if positions == "hold":  # the same stop, moved by each roll's step
        steps = [r.new_price - r.old_price for r in result.rolls]
        assert stops[1][1] == pytest.approx(stops[0][1] + steps[0])
        assert stops[2][1] == pytest.approx(stops[1][1] + steps[1])
    else:  # measured anew for each re-entry, from the new contract's price at the roll
        assert [s for _, s in stops[1:]] == [pytest.approx(r.new_price - 500) for r in result.rolls]
    assert result.bots[0].open_positions == {"GCQ6": 1}


@pytest.mark.parametrize("adjusted", [False, True])
def test_indicators_can_read_the_back_adjusted_series(
    gold_catalog: Path, tmp_path: Path, adjusted: bool
) -> None:
    """``last`` (a one-bar average: the close its indicator saw) stands above the real
    close by the steps still ahead when adjusted: 20 before the first roll, 10 between
    the rolls, 0 after; the rule goes long while that is more than 5."""
    text = BOT.read_text().replace(
        "days_before: 2}", f"days_before: 2, adjusted: {str(adjusted).lower()}}}"
    )
    text = text.replace(
        'long: "close > 0"',
        'long: "last > close + 5"\n    exit_long: "last < close + 5"',
    )
    text += "indicators:\n  last: {use: sma, period: 1}\n"
    path = tmp_path / "strategies.d" / "gold_hold.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    project = load_project([path], base=tmp_path)
    assert not project.errors, [str(e) for e in project.errors]
    result = run_backtest(project.bots, registry(), start=FIRST, end=LAST, catalog=gold_catalog)
    (bot,) = result.bots
    if not adjusted:  # the real close never stands 5 above itself
        assert bot.trades == [] and bot.open_positions == {}
        return
    assert [(t.symbol, t.entry_reason, t.exit_reason) for t in bot.trades] == [
        ("GCJ6", "entry", "roll"),
        ("GCM6", "roll", "roll"),
        ("GCQ6", "roll", "exit_long: last < close + 5"),
    ]
    assert bot.trades[0].entry_ts == int(
        datetime(2026, 2, 2, 14, 1, tzinfo=UTC).timestamp() * 1e9
    )  # filled at the open after the first bar's close
    assert bot.trades[2].exit_ts - bot.trades[2].entry_ts == 60 * 10**9  # out on its first close
    assert bot.open_positions == {}
