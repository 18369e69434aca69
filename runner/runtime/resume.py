"""A crashed paper replay goes on where it stood, or refuses to and says why.

The journal keeps, per bot, which data its replay read (the feed's fingerprint of the
files) and how far it got (a mark the heartbeat moves, and the market time of every order,
update and fill journaled since the replay began). After a crash each bot resumes from
the latest of those times: the replay delivers the bars before it at once, as warm-up
only (no fill, no decision: see ``BotRunner.resume_at``), then goes on at its pace. The
working orders the journal holds rest from the resume point, not from the week's first
bar. Other data than the crashed run's, or a journal that cannot say how far the replay
got, is refused before anything connects: resuming would trade a different history, or
the same history twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner.errors import RunnerError
from runner.events import Listener, Resumed
from runner.journal.store import Journal
from runner.model import to_datetime
from runner.runtime.options import StartError

if TYPE_CHECKING:
    from runner.api import Feed
    from runner.engine.bot import BotRunner
    from runner.runtime.market import MarketLoop
    from runner.runtime.supervision import Supervisor


def _when(ts: int) -> str:
    return to_datetime(ts).strftime("%Y-%m-%dT%H:%M:%SZ")


def _changed(old: str, new: str) -> str:
    """What differs between two data fingerprints, in words."""
    try:
        a, b = json.loads(old), json.loads(new)
    except ValueError:
        return "its data is not the data the crashed run replayed"
    parts = []
    files_a, files_b = a.get("files", {}), b.get("files", {})
    for symbol in sorted(set(files_a) | set(files_b)):
        fa, fb = files_a.get(symbol), files_b.get(symbol)
        if fa == fb:
            continue
        if fa is None or fb is None:
            parts.append(f"{symbol} {'added' if fa is None else 'no longer read'}")
        else:
            parts.append(f"{symbol} ({fb.get('file')}) changed since the crashed run")
    for key in sorted((set(a) | set(b)) - {"files"}):
        if a.get(key) != b.get(key):
            parts.append(f"{key} was {a.get(key)!r}, is {b.get(key)!r}")
    return "; ".join(parts) or "its data is not the data the crashed run replayed"


class ReplayResume:
    """Where each bot of a resumable replay begins, decided before anything connects."""

    def __init__(self, journal: Journal, market: MarketLoop, emit: Listener, log_dir: Path) -> None:
        self.journal = journal
        self.market = market
        self.emit = emit
        self.log_dir = log_dir
        self.points: dict[str, int] = {}  # bot: market time it resumes after

    def prepare(self, feeds: Iterable[tuple[Feed, list[BotRunner]]], crashed: bool) -> None:
        """Reads the marks, refuses what cannot resume (``StartError``), sets each bot's
        ``resume_at`` and each feed's start; a new session's marks start at 0."""
        plans = []
        for feed, runners in feeds:
            if feed.capabilities.resumes and runners:
                plans.append(self._plan(feed, runners, crashed))  # all refusals first
        for feed, runners, sources, points in plans:
            self._apply(feed, runners, sources, points, crashed)

    def _plan(
        self, feed: Feed, runners: list[BotRunner], crashed: bool
    ) -> tuple[Feed, list[BotRunner], dict[str, str], dict[str, int]]:
        sources: dict[str, str] = {}
        points: dict[str, int] = {}
        for runner in runners:
            name = runner.name
            try:
                source = sources[name] = feed.source_id(sorted(runner.by_symbol))
            except RunnerError as exc:
                raise StartError(f"feed {feed.name}: {exc}") from None
            if not crashed:
                continue
            mark = self.journal.replay_mark(name)
            acted = self.journal.last_market_time(name, mark.base_seq if mark else 0)
            if mark is None:  # a bot new to this journal, or a journal of an older release
                if acted:
                    after = self._first(feed, runner, acted)
                    if after is None:
                        raise StartError(
                            f"bot {name}: cannot resume the replay: the journal in "
                            f"{self.log_dir} is newer than the data (its last market time "
                            f"{_when(acted)} is past the data's last bar); resuming would "
                            "trade nothing it has not traded, or history again; start with "
                            "another --log-dir, or replay the data the journal was written on"
                        )
                    first = self._first(feed, runner, None)
                    if first is not None and acted >= first:  # inside the data: go on from it
                        points[name] = acted
                continue
            if mark.source != source:
                raise StartError(
                    f"bot {name}: cannot resume the replay of the crashed run in "
                    f"{self.log_dir}: {_changed(mark.source, source)}; resuming would trade "
                    "another history than the one journaled; put the data back, or start "
                    "with another --log-dir"
                )
            points[name] = max(mark.ts, acted)
        return feed, runners, sources, points

    def _apply(
        self,
        feed: Feed,
        runners: list[BotRunner],
        sources: dict[str, str],
        points: dict[str, int],
        crashed: bool,
    ) -> None:
        start = min((t for t in points.values() if t), default=0)
        for runner in runners:
            name = runner.name
            if not crashed:
                self.journal.replay_began(name, sources[name], self._last_seq(name))
                continue
            if name in points:
                runner.resume_at = points[name]
            else:  # new to this journal: warm on what the others traded, then trade on
                runner.resume_at = start
                self.journal.replay_began(name, sources[name], self._last_seq(name), start)
            if runner.resume_at:
                self.points[name] = runner.resume_at
        if not start:
            return
        feed.start_at(start)
        if not self.market.data_now or start < self.market.data_now:
            self.market.data_now = start  # recovery's "now" is where the market stands
        self.emit(
            Resumed(
                bot="",
                ts=start,
                feed=feed.name,
                bots={r.name: _when(r.resume_at) for r in runners if r.resume_at},
                reason="after a crash, from the journal's last market time; "
                "the bars before it only warm up the indicators",
            )
        )

    @staticmethod
    def _first(feed: Feed, runner: BotRunner, after: int | None) -> int | None:
        """The start of the bot's first bar at or after ``after`` in the feed's data."""
        try:
            for bar in feed.replay(sorted(runner.by_symbol), after, None):
                return bar.ts
        except RunnerError as exc:
            raise StartError(f"feed {feed.name}: {exc}") from None
        return None

    def _last_seq(self, bot: str) -> int:
        return self.journal.bot(bot).last_seq

    def reached(self, supervisor: Supervisor) -> None:
        """Every bot's mark moves to the last bar it took (called at each heartbeat)."""
        marks: dict[str, int] = {}
        for slot in supervisor.slots.values():
            bar = slot.runner.ctx.primary.bar
            if bar is not None and not slot.runner.failed:
                marks[slot.name] = bar.end
        self.journal.replay_reached(marks)


def listener(resume: ReplayResume, supervisor: Supervisor) -> Any:
    """A heartbeat status listener that moves the replay marks."""
    return lambda _statuses: resume.reached(supervisor)
