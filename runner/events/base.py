"""What every event is: a frozen slots dataclass with a bot, a time and a log payload.

Field order is the order of the JSON log line's keys. A field declared with ``omitted()``
is left out of the line while it has its default, so an event that only sometimes knows
a symbol or a quantity writes the same line it always did. Where each kind goes is not
said here but in :mod:`runner.events.routes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

_OMIT = {"omit": True}


def omitted(default: Any = None) -> Any:
    """A field left out of the log line while it keeps its default."""
    return field(default=default, metadata=_OMIT)


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """What every event has: the bot it concerns ("" for the runner) and when."""

    kind: ClassVar[str] = ""
    bot: str
    ts: int
    """Nanoseconds since the epoch, UTC: data time in a replay, the run's clock live."""

    @property
    def name(self) -> str:
        """The name written as ``event`` in the logs (the kind, but for a Notice)."""
        return self.kind

    def payload(self) -> dict[str, Any]:
        """The event's own fields, in declaration order, omitted defaults left out."""
        out: dict[str, Any] = {}
        for key, omit, default in _layout(type(self)):
            value = getattr(self, key)
            if omit and value == default:
                continue
            out[key] = value
        return out


_LAYOUTS: dict[type[Event], tuple[tuple[str, bool, Any], ...]] = {}


def _layout(cls: type[Event]) -> tuple[tuple[str, bool, Any], ...]:
    """(name, omitted when default, default) of a class's own fields, worked out once."""
    found = _LAYOUTS.get(cls)
    if found is None:
        found = _LAYOUTS[cls] = tuple(
            (f.name, bool(f.metadata.get("omit")), f.default)
            for f in fields(cls)
            if f.name not in ("bot", "ts")
        )
    return found
