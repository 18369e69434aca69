"""``runner report LOGDIR``: the metrics and equity curve of a run, rebuilt from its journal.

The journal is the record that survives a crash, so the report is rebuilt from its fills
alone (never from the process that wrote them): a run that was killed, restarted or is
still going reports the same way. The journal is opened through :mod:`runner.journal.reader`,
which never writes to it: a runner may be writing to it at the same time.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import typer
from rich.console import Console

from runner.commands.common import fail
from runner.journal.reader import JournalFill, JournalReader, read_equity, read_journal

__all__ = [
    "DEFAULT_CAPITAL",
    "JournalFill",
    "read_equity",
    "read_journal",
    "rebuild",
    "report",
    "tidy_after_reading",
]

DEFAULT_CAPITAL = 100_000.0
REPORT_FOLDER = "journal-report"
"""Where ``runner report`` writes: not LOGDIR/report, the last session's own report."""
SIDE_FILES = ("-wal", "-shm")


def side_files(journal: Path) -> list[Path]:
    """The write-ahead log and shared-memory files SQLite keeps beside a journal in use."""
    return [journal.with_name(journal.name + suffix) for suffix in SIDE_FILES]


def tidy_after_reading(journal: Path, had: set[Path]) -> None:
    """Remove the side files a read-only look at ``journal`` left behind.

    A read-only connection to a journal in WAL mode creates ``-wal`` and ``-shm`` but may
    not delete them, which only the last connection able to write does as it closes. So one
    is opened and closed, writing nothing: it removes them, unless a runner still has the
    journal open (then they are the runner's and stay). ``had`` are the side files that
    were there before the look; with either there, the journal was in use and is left be.
    """
    if had or not any(p.exists() for p in side_files(journal)):
        return
    try:
        with closing(sqlite3.connect(journal)) as db:
            db.execute("PRAGMA schema_version").fetchone()
    except sqlite3.Error:
        pass  # a journal another process holds locked: its side files are its own


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
            session=f.session,
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
        help="Folder for trades.csv, metrics.json and equity.png "
        f"(default: LOGDIR/{REPORT_FOLDER}; LOGDIR/report is the run's own report).",
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
        had = {p for p in side_files(path) if p.exists()}
        try:
            with JournalReader(path) as journal:
                fills += journal.fills()
                capitals.update(journal.capitals())
                bots += [b for b in journal.bots() if b not in bots]
                curves.update(journal.equity())
        except sqlite3.DatabaseError as exc:
            fail(f"{path}: not a runner journal ({exc})")
        except ValueError as exc:  # a journal of a newer release
            fail(str(exc))
        finally:
            tidy_after_reading(path, had)
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
    for written in write_report(output or log_dir / REPORT_FOLDER, result):
        console.print(f"wrote {written}")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
