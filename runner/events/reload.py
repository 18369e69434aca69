"""Events of hot reload: an edited, added or deleted bot file while the runner runs."""

from __future__ import annotations

from dataclasses import dataclass

from runner.events.base import Event, omitted


@dataclass(frozen=True, slots=True, kw_only=True)
class BotReloaded(Event):
    """The bot runs from its edited file now; ``position`` is what it held at the swap."""

    kind = "bot_reloaded"
    file: str
    when: str  # flat | keep
    changed: list[str]
    position: dict[str, int]
    working_orders: int


@dataclass(frozen=True, slots=True, kw_only=True)
class BotReloadPending(Event):
    """A valid edit waits for the bot to be flat with no working order; entries are held."""

    kind = "bot_reload_pending"
    file: str
    changed: list[str]
    position: dict[str, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class BotReloadRejected(Event):
    """An edit that was not applied: the bot (if any) runs on unchanged."""

    kind = "bot_reload_rejected"
    file: str
    line: int | None
    error: str
    restart_needed: bool = omitted(False)


@dataclass(frozen=True, slots=True, kw_only=True)
class BotAdded(Event):
    kind = "bot_added"
    file: str


@dataclass(frozen=True, slots=True, kw_only=True)
class BotRemoved(Event):
    """The bot's file was deleted: stopped as a shutdown stops it. ``positions`` are those
    still open (empty: flat): kept on purpose (``on_stop: keep``), or not closed in time."""

    kind = "bot_removed"
    file: str
    on_stop: str
    positions: dict[str, int]
