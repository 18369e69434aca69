"""What an edit of a bot file changes, and whether a running bot can take it live.

The parts a running bot is bound to (its name in the journal, its instruments, the feed
and broker connections it was wired to, paper or live, the bar size its feed builds, the
capital its books began with) cannot change under it: such an edit needs a restart. All
else (indicators, signals, filters, exits, sizing, risk limits, schedule, reconcile and
stop policies) is applied by building the bot anew around the state it has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runner.errors import ConfigError

if TYPE_CHECKING:
    from pathlib import Path

    from runner.config.project import LoadedBot, Project

RESTART_NEEDED = {
    "name": "the bot's name (its journal)",
    "mode": "paper or live",
    "instruments": "the instruments",
    "feed": "the feed connection",
    "broker": "the broker connection",
    "bar_size": "the bar size its feed builds",
    "capital": "the capital its books began with",
}


def changed_fields(old: LoadedBot, new: LoadedBot) -> list[str]:
    """The top-level keys of the bot file whose values differ (risk.allocation counts as
    capital: it sets the capital the books began with)."""
    a, b = _dump(old), _dump(new)
    out = [key for key in sorted(set(a) | set(b)) if a.get(key) != b.get(key)]
    if "risk" in out and a["risk"].get("allocation") != b["risk"].get("allocation"):
        out.append("capital")
    return out


def restart_reason(changed: list[str]) -> str:
    """Words for the changes a running bot cannot take ("" when it can take them all)."""
    fixed = [RESTART_NEEDED[k] for k in RESTART_NEEDED if k in changed]
    if not fixed:
        return ""
    return (
        f"{', '.join(fixed)} cannot change while the bot runs; restart the runner to "
        "apply this edit (the bot keeps running as it was)"
    )


def errors_of(project: Project, path: Path) -> list[ConfigError]:
    """The errors and start-stopping warnings located in one file, as validate lists them."""
    real = path.resolve()
    return [e for e in project.start_problems() if _same(e.file, real)]


def bot_at(project: Project, path: Path) -> LoadedBot | None:
    real = path.resolve()
    for bot in project.bots:
        if bot.path.resolve() == real:
            return bot
    return None


def _same(file: str, real: Path) -> bool:
    from pathlib import Path

    try:
        return Path(file).resolve() == real
    except OSError:
        return False


def _dump(loaded: LoadedBot) -> dict[str, Any]:
    return loaded.config.model_dump(mode="json")
