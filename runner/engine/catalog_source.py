"""Backtests from the local catalog: which bots read it, and the rolls of their roots.

A bot reads the catalog when the command line names no ``--data`` folder, its feed names
no files of its own, and the catalog holds every instrument it reads (a contract, or
contracts of its root). Its roots are replayed contract by contract, each in its
stretch as front month by the bot's roll rule, and the bot is moved across each roll by
:mod:`runner.engine.rolling`.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner.api.base import PluginKind
from runner.catalog.continuous import RollSegment, contracts_held, roll_segments
from runner.catalog.continuous import plan as continuous_plan
from runner.catalog.store import Catalog
from runner.config.bot import RollRule
from runner.engine.rolling import RollPoint
from runner.errors import RunnerError
from runner.model import Bar, Trade

if TYPE_CHECKING:
    from runner.api import Feed
    from runner.config.project import LoadedBot

BAR = "1m"
"""The catalog's bars a bot reads unless it needs shorter ones."""
SECOND = "1s"
_UNITS = {"s": 1, "m": 60, "h": 3600}


class RollSetupError(RunnerError, ValueError):
    """Bots of one backtest read one root with different roll rules."""


def catalog_source(
    bot: LoadedBot, registry: Any, catalog: Path | None, data: Path | None
) -> tuple[type[Feed[Any]], dict[str, Any]] | None:
    """The catalog feed and its settings when the bot reads the catalog, else None."""
    if catalog is None or data is not None or not catalog.is_dir():
        return None
    if "data" in bot.feed.params.model_fields_set:
        return None  # the bot names its own files
    info = registry.get(PluginKind.FEED, "catalog")
    if info is None:
        return None
    store = Catalog(catalog)
    for bar in bar_choices(bot.config.bar_seconds):
        if all(_held(store, ic.symbol, ic.root, bar) for ic in bot.config.instruments.values()):
            return info.cls, {"catalog": str(catalog), "bar": bar}
    return None


def bar_choices(bar_seconds: int) -> tuple[str, ...]:
    """The catalog's bars a bot of ``bar_seconds`` can be built from, best first: minute
    bars for a bot of whole minutes (as always), second bars for a shorter one."""
    return (BAR, SECOND) if bar_seconds % 60 == 0 else (SECOND,)


def _held(store: Catalog, symbol: str | None, root: str | None, bar: str) -> bool:
    if symbol is not None and store.held_days(symbol, bar):
        return True
    return root is not None and bool(contracts_held(store, root, bar))


def feed_bar(feed: Any) -> str:
    """The catalog bars a catalog feed replays (its ``bar`` setting)."""
    return str(getattr(getattr(feed, "params", None), "bar", BAR))


def bar_seconds_of(bar: str) -> int | None:
    """``1s`` -> 1, ``1m`` -> 60; None for trades and tick bars."""
    unit = _UNITS.get(bar[-1:])
    return int(bar[:-1]) * unit if unit is not None and bar[:-1].isdigit() else None


@dataclass
class RollPlan:
    """The contracts each root of a group of bots trades over the window, in order."""

    segments: dict[str, list[RollSegment]] = field(default_factory=dict)
    modes: dict[tuple[str, str], str] = field(default_factory=dict)
    steps: dict[tuple[str, str], dict[str, float]] = field(default_factory=dict)
    """(bot, instrument key) of each instrument whose indicators read the back-adjusted
    series -> the price step into each new contract (``runner data continuous``'s)."""

    @property
    def points(self) -> list[RollPoint]:
        return [
            RollPoint(root, a.symbol, b.symbol)
            for root, segs in self.segments.items()
            for a, b in zip(segs, segs[1:], strict=False)
        ]


def plan_rolls(
    bots: list[LoadedBot], catalog: Catalog, first: date, last: date | None, bar: str = BAR
) -> RollPlan:
    plan = RollPlan()
    rules: dict[str, tuple[RollRule, str]] = {}
    for bot in bots:
        for key, ic in bot.config.instruments.items():
            if ic.root is None:
                continue
            rule = ic.roll or RollRule()
            plan.modes[(bot.config.name, key)] = rule.positions
            if rule.adjusted:
                measured = continuous_plan(
                    catalog, ic.root, bar, rule.basis, rule.days_before, first, last
                )
                plan.steps[(bot.config.name, key)] = {
                    r.to_symbol: r.difference for r in measured.rolls
                }
            seen = rules.get(ic.root)
            if seen is not None:
                if (seen[0].basis, seen[0].days_before) != (rule.basis, rule.days_before):
                    raise RollSetupError(
                        f"bots {seen[1]} and {bot.config.name} roll {ic.root} by different "
                        "rules; a backtest replays one front month per root: backtest them apart"
                    )
                continue
            rules[ic.root] = (rule, bot.config.name)
            end = last or _last_held(catalog, ic.root, bar)
            if end < first:
                end = first
            plan.segments[ic.root] = roll_segments(
                ic.root, first, end, rule.basis, rule.days_before
            )
    return plan


def _last_held(catalog: Catalog, root: str, bar: str) -> date:
    return max(max(catalog.held_days(s, bar)) for s in contracts_held(catalog, root, bar))


def rolled_stream(
    feed: Feed[Any],
    symbols: list[str],
    plan: RollPlan,
    window: tuple[int | None, int | None],
    initial: dict[str, str],
) -> Iterator[Bar | Trade]:
    """The group's history: each root's contracts in their stretches, other symbols whole.

    ``initial`` maps each root to the contract its bots start in (left out of ``symbols``).
    """
    starting = set(initial.values())
    parts = [iter(feed.replay([s], *window)) for s in symbols if s not in starting]
    for segs in plan.segments.values():
        for seg in segs:
            lo = _later(window[0], seg.start)
            hi = _earlier(window[1], seg.end)
            if lo is None or hi is None or lo < hi:
                parts.append(iter(feed.replay([seg.symbol], lo, hi)))
    return heapq.merge(*parts, key=_order_key)


def _order_key(event: Bar | Trade) -> tuple[int, str]:
    return (event.end if isinstance(event, Bar) else event.ts, event.symbol)


def _later(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _earlier(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)
