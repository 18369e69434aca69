"""What the operator commands (status, pause, resume, flatten) share: the options that say
which running runner to reach, and turning its answers into lines and exit codes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.markup import escape

from runner.commands.common import fail
from runner.web.access import VAR, WebError

if TYPE_CHECKING:
    from runner.web.client import RunnerClient

URL = typer.Option(
    None, "--url", help="The runner's web address (default: var/web.json, or $RUNNER_WEB_URL)."
)
VAR_DIR = typer.Option(VAR, "--var", help="The project's var/ folder (token and address).")
INSECURE = typer.Option(
    False, "--insecure", help="Do not check the runner's TLS certificate (a test setup)."
)


def client(url: str | None, var: Path, insecure: bool) -> RunnerClient:
    from runner.web.client import RunnerClient  # urllib's HTTP client and ssl: not for --help

    try:
        return RunnerClient(url, var, insecure)
    except WebError as exc:
        fail(str(exc))


def call(c: RunnerClient, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """The answer of a request; a runner that cannot be reached is a clean failure."""
    try:
        return c.get(path) if method == "GET" else c.post(path, body)
    except WebError as exc:
        fail(str(exc))


def report(answer: Any) -> None:
    """An action's outcome, as the runner journaled it; exit 1 when it did not happen."""
    body = answer.body
    result = str(body.get("result") or body.get("error") or body)
    bot = body.get("bot", "")
    what = "flatten all" if bot == "*" else f"{body.get('action', 'action')} {bot}"
    if answer.status == 200 and body.get("ok"):
        Console(highlight=False).print(f"{escape(what)}: {escape(result)}", soft_wrap=True)
        return
    fail(f"{what}: {result}")
