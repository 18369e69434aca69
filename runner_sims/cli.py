"""``runner sim ...``: local protocol servers (R|Protocol, TWS API) for tests and demos."""

from __future__ import annotations

from pathlib import Path

import typer

from runner.api import hookimpl
from runner.api.registry import install_hint

sim = typer.Typer(
    help="Run a local protocol server that speaks a broker's API.", no_args_is_help=True
)


def _missing(extra: str, exc: ImportError) -> None:
    typer.echo(
        f"error: this server needs the {extra!r} extra: {install_hint(extra)} ({exc})",
        err=True,
    )
    raise typer.Exit(1)


@hookimpl
def register_commands(cli: typer.Typer) -> None:
    cli.add_typer(sim, name="sim")


@sim.command("rithmic")
def sim_rithmic(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(0, help="Port (0 picks a free one)."),
    data: Path | None = typer.Option(None, help="Directory of bar files (default: bundled)."),
    symbols: str = typer.Option(
        "", help="Product roots to serve, comma separated (default: every bundled product)."
    ),
    speed: float = typer.Option(
        1.0, help="The server clock runs this many times faster than the wall clock."
    ),
    cert_dir: Path | None = typer.Option(None, help="Where to write ca.pem and the server cert."),
    heartbeat: float = typer.Option(30.0, help="Heartbeat interval announced at login (s)."),
    rate: float = typer.Option(20.0, help="Trades per second per product (0: flat out)."),
    user: str | None = typer.Option(None, help="Only accept this user (default: anyone)."),
    password: str | None = typer.Option(None, help="Password for --user."),
    drop_every: float = typer.Option(0.0, help="Fault: drop connections every N seconds."),
    drop_plants: str = typer.Option("ticker,order", help="Plants that --drop-every drops."),
    delay_ms: float = typer.Option(0.0, help="Fault: delay every response by N ms."),
    reject_orders: int = typer.Option(0, help="Fault: reject the next N new orders."),
    malformed_every: float = typer.Option(0.0, help="Fault: send malformed frames every N s."),
    unknown_every: float = typer.Option(0.0, help="Fault: send unknown template ids every N s."),
    forced_logout_after: float = typer.Option(0.0, help="Fault: forced logout after N s."),
    restart_every: float = typer.Option(
        0.0, help="Fault: restart the gateway every N s (the account and its ids are kept)."
    ),
    restart_down: float = typer.Option(
        1.0, help="How long each restart keeps the gateway down (s)."
    ),
    restart_wipe: bool = typer.Option(
        False, help="Fault: each --restart-every restart loses the account and its ids."
    ),
    state: Path | None = typer.Option(
        None, help="Keep the account (positions, orders, fills, ids) in this file across runs."
    ),
    start: str | None = typer.Option(
        None, help="Server clock starts at this ISO date-time (UTC unless a zone is given)."
    ),
) -> None:
    """Local R|Protocol server over TLS; prints "URI CA_FILE" as its first line."""
    options = dict(locals())
    try:
        from runner_sims.rithmic.simcli import SimOptions, main
    except ImportError as exc:
        _missing("rithmic", exc)

    main(SimOptions(**options))


@sim.command("ib")
def sim_ib(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(0, help="Port (0 picks a free one)."),
    data: Path | None = typer.Option(None, help="Directory of bar files (default: bundled)."),
    symbols: str = typer.Option(
        "", help="Product roots to replay, comma separated (default: every product with bar data)."
    ),
    speed: float = typer.Option(
        1.0, help="Replay speed (60: one minute bar per second; 0: no replay)."
    ),
    accounts: str = typer.Option("DU1234567", help="Managed accounts, comma separated."),
    drop_every: float = typer.Option(0.0, help="Fault: drop client sockets every N seconds."),
    link_flap_every: float = typer.Option(0.0, help="Fault: send 1100 then 1102 every N s."),
    flap_loses_data: bool = typer.Option(
        False, help="With --link-flap-every: restore with 1101 (subscriptions lost)."
    ),
    reject_orders: int = typer.Option(0, help="Fault: reject the next N orders (error 201)."),
    start: str | None = typer.Option(
        None, help="Server clock starts at this ISO date-time (UTC unless a zone is given)."
    ),
    state: Path | None = typer.Option(
        None,
        help="Keep the account (positions, orders, executions, id counters) in this file "
        "across restarts: read at start, written after every change.",
    ),
) -> None:
    """Local TWS API server (the protocol ib_async and ib_insync speak); prints "HOST:PORT"
    first."""
    options = dict(locals())
    try:
        from runner_sims.ib.simcli import SimOptions, main
    except ImportError as exc:
        _missing("ib", exc)

    main(SimOptions(**options))
