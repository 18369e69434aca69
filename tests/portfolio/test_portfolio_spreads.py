"""A pair bot's legs count as one trade per spread; other bots' trades stay as they are."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from portfolio_helpers import T0

from runner.model import Side
from runner.portfolio import Metrics, aggregate, compute_metrics
from runner.portfolio.trades import ClosedTrade, group_spreads
from runner.reporting import write_report

MIN = 60 * 1_000_000_000


def leg(
    symbol: str, side: Side, qty: int, start: int, end: int, pnl: float, bot: str = "pairs"
) -> ClosedTrade:
    return ClosedTrade(
        bot=bot,
        symbol=symbol,
        side=side,
        qty=qty,
        entry_ts=T0 + start * MIN,
        exit_ts=T0 + end * MIN,
        entry_price=100.0,
        exit_price=100.0,
        pnl=pnl,
        commission=1.0,
        gross_pnl=pnl + 1.0,
        bars=end - start,
        exit_reason="spread reverted",
    )


# three spreads: a loser whose legs win and lose, a winner, then a reversal at minute 40
LEGS = [
    leg("MCLX3", Side.SELL, 1, 0, 10, 30.0),
    leg("USO", Side.BUY, 61, 0, 10, -45.0),
    leg("MCLX3", Side.BUY, 1, 20, 40, 12.0),
    leg("USO", Side.SELL, 60, 21, 40, 3.0),  # the hedge leg filled a bar later
    leg("MCLX3", Side.SELL, 1, 40, 55, -8.0),
    leg("USO", Side.BUY, 62, 40, 55, -2.0),
]


def test_overlapping_legs_are_one_spread_and_a_reversal_starts_the_next() -> None:
    spreads = group_spreads(reversed(LEGS))
    assert [len(s.legs) for s in spreads] == [2, 2, 2]
    assert [s.pnl for s in spreads] == [-15.0, 15.0, -10.0]
    assert [s.commission for s in spreads] == [2.0, 2.0, 2.0]
    assert spreads[1].entry_ts == T0 + 20 * MIN and spreads[1].exit_ts == T0 + 40 * MIN
    in_order = group_spreads(LEGS)  # the side of a spread is its first leg's, as sent
    assert [s.side for s in in_order] == ["short", "long", "short"]
    assert in_order[0].symbols == "MCLX3/USO"


def test_metrics_count_spread_trades_and_their_legs() -> None:
    m = compute_metrics(LEGS, [], 10_000.0)
    assert (m.trades, m.legs, m.wins, m.losses) == (3, 6, 1, 2)
    assert m.win_rate == pytest.approx(1 / 3)  # per leg it would read 3 of 6
    assert m.total_pnl == pytest.approx(-10.0)
    assert (m.largest_win, m.largest_loss) == (15.0, -15.0)
    assert m.commission == 6.0


def test_one_instrument_bots_are_unchanged() -> None:
    single = [
        leg("GCZ3", Side.BUY, 1, i * 10, i * 10 + 5, p, "gold") for i, p in enumerate([5.0, -3.0])
    ]
    m = compute_metrics(single, [], 1000.0)
    assert (m.trades, m.legs, m.wins, m.losses, m.total_pnl) == (2, 2, 1, 1, 2.0)


def test_spreads_of_different_bots_are_never_merged() -> None:
    other = [leg("GCZ3", Side.BUY, 1, 0, 10, 7.0, "gold")]  # held while the pair was open
    m = aggregate({"pairs": (LEGS, [], 10_000.0), "gold": (other, [], 1000.0)})
    assert (m.trades, m.legs) == (4, 7)


@dataclass
class _Bot:
    bot: str
    trades: list[ClosedTrade]
    capital: float = 10_000.0
    equity_curve: list[tuple[int, float]] = field(default_factory=list)

    @property
    def metrics(self) -> Metrics:
        return compute_metrics(self.trades, self.equity_curve, self.capital)


@dataclass
class _Result:
    bots: list[_Bot]

    @property
    def portfolio(self) -> Metrics:
        return aggregate({b.bot: (b.trades, b.equity_curve, b.capital) for b in self.bots})


def test_the_report_lists_each_spread_with_its_legs_beneath(tmp_path: Path) -> None:
    curve = [(T0 + i * MIN, 10_000.0 + i) for i in range(60)]
    gold = _Bot("gold", [leg("GCZ3", Side.BUY, 1, 0, 5, 5.0, "gold")], 1000.0, curve)
    written = write_report(tmp_path, _Result([_Bot("pairs", LEGS, equity_curve=curve), gold]))
    assert tmp_path / "spreads.csv" in written
    rows = list(csv.DictReader((tmp_path / "spreads.csv").open()))
    assert [r["row"] for r in rows] == ["spread", "leg", "leg"] * 3
    assert {r["bot"] for r in rows} == {"pairs"}  # a one-instrument bot has no spreads
    first = rows[0]
    assert (first["symbol"], first["qty"], first["pnl"]) == ("MCLX3/USO", "2", "-15.0")
    assert [(r["symbol"], r["side"], r["qty"]) for r in rows[1:3]] == [
        ("MCLX3", "short", "1"),
        ("USO", "long", "61"),
    ]
    trades = list(csv.DictReader((tmp_path / "trades.csv").open()))
    assert len(trades) == 7  # trades.csv keeps one row per leg


def test_no_spreads_file_without_a_multi_leg_bot(tmp_path: Path) -> None:
    gold = _Bot("gold", [leg("GCZ3", Side.BUY, 1, 0, 5, 5.0, "gold")], 1000.0)
    written = write_report(tmp_path, _Result([gold]))
    assert not (tmp_path / "spreads.csv").exists()
    assert {p.name for p in written} == {"trades.csv", "metrics.json", "equity.png"}
