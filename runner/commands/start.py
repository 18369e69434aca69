"""``runner start``: validate, recover, warm up and run every bot under its schedule."""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.markup import escape

from runner.api.broker import Broker
from runner.api.registry import install_hint
from runner.commands.common import SCHEDULES, fail, positive_capital
from runner.commands.web_options import (
    WEB,
    WEB_CERT,
    WEB_KEY,
    WEB_NO_TOKEN,
    WebCommand,
    web_settings,
)

if TYPE_CHECKING:
    from runner.config.project import Project
    from runner.events import Event
    from runner.runtime.options import StartOptions
    from runner.web.access import WebSettings


METRICS_DEFAULT = "127.0.0.1:9464"
_ADDRESS = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]*):\d+$|^\d+$")


def complete_optional_values(argv: list[str]) -> list[str]:
    """``--metrics`` given alone gets its default address.

    The option's value is optional on the command line (``runner start --metrics``), which
    the option parser cannot express; a following word is its value only when it looks
    like an address (``HOST:PORT``, ``:PORT``, ``PORT``), never a bot file or folder.
    """
    if not argv or argv[0] != "start":
        return argv
    out: list[str] = []
    for i, arg in enumerate(argv):
        out.append(arg)
        if arg == "--metrics":
            nxt = argv[i + 1] if i + 1 < len(argv) else None
            if nxt is None or not _ADDRESS.match(nxt):
                out.append(METRICS_DEFAULT)
    return out


class EarlyStop:
    """SIGINT/SIGTERM from the start of ``runner start`` until the event loop takes them.

    Python's default would end the process on the spot, with the positions of the last run
    still in the journal, not flattened. The stop is kept instead; once the runtime exists
    it is asked to stop, and it recovers, flattens and exits as on any other stop.
    """

    def __init__(self, reason: str | None = None) -> None:
        self.reasons = ["flatten only: the parent is stopping"] if reason else []
        self.runtime: Any = None
        self._old: dict[int, Any] = {}

    def __enter__(self) -> EarlyStop:
        self._old = {s: signal.signal(s, self._signal) for s in (signal.SIGINT, signal.SIGTERM)}
        return self

    def __exit__(self, *exc: object) -> None:
        for s, handler in self._old.items():
            signal.signal(s, handler)

    def _signal(self, signum: int, frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        if self.runtime is not None:
            self.runtime.request_stop(name)
        else:
            if not self.reasons:  # said at once: loading hundreds of bot files takes a while
                os.write(
                    2,
                    f"stopping ({name}): once the bots are loaded, their positions are "
                    "recovered and flattened\n".encode(),
                )
            self.reasons.append(name)

    def attach(self, runtime: Any) -> None:
        self.runtime = runtime
        for reason in self.reasons:
            runtime.request_stop(reason)


def start(
    files: list[Path] = typer.Argument(
        None, help="Bot files or folders (default: strategies.d/).", show_default=False
    ),
    connection: str | None = typer.Option(
        None,
        "--connection",
        help="Take market data from this connection profile "
        "(connections.yaml) instead of each bot's own feed.",
    ),
    live: bool = typer.Option(
        False,
        "--live",
        help="Allow bots with mode: live to send real orders. Without it "
        "a live bot refuses to start.",
    ),
    config: Path | None = typer.Option(
        None, "--config", help="Connection profiles file (default: connections.yaml)."
    ),
    capital: float | None = typer.Option(
        None,
        "--capital",
        help="Starting capital of each bot in dollars, more than 0 (overrides the bot files).",
        callback=positive_capital,
    ),
    log_dir: Path = typer.Option(
        Path("logs"), "--log-dir", help="JSON-lines logs, the SQLite journal and reports."
    ),
    check_interval: float = typer.Option(
        10.0, "--check-interval", min=0.1, help="Seconds between status heartbeats."
    ),
    display_interval: float = typer.Option(
        1.0, "--display-interval", min=0.1, help="Seconds between dashboard refreshes."
    ),
    dashboard: bool = typer.Option(
        False, "--dashboard", help="Full-screen live view instead of scrolling lines."
    ),
    speed: float | None = typer.Option(
        None,
        "--speed",
        min=0.0,
        help="Replay speed in market seconds per second "
        "(default 3000 for the bundled replay; 0 = as fast as possible).",
    ),
    data: Path | None = typer.Option(
        None, "--data", help="Replay this folder of CSV/Parquet files instead of the bundled data."
    ),
    max_restarts: int = typer.Option(
        3, "--max-restarts", min=1, help="Failures within --restart-window before a bot stays down."
    ),
    restart_window: float = typer.Option(
        600.0,
        "--restart-window",
        min=1.0,
        help="Seconds over which failures are counted (market seconds in a replay).",
    ),
    processes: bool = typer.Option(
        False, "--processes", help="Run each bot in its own process under the same supervision."
    ),
    web: str | None = WEB,
    web_cert: Path | None = WEB_CERT,
    web_key: Path | None = WEB_KEY,
    web_no_token: bool = WEB_NO_TOKEN,
    verbose: bool = typer.Option(
        False,
        "--verbose",
        help="With --processes, also print each bot process's own metrics table and "
        "report files (otherwise they go to LOGDIR/BOT/report/summary.txt).",
    ),
    metrics: str | None = typer.Option(
        None,
        "--metrics",
        metavar="[HOST:PORT]",
        help=f"Serve Prometheus /metrics on HOST:PORT (alone: {METRICS_DEFAULT}; port 0: any).",
    ),
    no_reload: bool = typer.Option(
        False,
        "--no-reload",
        help="Do not watch the bot files: an edit is picked up only by a restart.",
    ),
) -> None:
    """Run the bots: paper by default, live only with mode: live and --live."""
    from runner.commands.common import load_or_exit
    from runner.runtime.supervision import RestartPolicy

    console = Console(highlight=False)
    if data is not None and not data.is_dir():
        fail(f"--data: {data} is not a folder")
    served = web_settings(web, web_cert, web_key, web_no_token, processes)
    metrics_at = _metrics_address(metrics, processes)
    # from here on a SIGINT/SIGTERM is kept until the runtime can act on it: the bots
    # recover their positions and flatten them before the process ends
    from runner.runtime.processes import FLATTEN_ONLY

    with EarlyStop(os.environ.get(FLATTEN_ONLY)) as early:
        paths = files or [Path("strategies.d")]
        read_at = time.time()  # a bot file saved from now on is picked up by the reload
        # a bot process of --processes: the parent already said what validate warns about
        project = load_or_exit(paths, console, connections=config, notices=not _child(verbose))
        if not project.bots:
            fail("no bot files found")
        live_bots = [b.config.name for b in project.bots if b.config.mode == "live"]
        if live_bots and not live:
            fail(
                f"{', '.join(live_bots)}: mode: live; start with --live to send real orders, "
                "or set mode: paper"
            )
        for b in project.bots:
            broker_cls = b.broker.info.cls
            simulated = issubclass(broker_cls, Broker) and broker_cls.capabilities.simulated
            if b.config.mode == "live" and simulated:
                console.print(
                    f"[yellow]note:[/] {b.config.name} is mode: live but its broker "
                    f"{b.broker.info.name!r} only simulates fills"
                )
        problems = project.start_problems()
        if problems:  # validate may pass without secrets; a start may not
            err = Console(stderr=True)
            for problem in problems:
                err.print(str(problem), highlight=False, markup=False, soft_wrap=True)
            fail(f"{len(problems)} problem(s) must be fixed before starting; nothing was started")
        from runner.runtime.options import ReloadOptions, StartOptions

        load = [*paths, SCHEDULES] if SCHEDULES.is_dir() and SCHEDULES not in paths else paths
        opts = StartOptions(
            live=live,
            connection=connection,
            capital=capital,
            log_dir=log_dir,
            check_interval=check_interval,
            display_interval=display_interval,
            dashboard=dashboard,
            speed=speed,
            data=data,
            policy=RestartPolicy(max_failures=max_restarts, window=restart_window),
            metrics=metrics_at,
            reload=None
            if no_reload or processes
            else ReloadOptions(load, paths, config, since=read_at),
        )
        if processes:
            from runner.runtime.processes import run_processes

            raise typer.Exit(
                run_processes(project, paths, opts, console, sys.argv, early, verbose=verbose)
            )
        raise typer.Exit(run_runtime(project, opts, console, early, served, child=_child(verbose)))


def _child(verbose: bool) -> bool:
    """This is one bot's process under ``--processes`` (and ``--verbose`` was not given):
    the parent prints the heartbeat, the combined table and the report folders."""
    return os.environ.get("RUNNER_CHILD") == "1" and not verbose


class StartBanner:
    """``runner starting N bot(s)``, said once every broker and feed has logged in.

    Said before, it would announce a start that a refused password then takes back.
    The last feed's ``subscribed`` is the sign: brokers connect first, then each feed
    connects, warms up and subscribes.
    """

    def __init__(self, runtime: Any, console: Console, text: str) -> None:
        self.runtime = runtime
        self.console = console
        self.text = text
        self.subscribed = 0
        self.said = False

    def __call__(self, event: Event) -> None:
        from runner.events import Subscribed

        if self.said or not isinstance(event, Subscribed):
            return
        self.subscribed += 1
        if self.subscribed >= len(self.runtime.feeds):
            self.said = True
            self.console.print(self.text, soft_wrap=True)


def _metrics_address(value: str | None, processes: bool) -> tuple[str, int] | None:
    if value is None:
        return None
    if processes:
        fail("--metrics serves one runtime; it cannot be used with --processes")
    try:
        from runner.telemetry.prometheus import parse_address
    except ImportError as exc:
        fail(f"--metrics needs the 'web' extra: {install_hint('web')} ({exc})")
    try:
        return parse_address(value)
    except ValueError as exc:
        fail(f"--metrics {exc}")
    return None


def run_runtime(
    project: Project,
    opts: StartOptions,
    console: Console,
    early: EarlyStop | None = None,
    web: WebSettings | None = None,
    child: bool = False,
) -> int:
    import asyncio

    from runner.console import EventPrinter, print_packed, status_entry
    from runner.engine.backtest import EventLog, collect
    from runner.journal.plugin_logs import capture_for_run
    from runner.plugins import registry
    from runner.reporting import print_metrics, write_report
    from runner.runtime.runtime import Runtime, StartError

    printer = None if opts.dashboard else EventPrinter(console)
    plugins = registry()
    runtime = Runtime(project, opts, plugins, printer)
    if printer is not None:
        printer.redact = runtime.redactor
        printer.market_now = runtime.now
    if early is not None:
        early.attach(runtime)
    runtime.services.on_listening = lambda url: console.print(f"metrics on {url}")
    live = sum(1 for b in project.bots if b.config.mode == "live")
    modes = f"{live} live, {len(project.bots) - live} paper" if live else "paper"
    if not opts.dashboard and not child:
        banner = StartBanner(
            runtime,
            console,
            f"[bold]runner[/] started {len(project.bots)} bot(s) ({modes}); "
            f"logs and journal in {escape(str(opts.log_dir))}",
        )
        runtime.emit.sinks.append(banner)
        runtime.status_listeners.append(
            lambda st: print_packed(console, "status", [status_entry(s) for s in st])
        )
    serve = None
    if web is not None:
        from runner.commands.web_options import serve_web

        serve = serve_web(runtime, web, console)
    try:
        with capture_for_run(runtime, (info.cls.__module__ for info in plugins.all())):
            if opts.dashboard:
                from runner.dashboard import Dashboard

                with Dashboard(runtime, console, opts.display_interval) as dash:
                    run = dash.run()
                    code = asyncio.run(run if serve is None else serve(run))
            else:
                run = runtime.run()
                code = asyncio.run(run if serve is None else serve(run))
    except StartError as exc:
        fail(str(exc))
    runners = [s.runner for s in runtime.supervisor.slots.values()]
    for name, curve in runtime.session_curves().items():  # memory only keeps a tail
        if curve:
            runtime.supervisor.slots[name].runner.portfolio.equity_curve = curve
    result = collect(runners, EventLog(keep=False), 0)
    outages = runtime.supervisor.outages()
    rows = [(b.bot, {**b.metrics.to_dict(), **outages.get(b.bot, {})}) for b in result.bots]
    rows.append(("PORTFOLIO", result.portfolio.to_dict()))
    report = opts.log_dir / "report"
    summary = _summary_console(report) if child else console
    try:
        summary.print(f"stopped: {runtime.stop_reason or 'done'}")
        print_metrics(rows, summary, title="Session metrics")
        print_outages(summary, outages, runtime.supervisor.market_time)
        for path in write_report(report, result):
            summary.print(f"wrote {path}")
    finally:
        if summary is not console:
            summary.file.close()
    down = [s.name for s in runtime.supervisor.slots.values() if s.state == "down"]
    if down:
        console.print(f"[red]down:[/] {', '.join(down)} (see {opts.log_dir}/system.jsonl)")
    print_not_flat(console, runtime.not_flat, runtime.shutdown.unconfirmed, code)
    return code


def _summary_console(report: Path) -> Console:
    """A bot process's own table and report lines, kept in its report folder."""
    report.mkdir(parents=True, exist_ok=True)
    return Console(
        file=(report / "summary.txt").open("w"), width=150, highlight=False, color_system=None
    )


def print_outages(console: Console, outages: dict[str, dict[str, Any]], market: bool) -> None:
    """Under the table, in words: a bot's PnL covers only the time it was up."""
    from runner.reporting import duration

    clock = "market time" if market else "wall time"
    for bot, o in outages.items():
        end = " and was still down at the end" if o["state"] == "down" else ""
        console.print(
            f"[yellow]was down:[/] {bot} for {duration(o['down_s'])} of {clock}, "
            f"restarted {o['restarts']} time(s){end}; its PnL covers only the time it ran",
            soft_wrap=True,
        )


def print_not_flat(
    console: Console, not_flat: dict[str, dict[str, int]], unconfirmed: dict[str, str], code: int
) -> None:
    """The positions a shutdown left at the broker, last on screen, so nobody walks away
    from an open position believing the runner closed it."""
    for bot, left in not_flat.items():
        if left:
            held = " ".join(f"{s}:{q:+d}" for s, q in left.items())
            console.print(f"[red]not flat:[/] {bot} still holds {held}; close it by hand")
        why = unconfirmed.get(bot)
        if why:
            console.print(
                f"[red]not confirmed flat:[/] {bot}: the broker did not say what it holds "
                f"({escape(why)}); check the account by hand"
            )
    if not_flat:
        console.print(f"[red]exit code {code}:[/] the shutdown did not leave every bot flat")


def register(app: typer.Typer) -> None:
    app.command("start", cls=WebCommand)(start)
