"""``runner flatten BOT`` / ``runner flatten --all``: close positions of a running runner.

Working orders are cancelled, positions closed at market, and the bot is paused so it does
not enter again on its next signal (``runner resume BOT`` lets it trade). ``--all`` is the
kill switch: the runner arms it and names what every bot holds; it acts once confirmed
(typed ``yes``, or ``--yes``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote

import typer
from rich.console import Console

from runner.commands.common import fail
from runner.commands.remote import INSECURE, URL, VAR_DIR, call, client, report


def flatten(
    bot: str | None = typer.Argument(
        None, help="The bot to flatten (or --all).", show_default=False
    ),
    everything: bool = typer.Option(False, "--all", help="Every bot: the kill switch."),
    yes: bool = typer.Option(False, "--yes", help="Confirm --all without asking."),
    url: str | None = URL,
    var: Path = VAR_DIR,
    insecure: bool = INSECURE,
) -> None:
    """Flatten one running bot, or every bot with --all; the bots are left paused."""
    if (bot is None) == (not everything):
        fail("name one bot, or give --all to flatten every bot")
    c = client(url, var, insecure)
    if bot is not None:
        report(call(c, "POST", f"/api/bots/{quote(bot, safe='')}/flatten"))
        return
    armed = call(c, "POST", "/api/flatten-all", {})
    code = armed.body.get("confirm")
    if armed.status != 409 or not code:
        fail(f"the runner did not arm the kill switch: {armed.body.get('error', armed.body)}")
    held = armed.body.get("positions", {})
    console = Console(highlight=False)
    what = "; ".join(
        f"{b} " + " ".join(f"{s}:{q:+d}" for s, q in pos.items()) for b, pos in held.items()
    )
    console.print(f"flatten every bot and pause them all? holding now: {what or 'nothing'}")
    if not yes:
        if not sys.stdin.isatty():
            fail("not confirmed: give --yes to flatten every bot without a terminal")
        answer = typer.prompt("type yes to confirm", default="", show_default=False)
        if answer.strip().lower() != "yes":
            fail("not confirmed; nothing was done")
    report(call(c, "POST", "/api/flatten-all", {"confirm": code}))


def register(app: typer.Typer) -> None:
    app.command("flatten")(flatten)
