"""The metrics table and the dashboard in a terminal of 80 columns and more: every figure
whole, every bot shown (or counted), the columns that did not fit named."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from runner.config.project import load_project
from runner.dashboard import Dashboard
from runner.model import Fill, Side
from runner.plugins import registry
from runner.reporting import metrics_table, print_metrics
from runner.runtime.runtime import Runtime, StartOptions
from runner.tablefit import column_widths, drop, fold, table_width

ROOT = Path(__file__).resolve().parents[2]
BOTS = (
    "gold_rsi_bb",
    "gold_orb_trend",
    "es_vix_reversion",
    "cl_session_scalp",
    "ng_eia_scalp",
    "eur_weakness_fade",
    "jpy_riskoff_momentum",
    "mcl_uso_pairs",
)
METRICS = {
    "trades": 17,
    "total_pnl": -8412.5,
    "win_rate": 0.294,
    "profit_factor": 0.61,
    "max_drawdown": -12345.67,
    "sharpe": -11.22,
    "expectancy": -494.85,
    "avg_win": 1234.5,
    "avg_loss": -876.25,
}
FIGURES = ("-8,412.50", "29.4%", "0.61", "-12,345.67", "-11.22", "-494.85", "1,234.50")


def terminal(width: int, height: int = 24) -> Console:
    """A console that renders as a terminal of this size would, plain text recorded."""
    return Console(
        width=width,
        height=height,
        file=io.StringIO(),
        record=True,
        force_terminal=True,
        color_system=None,
        highlight=False,
    )


def rows() -> list[tuple[str, dict]]:
    out = [(name, METRICS) for name in BOTS]
    out.append(("PORTFOLIO", {**METRICS, "trades": 136, "total_pnl": -123456.78}))
    return out


@pytest.mark.parametrize("width", [80, 81, 95, 100, 120, 133, 160, 200])
def test_the_metrics_table_folds_to_the_width_and_shows_every_figure_whole(width: int) -> None:
    console = terminal(width)
    print_metrics(rows(), console, title="Session metrics")
    text = console.export_text()
    lines = text.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= width
    assert "…" not in text
    for figure in (*FIGURES, "-123,456.78", "136"):
        assert figure in text, figure
    for label in ("Trades", "PnL $", "Win %", "PF", "Max DD $", "Sharpe", "Avg loss $"):
        assert label in text, label
    # every bot named in each part, each part's rows complete
    parts = text.count("Session metrics")
    assert all(text.count(name) == parts for name in BOTS)
    whole = table_width(column_widths(metrics_table(rows(), "Session metrics")))
    assert (parts > 1) == (width < whole)


def test_a_table_that_fits_is_printed_as_one_table() -> None:
    table = metrics_table(rows(), "Backtest")
    need = table_width(column_widths(table))
    assert len(fold(metrics_table(rows(), "Backtest"), need)) == 1
    assert len(fold(metrics_table(rows(), "Backtest"), need - 1)) == 2


def test_a_long_bot_name_is_cut_short_before_any_figure() -> None:
    long = [("a_bot_whose_name_goes_on_and_on_for_far_too_many_characters_really", METRICS)]
    console = terminal(80)
    print_metrics(long, console, title="Backtest")
    text = console.export_text()
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
    for figure in FIGURES:
        assert figure in text, figure


def test_dropping_columns_keeps_the_important_ones_and_names_the_rest() -> None:
    table = metrics_table(rows(), "Backtest")
    priority = ("PnL $", "Trades", "Max DD $")
    narrow, hidden = drop(table, 50, priority)
    headers = [str(c.header) for c in narrow.columns]
    assert headers == ["Bot", "Trades", "PnL $"]
    assert hidden == ["Win %", "PF", "Max DD $", "Sharpe", "Expect. $", "Avg win $", "Avg loss $"]
    console = terminal(50)
    console.print(narrow)
    assert "-123,456.78" in console.export_text()


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory):
    """The eight shipped bots, built (not run), one of them with a large loss on its books."""
    reg = registry()
    project = load_project([ROOT / "strategies.d", ROOT / "schedules"], registry=reg, base=ROOT)
    opts = StartOptions(log_dir=tmp_path_factory.mktemp("logs"), speed=0, quiet=True)
    rt = Runtime(project, opts, reg)
    rt.build()
    gold = rt.supervisor.slots["gold_rsi_bb"].runner
    [symbol] = gold.status()["position"]
    book = gold.portfolio
    book.on_fill(Fill("c1", "f1", symbol, Side.BUY, 2, 1300.0, 1, 0.0, "gold_rsi_bb"))
    book.mark(symbol, 880.0)  # 2 x 420 points x $100: -84,000 and commissions
    yield rt
    rt.journal.close()


def screen(rt: Runtime, width: int, height: int) -> str:
    console = terminal(width, height)
    console.print(Dashboard(rt, console).render())
    return console.export_text()


def test_the_dashboard_at_80x24_shows_all_eight_bots_a_total_and_whole_pnl(runtime) -> None:
    text = screen(runtime, 80, 24)
    lines = text.splitlines()
    assert len(lines) == 24 and max(len(line) for line in lines) <= 80
    for name in BOTS:
        assert name in text, name
    pnl = runtime.supervisor.slots["gold_rsi_bb"].runner.status()["pnl"]
    assert pnl < -80_000
    assert f"{pnl:+,.2f}" in text
    total = next(line for line in lines if "TOTAL" in line)
    assert f"{pnl:+,.2f}" in total and "8 bots" in total
    assert "…" not in text
    assert "columns hidden:" in text and "Recent fills" in text


def test_a_short_terminal_pages_the_bots_and_says_which_are_shown(runtime) -> None:
    console = terminal(80, 16)
    dash = Dashboard(runtime, console)
    seen: set[str] = set()
    for page in range(4):
        dash.page = page
        console.print(dash.render())
        text = console.export_text()
        assert " of 8" in text and "TOTAL" in text
        seen |= {name for name in BOTS if name in text}
    assert seen == set(BOTS)


@pytest.mark.parametrize("size", [(100, 30), (132, 40), (200, 50)])
def test_wider_terminals_show_more_columns_and_every_bot(runtime, size) -> None:
    text = screen(runtime, *size)
    assert all(name in text for name in BOTS)
    assert "…" not in text
    if size[0] >= 132:
        assert "columns hidden" not in text and "Broker" in text
