"""``runner pause BOT`` / ``runner resume BOT``: stop or allow a running bot's entries.

A paused bot keeps its position, its stops and targets and its exits; it only opens no new
trade. The runner journals who paused it and keeps it paused across a restart.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import typer

from runner.commands.remote import INSECURE, URL, VAR_DIR, call, client, report

BOT = typer.Argument(..., help="The bot's name (its file's name:).", show_default=False)


def pause(
    bot: str = BOT, url: str | None = URL, var: Path = VAR_DIR, insecure: bool = INSECURE
) -> None:
    """Pause a running bot's entries (its exits and protective orders still work)."""
    report(call(client(url, var, insecure), "POST", f"/api/bots/{quote(bot, safe='')}/pause"))


def resume(
    bot: str = BOT, url: str | None = URL, var: Path = VAR_DIR, insecure: bool = INSECURE
) -> None:
    """Let a paused (or flattened) bot open trades again."""
    report(call(client(url, var, insecure), "POST", f"/api/bots/{quote(bot, safe='')}/resume"))


def register(app: typer.Typer) -> None:
    app.command("pause")(pause)
    app.command("resume")(resume)
