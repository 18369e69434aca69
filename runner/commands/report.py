"""``runner report LOGDIR``: the metrics and equity curve of a run, rebuilt from its journal.

The journal is the record that survives a crash, so the report is rebuilt from its fills
alone (never from the process that wrote them): a run that was killed, restarted or is
still going reports the same way. The journal is opened read-only; a runner may be
writing to it at the same time.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import typer
from rich.console import Console

from runner.commands.common import fail

DEFAULT_CAPITAL = 100_000.0


@dataclass(slots=True)
class JournalFill:
    bot: str
    fill_id: str
    client_id: str
    symbol: str
    side: int
    qty: int
    price: float
    commission: float
    ts: int
    reason: str


def read_equity(path: Path) -> dict[str, list[tuple[int, float]]]:
    """Each bot's equity curve as the running bot recorded it (bar by bar), if journaled."""
    uri = f"file:{path.resolve()}?mode=ro"
    curves: dict[str, list[tuple[int, float]]] = {}
    try:
        db = sqlite3.connect(uri, uri=True)
        try:
            for bot, ts, eq in db.execute("SELECT bot, ts, equity FROM equity ORDER BY rowid"):
                curve = curves.setdefault(bot, [])
                if curve and ts <= curve[-1][0]:
                    ts = curve[-1][0]  # a later session's replay starts its clock again
                    curve[-1] = (ts, eq)
                else:
                    curve.append((ts, eq))
        finally:
            db.close()
    except sqlite3.DatabaseError:  # a journal from before the equity table
        return {}
    return curves


def read_journal(path: Path) -> tuple[list[JournalFill], dict[str, float], list[str]]:
    """Fills in the order they were journaled, each bot's capital, and every bot named."""
    import json

    uri = f"file:{path.resolve()}?mode=ro"
    try:
        db = sqlite3.connect(uri, uri=True)
        try:
            fills = [
                # mypy cannot count a row's columns: the first nine are the fields before reason
                JournalFill(*row[:9], reason=row[9] or "")  # type: ignore[misc]
                for row in db.execute(
                    "SELECT bot, fill_id, client_id, symbol, side, qty, price, commission, ts,"
                    " reason FROM fills ORDER BY rowid"
                )
            ]
            states = db.execute("SELECT bot, state FROM bot_state").fetchall()
            bots = [
                r[0]
                for r in db.execute(
                    "SELECT bot FROM orders UNION SELECT bot FROM fills"
                    " UNION SELECT bot FROM bot_state"
                )
            ]
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise ValueError(f"{path}: not a runner journal ({exc})") from None
    capital: dict[str, float] = {}
    for bot, state in states:
        try:
            st = json.loads(state)
            capital[bot] = float(st["equity"]) - float(st["pnl"])
        except (ValueError, KeyError, TypeError):
            continue
    return fills, capital, sorted(bots)


def rebuild(
    fills: list[JournalFill],
    capital: dict[str, float],
    bots: list[str],
    default_capital: float,
    curves: dict[str, list[tuple[int, float]]] | None = None,
) -> object:
    """Trades and equity curves per bot, through the same ledger a running bot keeps.

    The equity curve is the one the running bot journaled bar by bar when there is one
    (so drawdown and Sharpe match the session's); otherwise it is recorded at every fill,
    with open positions marked at the latest fill price of their symbol. Fills are taken in journal order; a replay restarted after a crash
    starts its clock again, so times are kept non-decreasing for the curve.
    """
    from runner.contracts.table import spec_for_symbol
    from runner.engine.backtest import BacktestResult, BotResult
    from runner.model import Fill, Side
    from runner.portfolio import Portfolio, aggregate, compute_metrics

    books = {b: Portfolio(b, capital.get(b, default_capital), spec_for_symbol) for b in bots}
    last_ts: dict[str, int] = {}
    for f in fills:
        book = books[f.bot]
        fill = Fill(
            f.client_id,
            f.fill_id,
            f.symbol,
            Side(f.side),
            f.qty,
            f.price,
            f.ts,
            f.commission,
            f.bot,
            reason=f.reason,
        )
        book.on_fill(fill)
        book.mark(f.symbol, f.price)
        ts = max(f.ts, last_ts.get(f.bot, f.ts))
        last_ts[f.bot] = ts
        book.record(ts)
    results = []
    for bot, book in books.items():
        if curves and curves.get(bot):  # the curve the running bot kept, bar by bar
            book.equity_curve = list(curves[bot])
        results.append(
            BotResult(
                bot=bot,
                capital=book.capital,
                trades=list(book.trades),
                equity_curve=list(book.equity_curve),
                metrics=compute_metrics(book.trades, book.equity_curve, book.capital),
                symbols={s: s for s in book.positions},
                open_positions=book.open_positions(),
            )
        )
    total = aggregate({b.bot: (b.trades, b.equity_curve, b.capital) for b in results})
    return BacktestResult(results, total)


def report(
    log_dir: Path = typer.Argument(
        ...,
        help="The --log-dir of a run: its journal.sqlite, or one per bot process "
        "in sub-folders (--processes).",
        show_default=False,
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Folder for trades.csv, metrics.json and equity.png (default: LOGDIR/report).",
    ),
    capital: float = typer.Option(
        DEFAULT_CAPITAL,
        "--capital",
        help="Capital of a bot whose state the journal does not hold (a run that ended "
        "before its first status heartbeat).",
    ),
) -> None:
    """Print a run's metrics per bot and for the portfolio, and write its equity curve."""
    from runner.reporting import print_metrics, write_report

    console = Console(highlight=False)
    if not log_dir.is_dir():
        fail(f"{log_dir}: no such folder")
    # one journal, or one per bot process (`runner start --processes`) in sub-folders
    paths = [log_dir / "journal.sqlite"]
    if not paths[0].is_file():
        paths = sorted(log_dir.glob("*/journal.sqlite"))
    if not paths:
        fail(f"{log_dir}: no journal.sqlite here; give the --log-dir of a `runner start` run")
    fills: list[JournalFill] = []
    capitals: dict[str, float] = {}
    bots: list[str] = []
    curves: dict[str, list[tuple[int, float]]] = {}
    for path in paths:
        try:
            more, caps, names = read_journal(path)
        except ValueError as exc:
            fail(str(exc))
        curves.update(read_equity(path))
        fills += more
        capitals.update(caps)
        bots += [b for b in names if b not in bots]
    if not bots:
        fail(f"{log_dir}: the journal holds no bots yet")
    try:
        result = rebuild(fills, capitals, bots, capital, curves)
    except ValueError as exc:  # a symbol without contract facts
        fail(f"{log_dir}: {exc}")
    rows = [(b.bot, b.metrics.to_dict()) for b in result.bots]  # type: ignore[attr-defined]
    rows.append(("PORTFOLIO", result.portfolio.to_dict()))  # type: ignore[attr-defined]
    print_metrics(
        rows, console, title=f"Journal metrics ({len(fills)} fills, every run in {log_dir})"
    )
    for b in result.bots:  # type: ignore[attr-defined]
        if b.open_positions:
            pos = " ".join(f"{s}:{q:+d}" for s, q in sorted(b.open_positions.items()))
            console.print(f"open: {b.bot} {pos}")
    # not LOGDIR/report: that is the last session's own report, written by runner start
    for written in write_report(output or log_dir / "journal-report", result):
        console.print(f"wrote {written}")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
