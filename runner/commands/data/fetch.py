"""``runner data fetch``: download history from a venue into the local catalog.

``runner data fetch GC --from 2026-01-01 --to 2026-06-30 --bars 1m --connection rithmic_sim``
fetches every session of the range, each from the contract that was front on its day (the
bots' roll rule, ``--roll``), or from one contract when a symbol (GCM6) is named. The
connection profile (connections.yaml) says where and as whom; its kind picks the source
(``rithmic``, ``ib``, or a third-party ``runner.history`` entry point).
"""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from runner.commands.common import fail
from runner.commands.data.options import CATALOG_HELP, open_catalog
from runner.errors import RunnerError

NOW = time.time_ns
"""The command's clock: sessions closing after it are left for a later run (tests pin it)."""
DEFAULT_CONNECTIONS = Path("connections.yaml")
INTERRUPTED = 130


def _date(value: str, option: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        fail(f"{option}: {value!r} is not a date (YYYY-MM-DD)")


def _roll(value: str) -> tuple[Any, int]:
    """``first_notice:2`` -> ("first_notice", 2); a bare basis keeps the default days."""
    from runner.api.contracts import DEFAULT_ROLL_DAYS

    basis, _, days = value.partition(":")
    if basis not in ("first_notice", "last_trade"):
        fail(f"--roll: {value!r}: the basis is first_notice or last_trade (e.g. first_notice:2)")
    if days and not days.isdigit():
        fail(f"--roll: {value!r}: the days before the basis are a whole number (first_notice:2)")
    return basis, int(days) if days else DEFAULT_ROLL_DAYS


def _bots_roll(target: str, project: Path) -> tuple[tuple[Any, int] | None, str]:
    """The roll rule the bots of ``project`` (a folder) give root ``target``, and a line saying so.

    A fetch for the gold bot must hold the months the gold bot trades; the default rule
    picks other months when the bots roll earlier (first notice), and the backtest would
    then miss them. When the bots disagree, or none reads the root, the default stays.
    """
    from runner.api.contracts import DEFAULT_ROLL_BASIS, DEFAULT_ROLL_DAYS
    from runner.config.project import load_project

    root = target.upper()
    folder = project / "strategies.d"
    if not folder.is_dir():
        return None, ""
    rules: dict[tuple[str, int], list[str]] = {}
    for bot in load_project(
        [folder], base=project
    ).bots:  # bots with errors are left out; validate names them
        for ic in bot.config.instruments.values():
            if ic.root is not None and ic.root.upper() == root:
                rule = ic.roll
                key = (
                    (rule.basis, rule.days_before)
                    if rule is not None
                    else (DEFAULT_ROLL_BASIS, DEFAULT_ROLL_DAYS)
                )
                rules.setdefault(key, []).append(bot.config.name)
    if len(rules) == 1:
        (basis, days), names = next(iter(rules.items()))
        return (basis, days), (
            f"roll {basis}:{days}: the rule of {', '.join(sorted(set(names)))} "
            "in strategies.d (--roll to choose another)"
        )
    if rules:
        told = "; ".join(f"{b}:{d} ({', '.join(sorted(set(n)))})" for (b, d), n in rules.items())
        return None, (
            f"roll {DEFAULT_ROLL_BASIS}:{DEFAULT_ROLL_DAYS} (the default): the bots roll "
            f"{root} by different rules, {told}; --roll picks one"
        )
    return None, ""


def _connection(name: str, config: Path) -> Any:
    """The named profile, bound to the project's credentials as the runtime binds it."""
    from runner.config.project import load_project
    from runner.runtime.wiring import BoundProfile

    if not config.is_file():
        fail(f"--config: {config} is not a file (connection profiles live in connections.yaml)")
    project = load_project([config], connections=config)
    if project.errors:
        err = Console(stderr=True)
        for e in project.errors:
            err.print(str(e), highlight=False, markup=False, soft_wrap=True)
        fail(f"{config}: {len(project.errors)} error(s)")
    profile = project.connections.get(name)
    if profile is None:
        known = ", ".join(sorted(project.connections)) or "none"
        fail(f"--connection: {name!r} is not a profile in {config} (defined: {known})")
    return BoundProfile(profile, project.credentials_path)


def fetch(
    target: str = typer.Argument(
        ...,
        help="A product root (GC: every front month of the "
        "range) or a contract symbol (GCM6: that contract).",
    ),
    start: str = typer.Option(..., "--from", help="First session date (YYYY-MM-DD)."),
    end: str = typer.Option(..., "--to", help="Last session date, inclusive (YYYY-MM-DD)."),
    bars: str = typer.Option(
        "1m",
        "--bars",
        help="What to fetch: 1m or 1s bars, or tick (every trade), as far as the source offers it.",
    ),
    connection: str = typer.Option(
        ..., "--connection", help="Connection profile (connections.yaml) to fetch through."
    ),
    source: str | None = typer.Option(
        None,
        "--source",
        help="History source: a connection kind with a source installed (default: the "
        "profile's kind; must agree with it).",
    ),
    roll: str | None = typer.Option(
        None,
        "--roll",
        help="Roll rule that picks a root's front months, as in bot files: "
        "first_notice:2 or last_trade:0 (default: the rule the bots in strategies.d give "
        "the root when they agree, otherwise runner's default rule).",
    ),
    catalog: Path | None = typer.Option(None, "--catalog", help=CATALOG_HELP),
    config: Path = typer.Option(DEFAULT_CONNECTIONS, "--config", help="Connection profiles file."),
) -> None:
    """Fetch history into the catalog; a re-run fetches only the sessions it lacks."""
    from runner.api.contracts import DEFAULT_ROLL_BASIS, DEFAULT_ROLL_DAYS
    from runner.api.history import history_sources
    from runner.commands.data.fetch_run import FetchError, FetchTally, pending, plan

    first, last = _date(start, "--from"), _date(end, "--to")
    said = ""
    if roll:
        basis, days_before = _roll(roll)
    else:
        found, said = _bots_roll(target, config.parent) if target.isalpha() else (None, "")
        basis, days_before = found or (DEFAULT_ROLL_BASIS, DEFAULT_ROLL_DAYS)
    profile = _connection(connection, config)
    kind = str(getattr(profile, "kind", ""))
    if source is not None and source != kind:
        fail(f"--source {source}: connection {connection!r} is a {kind} profile")
    factories = history_sources()
    factory = factories.get(kind)
    if factory is None:
        offered = ", ".join(sorted(factories)) or "none installed"
        fail(f"no history source for {kind!r} connections (sources: {offered})")
    offered_bars = getattr(factory, "bars", {})
    if bars not in offered_bars:
        what = "; ".join(f"{k}: {v}" for k, v in offered_bars.items())
        fail(f"--bars {bars}: {kind} offers {', '.join(offered_bars) or 'nothing'} ({what})")
    try:
        jobs = plan(target, first, last, basis=basis, days_before=days_before)
    except FetchError as exc:
        fail(str(exc))
    store = open_catalog(catalog, must_exist=False)
    tally = FetchTally()
    todo = pending(store, jobs, bars, NOW(), tally)
    console = Console()
    if said:
        console.print(said, highlight=False)
    contracts = sorted(
        {j.symbol for j in jobs}, key=lambda s: min(j.day for j in jobs if j.symbol == s)
    )
    console.print(
        f"{target.upper()} {bars} {first} to {last}: {len(jobs)} sessions "
        f"({', '.join(contracts)}); {tally.held} held, {tally.not_closed} not closed yet, "
        f"{len(todo)} to fetch from {kind} ({connection})",
        highlight=False,
    )
    if not todo:
        console.print("nothing to fetch: the catalog holds every closed session of the range")
        return
    import asyncio  # imported by the fetch itself: --help and the other commands do without

    try:
        asyncio.run(_run(factory, profile, store, todo, bars, kind, tally, console))
    except KeyboardInterrupt:
        console.print(
            f"[yellow]interrupted:[/] {tally.days} whole session day(s) written and kept "
            f"({tally.bars:,} {_rows(bars)}); the day in flight was not written. Run the same "
            "command again to fetch the rest.",
            highlight=False,
        )
        raise typer.Exit(INTERRUPTED) from None
    except RunnerError as exc:  # the venue refused or went away for good: one line
        if tally.days:
            console.print(
                f"{tally.days} whole session day(s) were written and are kept; a re-run "
                "fetches the rest",
                highlight=False,
            )
        fail(str(exc))
    _summary(console, tally, store.root, _rows(bars))


async def _run(
    factory: Any,
    profile: Any,
    store: Any,
    todo: list[Any],
    bars: str,
    kind: str,
    tally: Any,
    console: Console,
) -> None:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from runner.api.history import SourceOptions
    from runner.commands.data.fetch_run import fetch_days

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(
            f"days  {{task.fields[bars]:>10,}} {_rows(bars)}  "
            f"{{task.fields[rate]:>8,.0f}} {_rows(bars)}/s"
        ),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task("fetching", total=len(todo), bars=0, rate=0.0)

        def notice(text: str) -> None:
            progress.console.print(text, highlight=False, markup=False)

        def on_day(job: Any, rows: int) -> None:
            progress.update(
                task, advance=1, bars=tally.bars, rate=tally.rate,
                description=f"{job.symbol} {job.day}",
            )  # fmt: skip

        src = factory(profile, SourceOptions(notice=notice))
        await src.connect()
        try:
            await fetch_days(src, store, todo, bars, source_name=kind, tally=tally, on_day=on_day)
        finally:
            await src.close()


def _rows(bars: str) -> str:
    """What the rows of a kind are called in progress and summary lines."""
    return "trades" if bars == "tick" else "bars"


def _summary(console: Console, tally: Any, root: Path, rows: str = "bars") -> None:
    per = ", ".join(f"{s}: {n}" for s, n in tally.by_symbol.items())
    console.print(
        f"fetched {tally.days} session day(s), {tally.bars:,} {rows} in {tally.seconds:.1f} s "
        f"({tally.rate:,.0f} {rows}/s) into {root} ({per})"
        + (f"; {tally.empty} day(s) without {rows}" if tally.empty else ""),
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    app.command("fetch")(fetch)
