"""Events whose name only arrives at run time: a plugin's ``ctx.log``, a feed's ``Timer``.

The core builds every event it emits from its class. Two sources cannot: a plugin, which
imports ``runner.api`` only and says ``ctx.log("signal_conflict", signal=..., reason=...)``,
and a feed, whose :class:`~runner.model.Timer` carries a name and a payload through the
market loop. Their words are turned into events here, and a slip of theirs must never stop
a run: a name no class declares is a :class:`Notice`, and so is a known name with fields
its class does not have, the notice then saying what did not fit (``problem``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from runner.events.base import Event
from runner.events.routes import BY_KIND
from runner.events.system import Notice


def as_event(name: str, bot: str, ts: int, fields: Mapping[str, Any]) -> Event:
    """The typed event of a name and its fields; a :class:`Notice` when they fit no class."""
    values = dict(fields)
    cls = BY_KIND.get(name)
    if cls is None:
        return Notice(bot=bot, ts=ts, notice=name, data=values)
    try:
        return cls(bot=bot, ts=ts, **values)
    except TypeError as exc:  # a misspelt, missing or positional field
        problem = f"fields do not fit {cls.__name__}: {_reason(exc)}"
        return Notice(bot=bot, ts=ts, notice=name, data=values, problem=problem)


def _reason(exc: TypeError) -> str:
    """The constructor's complaint without the class's name in front (said already)."""
    text = str(exc)
    _, sep, rest = text.partition("() ")
    return rest if sep else text
