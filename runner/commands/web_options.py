"""``runner start --web``: its options checked before anything starts, and the run served.

Kept apart from :mod:`runner.commands.start` so that a start without ``--web`` imports
nothing of the web extra.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperCommand

from runner.commands.common import fail
from runner.web.access import (
    DEFAULT,
    TOKEN_ENV,
    WebError,
    WebSettings,
    parse_listen,
    resolve_tls,
    resolve_token,
)

if TYPE_CHECKING:
    from runner.runtime.runtime import Runtime

WEB = typer.Option(
    None,
    "--web",
    metavar="[HOST:PORT]",
    help=f"Serve the web dashboard and operator API (default {DEFAULT}; a token is needed).",
    show_default=False,
)
WEB_CERT = typer.Option(None, "--web-cert", help="TLS certificate (PEM) for --web: https.")
WEB_KEY = typer.Option(None, "--web-key", help="The TLS certificate's private key (PEM).")
WEB_NO_TOKEN = typer.Option(
    False, "--web-no-token", help="No token for --web (only on a loopback address)."
)


_LISTEN = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]*)(:\d+)?$")


class WebCommand(TyperCommand):
    """``runner start``, whose ``--web`` may come without its address: click has no option
    with an optional value, so a ``--web`` followed by nothing, by another option or by
    something that is not an address (a bot file or folder) gets the default address."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # click's (typer vendors it)
        return super().parse_args(ctx, with_web_default(args))


def with_web_default(args: list[str]) -> list[str]:
    out: list[str] = []
    for i, arg in enumerate(args):
        out.append(arg)
        if arg == "--":
            out.extend(args[i + 1 :])
            break
        if arg == "--web":
            nxt = args[i + 1] if i + 1 < len(args) else None
            if nxt is None or nxt.startswith("-") or not _LISTEN.match(nxt) or Path(nxt).exists():
                out.append(DEFAULT)
    return out


def web_settings(
    web: str | None, cert: Path | None, key: Path | None, no_token: bool, processes: bool
) -> WebSettings | None:
    """The checked settings, or None without --web; a clean exit 1 on a bad one."""
    if web is None:
        for option, given in (
            ("--web-cert", cert),
            ("--web-key", key),
            ("--web-no-token", no_token),
        ):
            if given:
                fail(f"{option} goes with --web")
        return None
    if processes:
        fail("--web serves the bots of one process: leave out --processes")
    missing = [m for m in ("starlette", "uvicorn") if importlib.util.find_spec(m) is None]
    if missing:
        fail(f"--web needs {' and '.join(missing)}: pip install -e '.[web]'")
    try:
        listen = parse_listen(web)
        tls = resolve_tls(cert, key)
        token = resolve_token(listen, no_token)
    except WebError as exc:
        fail(str(exc))
    return WebSettings(listen, token, tls)


Serve = Callable[[Coroutine[Any, Any, int]], Coroutine[Any, Any, int]]


def serve_web(runtime: Runtime, settings: WebSettings, console: Console) -> Serve:
    """Binds the address now (in use: a clean exit 1) and says where the page is; the
    returned wrapper serves the page while the run it is given goes on."""
    from runner.runtime.operator import Operator
    from runner.web.server import WebServer

    operator = Operator(runtime)
    try:
        server = WebServer(operator, settings)
    except WebError as exc:
        fail(str(exc))
    token = settings.token
    console.print(f"[bold]web[/] dashboard at {escape(server.url)}/", soft_wrap=True)
    if token.source == "new":  # printed this once; afterwards it is only in the file
        console.print(
            f"[bold]web token[/] (shown once, kept in {token.path}): {token.value}",
            soft_wrap=True,
            markup=True,
            highlight=False,
        )
    elif token.source == "file":
        console.print(f"[dim]web token in {token.path}[/]")
    elif token.source == "env":
        console.print(f"[dim]web token from ${TOKEN_ENV}[/]")
    else:
        console.print("[yellow]web: no token[/] (loopback only)")
    if not settings.listen.loopback and settings.tls is None:
        console.print(
            "[yellow]warning:[/] --web listens beyond this machine without TLS: the token "
            "crosses the network in clear (give --web-cert and --web-key)"
        )
    if operator.paused:
        console.print(
            f"[yellow]paused[/] by an operator before this start (the journal says so; "
            f"'runner resume BOT' lets one trade): {', '.join(sorted(operator.paused))}",
            soft_wrap=True,
        )
    return server.serve_while
