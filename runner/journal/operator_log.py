"""The journal's record of what operators did to a running runner.

Every pause, resume, flatten and kill switch is written here before it is answered, with
who asked, through what (the web page, the command line), from which address, and what
came of it: an operator who closed a position by hand must be findable afterwards, and a
restarted runner reads back which bots an operator left paused.
"""

from __future__ import annotations

from dataclasses import dataclass

from runner.journal.store import Journal

ALL = "*"
"""The ``bot`` of an action on every bot at once (the kill switch)."""


@dataclass(frozen=True, slots=True)
class OperatorEntry:
    ts: int
    who: str
    via: str
    origin: str
    action: str
    bot: str
    result: str
    ok: bool
    run: int


def record(journal: Journal, entry: OperatorEntry) -> None:
    with journal.locked() as db:
        db.execute(
            "INSERT INTO operator_actions (ts, who, via, origin, action, bot, result, ok, run)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (
                entry.ts,
                entry.who,
                entry.via,
                entry.origin,
                entry.action,
                entry.bot,
                entry.result,
                int(entry.ok),
                entry.run,
            ),
        )


def entries(journal: Journal, limit: int = 200) -> list[OperatorEntry]:
    """The latest ``limit`` actions, oldest first."""
    with journal.locked() as db:
        rows = db.execute(
            "SELECT ts, who, via, origin, action, bot, result, ok, run FROM operator_actions"
            " ORDER BY rowid DESC LIMIT ?",
            (limit,),
        ).fetchall()
    return [
        OperatorEntry(ts, who, via, origin, action, bot, result, bool(ok), run)
        for ts, who, via, origin, action, bot, result, ok, run in reversed(rows)
    ]


def paused_bots(journal: Journal, bots: list[str]) -> set[str]:
    """Which of ``bots`` an operator left paused: a flatten or the kill switch pauses too,
    a resume ends it. Read at start so a restart does not quietly trade again."""
    with journal.locked() as db:
        rows = db.execute(
            "SELECT action, bot FROM operator_actions WHERE ok = 1 ORDER BY rowid"
        ).fetchall()
    paused: set[str] = set()
    for action, bot in rows:
        targets = set(bots) if bot == ALL else {bot}
        if action in ("pause", "flatten", "flatten_all"):
            paused |= targets
        elif action == "resume":
            paused -= targets
    return paused & set(bots)
