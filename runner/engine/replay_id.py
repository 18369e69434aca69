"""What a backtest of one bot depends on, as a fingerprint: equal fingerprints, equal runs.

A result computed once (a sweep's best trial) can stand in for a backtest later only if
nothing it rests on has changed: the bot's settings, the contracts and schedule it was
resolved with, the history the feed replays (its data by content, not by path) and the
window. Each part is kept apart so that a caller can say which one differs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner.engine.backtest import FeedOverrides, backtest_feeds, first_date
from runner.engine.factory import resolve_instruments

if TYPE_CHECKING:
    from runner.config.botcheck import LoadedBot

PARTS = ("window", "data", "bot", "schedule", "contracts")
"""The parts of a fingerprint, in the order a difference is told."""


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return repr(value)


def replay_id(
    bot: LoadedBot,
    registry: Any,
    *,
    data: Path | None = None,
    start: date | None = None,
    end: date | None = None,
    catalog: Path | None = None,
    schedules: dict[str, Any] | None = None,
) -> dict[str, str]:
    """``{part: digest}`` for ``bot`` backtested with these command-line settings, as
    :func:`runner.engine.backtest.run_backtest` would resolve them. The bot's name is left
    out: a copy under another name trades the same.

    Raises what ``run_backtest`` raises for a feed it cannot set up or data it cannot read.
    """
    overrides = FeedOverrides(data, start, end, catalog=catalog)
    (group,) = backtest_feeds([bot], registry, overrides)
    feed = group.feed
    on = group.start or first_date(feed, [bot])
    instruments = resolve_instruments(bot.config, on)
    symbols = sorted({i.symbol for i in instruments.values()})
    try:
        source: Any = feed.source_id(symbols)
    except NotImplementedError:  # a feed that cannot name its data: its settings, then
        source = feed.params.model_dump(mode="json")
    schedule = (schedules or {}).get(bot.config.schedule or "")
    return {
        "bot": _digest(bot.config.model_dump(mode="json", exclude={"name"})),
        "contracts": _digest({k: [i.symbol, _plain(i.contract)] for k, i in instruments.items()}),
        "schedule": _digest(None if schedule is None else schedule.model_dump(mode="json")),
        "data": _digest([feed.name, source]),
        "window": _digest([group.start_ns, group.end_ns]),
    }
