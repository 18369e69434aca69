"""JSON-lines event logs, one rotated file per category under --log-dir.

Categories let an operator tail just the orders, or just the connection trouble, and let
scripts parse everything; which file a kind goes to is the routing table's say
(:data:`runner.events.ROUTES`). Values that look like secrets never reach a file: every
line passes through a redactor that knows the resolved credentials of this run.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
from pathlib import Path

from runner.events import Category, Event, category, route_of
from runner.model import to_datetime

CATEGORIES = tuple(str(c) for c in Category)

__all__ = ["CATEGORIES", "EventFiles", "Redactor", "category", "encode"]


def encode(event: Event, redact: Redactor) -> str:
    """An event as one JSON line (time, event, bot, then its own fields), secrets redacted:
    the log files' encoding, and the web dashboard's."""
    record = {
        "time": to_datetime(event.ts).isoformat() if event.ts else None,
        "event": event.name,
        "bot": event.bot,
        **event.payload(),
    }
    return redact(json.dumps(record, default=str))


class Redactor:
    """Replaces known secret values in any text with ``**********``."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()

    def add(self, value: str) -> None:
        if value and len(value) >= 3:
            self._secrets.add(value)

    def __call__(self, text: str) -> str:
        for s in self._secrets:
            if s in text:
                text = text.replace(s, "**********")
        return text


class EventFiles:
    """Writers of ``<log_dir>/<category>.jsonl`` with size-based rotation."""

    def __init__(
        self,
        log_dir: Path,
        redact: Redactor | None = None,
        max_bytes: int = 20_000_000,
        backups: int = 5,
    ) -> None:
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir = log_dir
        self.redact = redact or Redactor()
        self._handlers: dict[str, logging.Handler] = {}
        for cat in CATEGORIES:
            h = logging.handlers.RotatingFileHandler(
                log_dir / f"{cat}.jsonl", maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
            )
            h.setFormatter(logging.Formatter("%(message)s"))
            self._handlers[cat] = h

    def __call__(self, event: Event) -> None:
        """One event, one line, in the file its route names."""
        line = encode(event, self.redact)
        handler = self._handlers[route_of(event).category]
        # handle(), not emit(): it takes the handler's lock, and plugins log from threads
        handler.handle(logging.makeLogRecord({"msg": line, "levelno": logging.INFO}))

    def close(self) -> None:
        for h in self._handlers.values():
            h.close()
